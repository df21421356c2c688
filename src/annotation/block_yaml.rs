//! A fast reader for the plain block style that annotation and prediction
//! files are written in: one `key: value` per line, `- ` items under
//! `facts:`, comments, plain or quoted one-line scalars, `span: [s, e]`.
//!
//! The full YAML parser spends about 500 instructions per byte on these
//! files, which made loading them most of `report`'s time (issue 6). This
//! reader is a fast path only: it answers `None` for anything outside the
//! subset or in any doubt (tags, anchors, flow maps, multi-line scalars,
//! `~`, numbers in unusual spellings, duplicate or missing keys...), and the
//! caller then parses with serde-saphyr, which also writes every error.
//! **Invariant:** whenever it answers `Some`, the value is the one
//! serde-saphyr gives for the same text (checked by the tests below).

use crate::model::{
    AnnotationFile, Approx, Category, DocumentFields, Fact, FactField, Metric, Number, Status,
};
use crate::model::{DOCUMENT_KEYS, FACT_KEYS, TOP_KEYS};

/// The file, when it lies within the subset this reader knows.
pub fn read(yaml: &str) -> Option<AnnotationFile> {
    if has_unusual_char(yaml.as_bytes()) {
        return None;
    }
    let mut reader = Reader::default();
    for line in yaml.split('\n') {
        // A lone carriage return is a line break to YAML: fall back.
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.contains('\r') {
            return None;
        }
        reader.line(line)?;
    }
    reader.finish()
}

/// Characters the full parser treats specially or rejects: control
/// characters (tabs included; C1 is `C2 80..9F` in UTF-8), byte-order marks
/// and non-characters (`EF BB BF`, `EF BF BE/BF`), Unicode line breaks
/// (`E2 80 A8/A9`). Checked on bytes, the control bytes without early exit
/// so the loop vectorises: decoding chars cost more than the whole reader.
fn has_unusual_char(b: &[u8]) -> bool {
    let control = b.iter().fold(false, |found, &c| {
        found | (c < 0x20 && c != b'\n' && c != b'\r') | (c == 0x7f)
    });
    control || memchr::memchr3_iter(0xc2, 0xe2, 0xef, b).any(|i| unusual_sequence(&b[i..]))
}

/// Whether the UTF-8 sequence starting `b` is one of the multi-byte
/// characters of `has_unusual_char`.
fn unusual_sequence(b: &[u8]) -> bool {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    match b[0] {
        0xc2 => matches!(at(1), 0x80..=0x9f),
        0xe2 => at(1) == 0x80 && matches!(at(2), 0xa8 | 0xa9),
        _ => matches!((at(1), at(2)), (0xbb, 0xbf) | (0xbf, 0xbe | 0xbf)),
    }
}

/// Which block the next indented line belongs to.
#[derive(Clone, Copy, Default)]
enum Block {
    #[default]
    Top,
    /// Inside `document:`; the indent of its keys once known.
    Document(Option<usize>),
    /// Inside `facts:`; the indent of the `- ` items and the column of the
    /// current item's keys, once known.
    Facts(Option<(usize, usize)>),
}

/// The bits (by position in [`FACT_KEYS`]) of the fact keys every fact
/// must give.
const REQUIRED_FACT_KEYS: u16 = {
    let mut bits = 0;
    let mut i = 0;
    while i < FactField::ALL.len() {
        if FactField::ALL[i].required() {
            bits |= 1 << i;
        }
        i += 1;
    }
    bits
};

#[derive(Default)]
struct Reader {
    file: AnnotationFile,
    block: Block,
    /// Keys already given, one bit per key of the lists above: a duplicate
    /// falls back (the full parser rejects it).
    top_keys: u16,
    document_keys: u16,
    fact_keys: u16,
}

impl Reader {
    fn line(&mut self, line: &str) -> Option<()> {
        let rest = line.trim_start_matches(' ');
        if rest.is_empty() || rest.starts_with('#') {
            return Some(());
        }
        let indent = line.len() - rest.len();
        if indent == 0 && !rest.starts_with('-') {
            return self.top(rest);
        }
        match self.block {
            Block::Top => None,
            Block::Document(known) if known.is_none_or(|k| k == indent) && indent > 0 => {
                self.block = Block::Document(Some(indent));
                let (key, value) = entry(rest)?;
                let key = mark(&mut self.document_keys, DOCUMENT_KEYS, key)?;
                document_field(&mut self.file.document, key, value)
            }
            Block::Document(_) => None,
            Block::Facts(known) => self.fact_line(known, indent, rest),
        }
    }

