//! The annotation file's schema (guide §3), checked on a positioned YAML tree.
//!
//! Every problem is reported at the node that causes it, and checking goes
//! on past it, so an annotator sees all of a file's mistakes in one run. What
//! can be read is kept (a fact with a misspelled label still has a quote to
//! look up in the source); `FactEntry::to_fact` gives a model fact only when
//! every required field is usable.

use crate::annotation::check::diag::{Diagnostic, Severity};
use crate::annotation::check::quote_numbers::numbers_in;
use crate::annotation::yaml_tree::{Key, Kind, Node, Pos};
use crate::model::{
    AnnotationFile, Approx, Category, DocumentFields, Fact, FactField, Metric, Number, Status,
};
use crate::model::{DOCUMENT_KEYS, FACT_KEYS, TOP_KEYS};
use zhconv::{zhconv, Variant};

/// Collects the diagnostics of one YAML file, with the offending line attached.
pub struct Sink<'a> {
    file: &'a str,
    /// The file's lines, split once: a file with thousands of problems must
    /// not be rescanned from the top for each.
    lines: Vec<&'a str>,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    pub fn new(file: &'a str, yaml: &'a str) -> Sink<'a> {
        Sink {
            file,
            lines: yaml.lines().collect(),
            diags: Vec::new(),
        }
    }

    /// Reports a problem at a node, underlining the node's text.
    pub fn at(
        &mut self,
        severity: Severity,
        pos: Pos,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let width = self.node_width(pos);
        self.at_width(severity, pos, width, message, hint);
    }

    /// Reports a problem at a position, underlining `width` characters.
    pub fn at_width(
        &mut self,
        severity: Severity,
        pos: Pos,
        width: usize,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::new(severity, self.file, message)
            .at(pos.line, pos.column)
            .width(width);
        d.hint = hint;
        let line = pos.line.checked_sub(1).and_then(|n| self.lines.get(n));
        self.diags.push(d.with_line(line.copied()));
    }

    /// Reports a problem with the file as a whole.
    pub fn file_level(
        &mut self,
        severity: Severity,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::new(severity, self.file, message);
        d.hint = hint;
        self.diags.push(d);
    }

    /// The characters of a scalar node at `pos`: up to a comment or the end
    /// of the line.
    fn node_width(&self, pos: Pos) -> usize {
        let Some(line) = self.lines.get(pos.line.saturating_sub(1)) else {
            return 1;
        };
        let rest: String = line.chars().skip(pos.column.saturating_sub(1)).collect();
        let rest = rest.split(" #").next().unwrap_or("").trim_end();
        rest.chars().count().max(1)
    }
}

/// A fact as written, each field kept when it could be read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FactEntry {
    /// Where the fact's list item starts.
    pub at: Pos,
    pub quote: Option<String>,
    pub occurrence: Option<u32>,
    /// `Some(None)` is an explicit `value: null`.
    pub value: Option<Option<Number>>,
    pub unit: Option<String>,
    pub approx: Option<Approx>,
    pub metric: Option<Metric>,
    pub category: Option<Category>,
    pub change: Option<Number>,
    pub span: Option<[usize; 2]>,
    /// Where each field's value was written.
    fields: Vec<(FactField, Pos)>,
}

impl FactEntry {
    /// Where a field's value was written, or the fact itself when absent.
    pub fn pos(&self, field: FactField) -> Pos {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(self.at, |(_, p)| *p)
    }

    /// The model fact, when every required field could be read.
    pub fn to_fact(&self) -> Option<Fact> {
        Some(Fact {
            quote: self.quote.clone()?,
            occurrence: self.occurrence,
            value: self.value?,
            unit: self.unit.clone()?,
            approx: self.approx,
            metric: self.metric?,
            category: self.category,
            change: self.change,
            span: self.span,
        })
    }
}

/// What could be read of a whole file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checked {
    pub status: Option<Status>,
    pub document: DocumentFields,
    pub facts: Vec<FactEntry>,
}

/// A quote longer than this is reported: the guide asks for "at most about 40".
const LONG_QUOTE: usize = 50;