    /// A top-level `key: value` line.
    fn top(&mut self, rest: &str) -> Option<()> {
        self.close_block()?;
        let (key, value) = entry(rest)?;
        match (mark(&mut self.top_keys, TOP_KEYS, key)?, value) {
            ("status", Value::Plain(v)) => self.file.status = Some(Status::from_label(v)?),
            ("document", Value::Empty) => self.block = Block::Document(None),
            ("facts", Value::Empty) => self.block = Block::Facts(None),
            ("facts", Value::Plain("[]")) => {}
            _ => return None,
        }
        Some(())
    }

    /// A line inside `facts:`: a new `- key: value` item or the next key of
    /// the current item.
    fn fact_line(
        &mut self,
        known: Option<(usize, usize)>,
        indent: usize,
        rest: &str,
    ) -> Option<()> {
        if let Some(item) = rest.strip_prefix("- ") {
            if known.is_some_and(|(dash, _)| dash != indent) {
                return None;
            }
            self.close_fact()?;
            let text = item.trim_start_matches(' ');
            self.block = Block::Facts(Some((indent, indent + rest.len() - text.len())));
            self.file.facts.push(empty_fact());
            return self.fact_field(text);
        }
        match known {
            Some((_, column)) if column == indent => self.fact_field(rest),
            _ => None,
        }
    }

    fn fact_field(&mut self, text: &str) -> Option<()> {
        let (key, value) = entry(text)?;
        let key = mark(&mut self.fact_keys, FACT_KEYS, key)?;
        fact_field(self.file.facts.last_mut()?, key, value)
    }

    /// Leaving a block: an empty one would be null, which falls back.
    fn close_block(&mut self) -> Option<()> {
        match std::mem::take(&mut self.block) {
            Block::Top => Some(()),
            Block::Document(known) => known.map(|_| ()),
            Block::Facts(known) => known.and_then(|_| self.close_fact()),
        }
    }

    /// The current fact, if any, must have every required key.
    fn close_fact(&mut self) -> Option<()> {
        let keys = std::mem::take(&mut self.fact_keys);
        (self.file.facts.is_empty() || keys & REQUIRED_FACT_KEYS == REQUIRED_FACT_KEYS)
            .then_some(())
    }

    fn finish(mut self) -> Option<AnnotationFile> {
        self.close_block()?;
        (self.top_keys != 0).then_some(self.file)
    }
}

/// Records `key` as given; `None` when it is unknown or was given before.
fn mark<'k>(seen: &mut u16, keys: &[&'k str], key: &str) -> Option<&'k str> {
    let i = keys.iter().position(|k| *k == key)?;
    let bit = 1 << i;
    if *seen & bit != 0 {
        return None;
    }
    *seen |= bit;
    Some(keys[i])
}

fn empty_fact() -> Fact {
    Fact::quoting(String::new())
}

fn document_field(doc: &mut DocumentFields, key: &str, value: Value) -> Option<()> {
    let v = optional_string(value)?;
    match key {
        "region" => doc.region = v,
        _ => doc.campaign = v,
    }
    Some(())
}

fn fact_field(fact: &mut Fact, key: &str, value: Value) -> Option<()> {
    match FactField::from_label(key)? {
        FactField::Quote => fact.quote = string(value)?,
        FactField::Unit => fact.unit = string(value)?,
        // Only `value` and `change` may be null (schema); a null anywhere
        // else falls back, and the full reader says why.
        // Occurrences count from 1 (schema: `occurrence`).
        FactField::Occurrence => {
            let n = u32::try_from(small_integer(plain(value)?)?).ok();
            fact.occurrence = Some(n.filter(|&n| n >= 1)?);
        }
        FactField::Value => fact.value = nullable(value, number)?,
        FactField::Change => fact.change = nullable(value, number)?,
        FactField::Approx => fact.approx = Some(Approx::from_label(plain(value)?)?),
        FactField::Metric => fact.metric = Metric::from_label(plain(value)?)?,
        FactField::Category => fact.category = Some(Category::from_label(plain(value)?)?),
        FactField::Span => fact.span = Some(span(plain(value)?)?),
    }
    Some(())
}

/// One scalar value as written after `key:`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Value<'a> {
    /// Nothing after the colon (a block follows, or null).
    Empty,
    Plain(&'a str),
    /// A quoted scalar, still with its quotes.
    Quoted(&'a str),
}

/// Splits `key: value  # comment` into the key and the value.
fn entry(text: &str) -> Option<(&str, Value<'_>)> {
    let colon = text.find(':')?;
    let key = &text[..colon];
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return None;
    }
    let after = &text[colon + 1..];
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    Some((key, value(after.trim_start_matches(' '))?))
}