/// Checks a parsed file against the schema. Annotation files must carry a
/// `status`; prediction files need not.
pub fn check(root: &Node, sink: &mut Sink, require_status: bool) -> Checked {
    let mut out = Checked::default();
    let Kind::Map(entries) = &root.kind else {
        sink.at(
            Severity::Error,
            root.pos,
            format!(
                "an annotation file must be a mapping with {}, found {}",
                keys_list(TOP_KEYS),
                match root.kind {
                    // A blank file (or only comments) reads as null.
                    Kind::Null => "an empty file",
                    ref other => other.describe(),
                }
            ),
            Some("start from `jingwang annotate` or copy the example of guide §3".into()),
        );
        return out;
    };
    let entries = known_entries(entries, TOP_KEYS, "the top level", sink);
    match find(&entries, "status") {
        Some(node) => out.status = label(node, "status", sink, Status::from_label, &Status::labels()),
        None if require_status => sink.at_width(
            Severity::Error,
            Pos { line: 1, column: 1 },
            1,
            "missing key `status`",
            Some("add `status: draft` while writing, `status: reviewed` once checked (only reviewed files are scored)".into()),
        ),
        None => {}
    }
    match find(&entries, "document") {
        Some(node) => out.document = document(node, sink),
        None => sink.at_width(
            Severity::Warning,
            Pos { line: 1, column: 1 },
            1,
            "missing key `document`: region and campaign count as null",
            Some("add `document:` with `region:` and `campaign:` (null when the article does not say)".into()),
        ),
    }
    match find(&entries, "facts") {
        Some(node) => out.facts = facts(node, sink),
        None => sink.at_width(
            Severity::Error,
            Pos { line: 1, column: 1 },
            1,
            "missing key `facts`",
            Some("write `facts: []` when the document has no facts".into()),
        ),
    }
    out
}

fn keys_list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn find<'n>(entries: &[(&'n Key, &'n Node)], name: &str) -> Option<&'n Node> {
    entries
        .iter()
        .find(|(k, _)| k.name == name)
        .map(|(_, v)| *v)
}

/// The entries whose keys are allowed here; every other key is an error,
/// with the nearest allowed key or the level where the key belongs.
fn known_entries<'n>(
    entries: &'n [(Key, Node)],
    allowed: &[&str],
    level: &str,
    sink: &mut Sink,
) -> Vec<(&'n Key, &'n Node)> {
    let mut out = Vec::new();
    for (key, node) in entries {
        if allowed.contains(&key.name.as_str()) {
            out.push((key, node));
            continue;
        }
        let hint = match (nearest(&key.name, allowed), home_of(&key.name)) {
            _ if COMMENT_KEYS.contains(&key.name.to_lowercase().as_str()) => {
                "write explanations as YAML comments: `# …` on the line above".to_string()
            }
            (_, Some(home)) => format!("`{}` belongs {home}", key.name),
            (Some(n), None) => format!("did you mean `{n}`?"),
            (None, None) => format!("allowed keys here: {}", keys_list(allowed)),
        };
        sink.at_width(
            Severity::Error,
            key.pos,
            key.name.chars().count(),
            format!("unknown key `{}` in {level}", key.name),
            Some(hint),
        );
    }
    out
}

/// Keys annotators invent to explain a decision; the guide's way is a comment.
const COMMENT_KEYS: &[&str] = &[
    "note", "notes", "comment", "comments", "remark", "remarks", "reason", "why",
];

/// Where a key that is valid somewhere in the format belongs.
fn home_of(key: &str) -> Option<&'static str> {
    if TOP_KEYS.contains(&key) {
        Some("at the top level")
    } else if DOCUMENT_KEYS.contains(&key) {
        Some("under `document:`")
    } else if FACT_KEYS.contains(&key) {
        Some("in a fact (an entry of `facts:`)")
    } else {
        None
    }
}

/// The closest candidate by edit distance, when it is close enough to be a
/// plausible misspelling: one edit (case, plural, a transposition, `-` for
/// `_`), or two in a long word.
pub fn nearest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let w = word.trim().to_lowercase().replace('-', "_");
    let allowed = if w.chars().count() >= 7 { 2 } else { 1 };
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&w, c), *c))
        .filter(|(d, _)| *d <= allowed)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A label field: a string among `labels`, else an error with the nearest label.
fn label<T>(
    node: &Node,
    field: &str,
    sink: &mut Sink,
    parse: fn(&str) -> Option<T>,
    labels: &[&str],
) -> Option<T> {
    let text = match &node.kind {
        Kind::Str(s) => s.clone(),
        Kind::Null => {
            sink.at(
                Severity::Error,
                node.pos,
                format!("`{field}` is null"),
                Some(format!("one of: {}", labels.join(", "))),
            );
            return None;
        }
        other => {
            sink.at(
                Severity::Error,
                node.pos,
                format!("`{field}` must be a label, found {}", other.describe()),
                Some(format!("one of: {}", labels.join(", "))),
            );
            return None;
        }
    };
    if let Some(v) = parse(&text) {
        return Some(v);
    }
    let hint = match nearest(&text, labels) {
        Some(n) => format!("did you mean `{n}`?"),
        None => format!("one of: {}", labels.join(", ")),
    };
    sink.at(
        Severity::Error,
        node.pos,
        format!("unknown {field} label `{text}`"),
        Some(hint),
    );
    None
}