fn value(text: &str) -> Option<Value<'_>> {
    if text.is_empty() || text.starts_with('#') {
        return Some(Value::Empty);
    }
    if text.starts_with(['"', '\'']) {
        let end = closing_quote(text)?;
        let tail = text[end..].trim_start_matches(' ');
        let separated = text.len() - end > tail.len();
        return (tail.is_empty() || (separated && tail.starts_with('#')))
            .then(|| Value::Quoted(&text[..end]));
    }
    let v = comment_start(text)
        .map_or(text, |i| &text[..i])
        .trim_end_matches(' ');
    // Plain scalars that could mean something else in YAML fall back:
    // indicators, `key: a: b`, property interpolation.
    let odd = v.starts_with([
        '?', ':', ',', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`',
    ]) || v.starts_with("- ")
        || v == "-"
        || followed_by(v, b':', b' ')
        || v.ends_with(':')
        || followed_by(v, b'$', b'{');
    (!odd).then_some(Value::Plain(v))
}

/// Where a ` #` comment starts in a plain scalar. Byte scans rather than
/// substring search: setting up a substring searcher costs more than these
/// short values.
fn comment_start(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    (1..b.len())
        .find(|&i| b[i] == b'#' && b[i - 1] == b' ')
        .map(|i| i - 1)
}

/// Whether byte `first` occurs directly followed by `second`.
fn followed_by(text: &str, first: u8, second: u8) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == first && w[1] == second)
}