fn document(node: &Node, sink: &mut Sink) -> DocumentFields {
    let mut out = DocumentFields::default();
    let Kind::Map(entries) = &node.kind else {
        sink.at(
            Severity::Error,
            node.pos,
            format!(
                "`document` must be a mapping with `region` and `campaign`, found {}",
                node.kind.describe()
            ),
            None,
        );
        return out;
    };
    let entries = known_entries(entries, DOCUMENT_KEYS, "`document`", sink);
    for field in DOCUMENT_KEYS {
        let value = match find(&entries, field) {
            Some(v) => document_string(v, field, sink),
            None => {
                sink.at(
                    Severity::Warning,
                    node.pos,
                    format!("missing key `{field}` in `document`: it counts as null"),
                    Some(format!(
                        "write `{field}: null` when the article does not say"
                    )),
                );
                None
            }
        };
        match *field {
            "region" => out.region = value,
            _ => out.campaign = value,
        }
    }
    out
}

/// Quotation marks annotators copy along with a campaign name.
const QUOTATION_MARKS: &[char] = &['“', '”', '"', '「', '」', '『', '』', '《', '》', '‘', '’'];

/// `region` and `campaign`: a string in Simplified characters, or null.
fn document_string(node: &Node, field: &str, sink: &mut Sink) -> Option<String> {
    let s = match &node.kind {
        Kind::Null => return None,
        Kind::Str(s) => s,
        other => {
            sink.at(
                Severity::Error,
                node.pos,
                format!(
                    "`{field}` must be a string or null, found {}",
                    other.describe()
                ),
                Some("write the name in quotes if YAML reads it as something else".into()),
            );
            return None;
        }
    };
    if s.trim().is_empty() {
        sink.at(
            Severity::Error,
            node.pos,
            format!("`{field}` is empty"),
            Some(format!(
                "write `{field}: null` when the article does not say"
            )),
        );
        return None;
    }
    for (message, hint) in document_string_rules(field, s) {
        sink.at(Severity::Error, node.pos, message, Some(hint));
    }
    Some(s.clone())
}

/// What is wrong with a non-empty `region` or `campaign`, as (message, hint).
fn document_string_rules(field: &str, s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let simplified = zhconv(s, Variant::ZhHans);
    if simplified != *s {
        out.push((
            format!("`{field}` must be written in Simplified characters"),
            format!("write `{field}: {simplified}`"),
        ));
    }
    if field == "campaign" && s.contains(QUOTATION_MARKS) {
        let bare: String = s.chars().filter(|c| !QUOTATION_MARKS.contains(c)).collect();
        out.push((
            "campaign is written without quotation marks".to_string(),
            format!("write `campaign: {bare}`"),
        ));
    }
    out
}

/// What is wrong with a non-empty unit, as (message, hint).
fn unit_rules(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(scale) = s.chars().find(|c| matches!(c, '万' | '亿' | '萬' | '億')) {
        let rest: String = s.chars().filter(|c| *c != scale).collect();
        out.push((
            format!("unit `{s}` includes {scale}"),
            format!("write `unit: {rest}` and apply {scale} to the value"),
        ));
    }
    let simplified = zhconv(s, Variant::ZhHans);
    if simplified != *s {
        out.push((
            format!("unit `{s}` is not in Simplified characters"),
            format!("write `unit: {simplified}`"),
        ));
    }
    out
}

/// Whether a file read by the fast reader (`block_yaml`) breaks none of the
/// rules this check holds its strings to, which the fast reader does not
/// know: then the file is what this check would accept. `load` falls back
/// to the full reading otherwise, so `report` refuses what `validate` does.
pub fn labels_ok(file: &AnnotationFile) -> bool {
    let document = [
        ("region", &file.document.region),
        ("campaign", &file.document.campaign),
    ]
    .into_iter()
    .all(|(field, v)| {
        v.as_deref()
            .is_none_or(|s| !s.trim().is_empty() && document_string_rules(field, s).is_empty())
    });
    document
        && file.facts.iter().all(|f| {
            !f.quote.is_empty() && !f.unit.trim().is_empty() && unit_rules(&f.unit).is_empty()
        })
}

fn facts(node: &Node, sink: &mut Sink) -> Vec<FactEntry> {
    match &node.kind {
        Kind::Seq(items) => items.iter().filter_map(|item| fact(item, sink)).collect(),
        other => {
            sink.at(
                Severity::Error,
                node.pos,
                format!("`facts` must be a list, found {}", other.describe()),
                Some("write `facts: []` when the document has no facts, else one `- quote: …` entry per fact".into()),
            );
            Vec::new()
        }
    }
}

fn fact(item: &Node, sink: &mut Sink) -> Option<FactEntry> {
    let Kind::Map(entries) = &item.kind else {
        sink.at(
            Severity::Error,
            item.pos,
            format!("a fact must be a mapping of fields, found {}", item.kind.describe()),
            Some("write each fact as `- quote: …` followed by `value:`, `unit:`, `metric:` on their own lines".into()),
        );
        return None;
    };
    let mut f = FactEntry {
        at: item.pos,
        ..FactEntry::default()
    };
    for (key, node) in known_entries(entries, FACT_KEYS, "a fact", sink) {
        let Some(field) = FactField::from_label(&key.name) else {
            continue;
        };
        f.fields.push((field, node.pos));
        read_field(&mut f, field, node, sink);
    }
    for &required in FactField::ALL.iter().filter(|f| f.required()) {
        if !f.fields.iter().any(|(k, _)| *k == required) {
            sink.at(
                Severity::Error,
                item.pos,
                format!("fact has no `{required}`"),
                Some(required_hint(required)),
            );
        }
    }
    Some(f)
}

fn required_hint(field: FactField) -> String {
    match field {
        FactField::Quote => {
            "copy the exact words of the source that hold the number, its unit and what is counted"
                .into()
        }
        FactField::Value => {
            "write the number as a plain decimal, or `value: null` when a digit is illegible".into()
        }
        FactField::Unit => {
            "write the measure word that follows the number (起, 人, 条 …), else 个".into()
        }
        _ => format!("one of: {}", Metric::labels().join(", ")),
    }
}

fn read_field(f: &mut FactEntry, field: FactField, node: &Node, sink: &mut Sink) {
    match field {
        FactField::Quote => f.quote = quote(node, sink),
        FactField::Occurrence => f.occurrence = occurrence(node, sink),
        FactField::Value => f.value = value(node, sink),
        FactField::Unit => f.unit = unit(node, sink),
        FactField::Approx => {
            f.approx = label(node, "approx", sink, Approx::from_label, &Approx::labels())
        }
        FactField::Metric => {
            f.metric = label(node, "metric", sink, Metric::from_label, &Metric::labels())
        }
        FactField::Category => {
            f.category = label(
                node,
                "category",
                sink,
                Category::from_label,
                &Category::labels(),
            )
        }
        FactField::Change => f.change = change(node, sink),
        FactField::Span => f.span = span(node, sink),
    }
}

fn quote(node: &Node, sink: &mut Sink) -> Option<String> {
    let Kind::Str(s) = &node.kind else {
        let hint = match &node.kind {
            Kind::Number(n, _) => format!("a quote holds words as well as the number; write it in quotes if it really is `\"{n}\"`"),
            _ => "copy the exact words of the source".to_string(),
        };
        sink.at(
            Severity::Error,
            node.pos,
            format!("`quote` must be a string, found {}", node.kind.describe()),
            Some(hint),
        );
        return None;
    };
    if s.is_empty() {
        sink.at(
            Severity::Error,
            node.pos,
            "`quote` is empty",
            Some(required_hint(FactField::Quote)),
        );
        return None;
    }
    let len = s.chars().count();
    if len > LONG_QUOTE {
        sink.at(
            Severity::Warning,
            node.pos,
            format!("quote is {len} characters long"),
            Some("the guide asks for the shortest quote that holds the number, its unit and what is counted (about 40 characters at most)".into()),
        );
    }
    Some(s.clone())
}

fn occurrence(node: &Node, sink: &mut Sink) -> Option<u32> {
    let n = match &node.kind {
        Kind::Number(n, true) => n.0,
        Kind::BadNumber(raw) => {
            bad_number(node, "occurrence", raw, sink);
            return None;
        }
        other => {
            sink.at(
                Severity::Error,
                node.pos,
                format!(
                    "`occurrence` must be a whole number, found {}",
                    match other {
                        Kind::Number(..) => "a number with a decimal point or exponent".into(),
                        other => other.describe().to_string(),
                    }
                ),
                Some("write the occurrence as digits only: `occurrence: 2`".into()),
            );
            return None;
        }
    };
    match u32::try_from(n.mantissa())
        .ok()
        .filter(|v| n.scale() == 0 && *v >= 1)
    {
        Some(v) => Some(v),
        None => {
            sink.at(
                Severity::Error,
                node.pos,
                format!("`occurrence` must be a whole number from 1, found {n}"),
                Some("occurrences count from 1: the first place the quote occurs is 1".into()),
            );
            None
        }
    }
}