/// Byte offset just past the quote closing the scalar that `text` opens.
fn closing_quote(text: &str) -> Option<usize> {
    let quote = text.as_bytes()[0];
    let bytes = text.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// A string as the schema takes it: not empty, and not a plain scalar YAML
/// reads as something else (`true`, `10`); those are left to the full
/// reader, which says what is wrong.
fn string(value: Value) -> Option<String> {
    let s = match value {
        Value::Plain(v) if !null_like(v) && !v.starts_with(['[', ']', '-']) && !typed(v) => {
            v.to_string()
        }
        Value::Quoted(q) => unquote(q)?,
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// A plain scalar that YAML may read as a boolean or a number (`5300起`
/// is a string; `5300`, `1e3`, `0x1F`, `.inf`, `yes` are not).
fn typed(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    ) || lower.replace('_', "").parse::<f64>().is_ok()
        || unsigned.starts_with("0x")
        || unsigned.starts_with("0o")
        || matches!(unsigned, ".inf" | ".nan")
}

fn optional_string(value: Value) -> Option<Option<String>> {
    match value {
        Value::Plain("null") => Some(None),
        v => string(v).map(Some),
    }
}

fn null_like(v: &str) -> bool {
    matches!(v, "" | "~" | "null" | "Null" | "NULL")
}

/// A plain (unquoted) scalar, for labels and numbers.
fn plain(value: Value<'_>) -> Option<&str> {
    match value {
        Value::Plain(v) if !null_like(v) => Some(v),
        _ => None,
    }
}

/// `null` is `None`; anything else must parse.
fn nullable<T>(value: Value, parse: impl Fn(&str) -> Option<T>) -> Option<Option<T>> {
    match value {
        Value::Plain("null") => Some(None),
        v => parse(plain(v)?).map(Some),
    }
}

/// A non-negative integer without sign or leading zero, of at most 18 digits.
fn small_integer(v: &str) -> Option<u64> {
    let ok = !v.is_empty()
        && v.len() <= 18
        && v.bytes().all(|b| b.is_ascii_digit())
        && (v == "0" || !v.starts_with('0'));
    ok.then(|| v.parse().ok()).flatten()
}

/// A plain decimal, read exactly by the one parser of numbers in files
/// (`Number::parse_exact`), as the full reader reads it.
fn number(v: &str) -> Option<Number> {
    let digits = v.strip_prefix('-').unwrap_or(v);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    small_integer(int)?;
    if digits.contains('.') {
        if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return Number::parse_exact(v);
    }
    Some(Number::from(v.parse::<i64>().ok()?))
}

/// `[start, end]` on one line.
fn span(v: &str) -> Option<[usize; 2]> {
    let inner = v.strip_prefix('[')?.strip_suffix(']')?;
    let (s, e) = inner.split_once(',')?;
    let int = |t: &str| small_integer(t.trim_matches(' ')).and_then(|n| usize::try_from(n).ok());
    let (s, e) = (int(s)?, int(e)?);
    (s <= e).then_some([s, e])
}

/// The text of a quoted scalar; escapes other than the common ones fall back.
fn unquote(q: &str) -> Option<String> {
    let inner = &q[1..q.len() - 1];
    if q.starts_with('\'') {
        return Some(inner.replace("''", "'"));
    }
    if !inner.contains('\\') {
        return Some(inner.to_string());
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                if hex.len() != 4 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
            }
            _ => return None,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Fact;
    use proptest::prelude::*;

    /// The fast reader's answer, after checking that it is the full
    /// reader's (the validator's tree and schema) whenever there is one and
    /// its strings keep the schema's rules (`load` falls back otherwise).
    fn check(yaml: &str) -> Option<AnnotationFile> {
        let fast = read(yaml);
        if let Some(f) = fast
            .as_ref()
            .filter(|f| crate::annotation::check::schema::labels_ok(f))
        {
            let full = crate::annotation::load::parse_full(yaml);
            assert_eq!(
                full.as_ref().ok(),
                Some(f),
                "fast reader disagrees on:\n{yaml}\nfull parser: {full:?}"
            );
        }
        fast
    }

    fn repo_files(dir: &str, ext: &str) -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        crate::annotation::corpus::relative_names(&root, ext)
            .unwrap()
            .names
            .iter()
            .map(|n| std::fs::read_to_string(root.join(format!("{n}.{ext}"))).unwrap())
            .collect()
    }

    #[test]
    fn repo_annotations_and_extractor_output_take_the_fast_path() {
        let mut files = repo_files("annotations", "yaml");
        let texts = repo_files("corpus", "txt");
        files.extend(
            texts
                .iter()
                .map(|t| crate::extract::extract(t).to_yaml(&["header"])),
        );
        assert!(files.len() > 10);
        for yaml in &files {
            assert!(check(yaml).is_some(), "fast reader fell back on:\n{yaml}");
        }
    }

    const BASE: &str = "status: reviewed\ndocument:\n  region: 四川省\n  campaign: null\nfacts:\n";

    /// Each case: a fact block after `BASE`, and whether the fast reader
    /// takes it (when it does, `check` compares with the full parser).
    const CASES: &[(&str, bool)] = &[
        ("  - quote: 抓获8人\n    value: 8\n    unit: 人\n    metric: suspects\n", true),
        ("- quote: 抓获8人\n  value: 8\n  unit: 人\n  metric: suspects\n", true),
        ("  -   quote: 抓获8人\n      value: 8\n      unit: 人\n      metric: suspects\n", true),
        ("  - quote: \"a # b\"  # note\n    value: 1.50\n    unit: '人''s'\n    metric: money\n", true),
        ("  - quote: \"x\\u4e00\\\"y\\\\\"\n    value: -0.25\n    unit: 元\n    metric: money\n    change: -20\n", true),
        ("  - quote: 5300起\n    value: null\n    unit: 起\n    metric: cases\n    span: [ 3 ,9 ]\n", true),
        ("  - quote: q#x\n    value: 8  # comment\n    unit: 人\n    metric: cases\n    occurrence: 2\n", true),
        ("  - quote: q\n    value: 8\n    unit: 人\n    metric: cases\n    category: fraud\n    approx: over\n", true),
        ("  - quote: q\n    value: 8\n    unit: 人\n    metric: cases\n    category: null\n", false),
        // Fall back: the full parser decides (or reports the error).
        // A plain `true` is a boolean to YAML, not a unit.
        ("  - quote: q\n    value: 8\n    unit: true\n    metric: cases\n", false),
        ("  - quote: q\n    value: 8\n    unit: 人\n    metric: cases\n    occurrence: 0\n", false),
        ("  - quote: q\n    value: 8\n    unit: 人\n    metric: cases\n    span: [9, 3]\n", false),
        ("  - quote: q\n    value: 8\n    unit: 人\n", false),
        ("  - quote: q\n    value: 8\n    value: 9\n    unit: 人\n    metric: cases\n", false),
        ("  - quote: q\n    value: 08\n    unit: 人\n    metric: cases\n", false),
        ("  - quote: q\n    value: 1e3\n    unit: 人\n    metric: cases\n", false),
        ("  - quote: q\n    value: 0x10\n    unit: 人\n    metric: cases\n", false),
        ("  - quote: ~\n    value: 8\n    unit: 人\n    metric: cases\n", false),
        ("  - quote: q\n      more\n    value: 8\n    unit: 人\n    metric: cases\n", false),
        ("  - quote: q\n    value: 8\n   unit: 人\n    metric: cases\n", false),
        ("  - quote: &a q\n    value: 8\n    unit: 人\n    metric: cases\n", false),
        ("  - quote: q\n    value: 8\n    unit: 人\n    metric: Cases\n", false),
        ("  - quote: q\n    value: 8\n    unit: 人\n    metric: cases\n    colour: red\n", false),
        ("  - quote: \"q\n    value: 8\n    unit: 人\n    metric: cases\n", false),
        ("  - quote: \"q\\x41\"\n    value: 8\n    unit: 人\n    metric: cases\n", false),
        ("  - quote: q\tr\n    value: 8\n    unit: 人\n    metric: cases\n", false),
        ("  - quote: q\u{85}r\n    value: 8\n    unit: 人\n    metric: cases\n", false),
        ("  - quote: q\u{2028}r\n    value: 8\n    unit: 人\n    metric: cases\n", false),
        ("  - quote: q\u{ffff}r\n    value: 8\n    unit: 人\n    metric: cases\n", false),
        ("  - quote: “q·r”\u{2027}\n    value: 8\n    unit: 人\n    metric: cases\n", true),
        ("  - quote: q\n    value: 8\n    unit: 人\n    metric: cases\nfacts: []\n", false),
        ("  - quote: q\n    value: 8\n    unit: 人\n    metric: cases\n    span: [1, 2, 3]\n", false),
        ("  - quote: a: b\n    value: 8\n    unit: 人\n    metric: cases\n", false),
        ("  - quote: q\n    value: 8\n    unit: 人\n    metric: cases\n---\n", false),
    ];

    #[test]
    fn the_subset_is_read_and_anything_else_falls_back() {
        for (facts, fast) in CASES {
            let yaml = format!("{BASE}{facts}");
            assert_eq!(check(&yaml).is_some(), *fast, "on:\n{yaml}");
        }
        for (yaml, fast) in [
            ("", false),
            ("# only a comment\n", false),
            ("facts: []\n", true),
            ("document:\nfacts: []\n", false),
        ] {
            assert_eq!(check(yaml).is_some(), fast, "on:\n{yaml}");
        }
    }

    fn text() -> impl Strategy<Value = String> {
        proptest::string::string_regex(
            "[a-z0-9 #:'\"\\\\\\-\\[\\]{}~&*!|>%@`,.?起人元万亿“”、]{0,12}",
        )
        .unwrap()
    }

    fn fact() -> impl Strategy<Value = Fact> {
        let number = proptest::option::of(
            (-100_000i64..100_000, 0u32..4)
                .prop_map(|(m, s)| Number::from(rust_decimal::Decimal::new(m, s))),
        );
        (
            text(),
            proptest::option::of(0u32..5),
            number.clone(),
            text(),
            0usize..12,
            number,
            proptest::option::of((0usize..50, 0usize..50)),
        )
            .prop_map(
                |(quote, occurrence, value, unit, label, change, span)| Fact {
                    quote,
                    occurrence,
                    value,
                    unit,
                    approx: Approx::ALL.get(label).copied(),
                    metric: Metric::ALL[label % Metric::ALL.len()],
                    category: Category::ALL.get(label).copied(),
                    change,
                    span: span.map(|(s, e)| [s, e]),
                },
            )
    }

    proptest! {
        /// Whatever `to_yaml` writes, the fast reader reads back as the full
        /// parser does (when the full parser accepts it at all).
        #[test]
        fn written_files_read_back_alike(facts in proptest::collection::vec(fact(), 0..4), region in proptest::option::of(text())) {
            let file = AnnotationFile {
                status: Some(Status::Reviewed),
                document: DocumentFields { region, campaign: None },
                facts,
            };
            check(&file.to_yaml(&["a header"]));
        }

        /// A character inserted anywhere in a real file never makes the fast
        /// reader accept what the full parser rejects or reads otherwise.
        #[test]
        fn damaged_files_never_disagree(at in 0usize..4000, c in proptest::sample::select(vec![' ', '#', ':', '-', '"', '\'', '\n', '\t', '[', '&', '0', '.', 'x', '~', '\\', '\r', '\u{feff}'])) {
            let yaml = repo_files("annotations", "yaml").swap_remove(0);
            let mut at = at.min(yaml.len());
            while !yaml.is_char_boundary(at) {
                at -= 1;
            }
            check(&format!("{}{c}{}", &yaml[..at], &yaml[at..]));
        }
    }
}