/// A number YAML reads but an exact decimal cannot hold.
fn bad_number(node: &Node, field: &str, raw: &str, sink: &mut Sink) {
    sink.at(
        Severity::Error,
        node.pos,
        format!("`{field}` `{raw}` is not a plain decimal that can be held exactly"),
        Some("write a plain decimal such as 37000 or 171.3 (at most 28 significant digits, no hexadecimal, no infinity)".into()),
    );
}

/// `value`: a plain decimal or null. A string gets a hint with the number
/// it seems to mean (`"3.7万"` → 37000).
fn value(node: &Node, sink: &mut Sink) -> Option<Option<Number>> {
    match &node.kind {
        Kind::Null => Some(None),
        Kind::Number(n, _) => Some(Some(*n)),
        Kind::BadNumber(raw) => {
            bad_number(node, "value", raw, sink);
            None
        }
        Kind::Str(s) => {
            let hint = match plain_number_in(s) {
                Some(n) => format!("write `value: {n}` (a plain decimal, without quotes, 万 and 亿 applied)"),
                None => "write the number as a plain decimal such as 37000, or null when a digit is illegible".into(),
            };
            sink.at(
                Severity::Error,
                node.pos,
                format!("`value` must be a number, found the string `{s}`"),
                Some(hint),
            );
            None
        }
        other => {
            sink.at(
                Severity::Error,
                node.pos,
                format!(
                    "`value` must be a number or null, found {}",
                    other.describe()
                ),
                None,
            );
            None
        }
    }
}

/// The one number a string stands for, when it is nothing but a number.
fn plain_number_in(s: &str) -> Option<Number> {
    if let Some(n) = Number::parse(s) {
        return Some(n);
    }
    let all = numbers_in(s).numbers;
    match all.as_slice() {
        [w] if w.start == 0 && w.end >= s.trim_end().chars().count() => w.value.map(Number::from),
        _ => None,
    }
}

fn unit(node: &Node, sink: &mut Sink) -> Option<String> {
    let Kind::Str(s) = &node.kind else {
        sink.at(
            Severity::Error,
            node.pos,
            format!("`unit` must be a string, found {}", node.kind.describe()),
            Some(required_hint(FactField::Unit)),
        );
        return None;
    };
    if s.trim().is_empty() {
        sink.at(
            Severity::Error,
            node.pos,
            "`unit` is empty",
            Some(required_hint(FactField::Unit)),
        );
        return None;
    }
    for (message, hint) in unit_rules(s) {
        sink.at(Severity::Error, node.pos, message, Some(hint));
    }
    Some(s.clone())
}

fn change(node: &Node, sink: &mut Sink) -> Option<Number> {
    match &node.kind {
        Kind::Number(n, _) => Some(*n),
        Kind::Null => None,
        Kind::BadNumber(raw) => {
            bad_number(node, "change", raw, sink);
            None
        }
        Kind::Str(s) => {
            let hint = match Number::parse(s.trim().trim_end_matches(['%', '％'])) {
                Some(n) => format!("write `change: {n}` (percent, signed, without %)"),
                None => "write the year-over-year change in percent as a signed number: 同比下降20% → -20".into(),
            };
            sink.at(
                Severity::Error,
                node.pos,
                format!("`change` must be a number, found the string `{s}`"),
                Some(hint),
            );
            None
        }
        other => {
            sink.at(
                Severity::Error,
                node.pos,
                format!("`change` must be a number, found {}", other.describe()),
                None,
            );
            None
        }
    }
}

fn span(node: &Node, sink: &mut Sink) -> Option<[usize; 2]> {
    let offsets: Option<Vec<usize>> = match &node.kind {
        Kind::Seq(items) if items.len() == 2 => items
            .iter()
            .map(|i| match &i.kind {
                Kind::Number(n, true) => usize::try_from(n.0.mantissa()).ok(),
                _ => None,
            })
            .collect(),
        _ => None,
    };
    match offsets.as_deref() {
        Some(&[s, e]) if s <= e => Some([s, e]),
        _ => {
            sink.at(
                Severity::Error,
                node.pos,
                "`span` must be `[start, end]`: two whole-number character offsets with start ≤ end",
                None,
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_label() {
        let labels = Metric::labels();
        assert_eq!(nearest("suspect", &labels), Some("suspects"));
        assert_eq!(nearest("Organisations", &labels), Some("organizations"));
        assert_eq!(
            nearest("personal-data", &Category::labels()),
            Some("personal_data")
        );
        assert_eq!(nearest("banana", &labels), None);
    }
}
