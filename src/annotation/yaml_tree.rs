//! A YAML document as a tree of nodes that remember where they were written.
//!
//! The validator must point at the offending node of any problem, and report
//! every problem of a file at once, not only the first serde meets. So YAML is
//! first read into this schema-free tree (each node wrapped in
//! `serde_saphyr::Spanned`), and the schema is checked afterwards, by hand, in
//! `schema`. Nothing here uses `#[serde(flatten)]`, which would lose positions.

use crate::model::Number;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// A 1-based line and column (in characters) in a YAML file; `0:0` when unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// A YAML node and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

/// What a node holds. Numbers are kept as exact decimals (see `model::Number`).
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    /// A number as written, read exactly, and whether it was written as a
    /// whole number (`1`, not `1.0` or `1e0`): occurrences and spans must be.
    Number(Number, bool),
    /// A number YAML accepts but a plain decimal cannot hold exactly, as
    /// written (`1e400`, `0x1F`, 29 digits, `1e-30`).
    BadNumber(String),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in the order written; keys are plain strings with their position.
    Map(Vec<(Key, Node)>),
}

/// A mapping key and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub pos: Pos,
    pub name: String,
}

impl Kind {
    /// How the kind is named in messages: "a string", "a list", ...
    pub fn describe(&self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(..) | Kind::BadNumber(_) => "a number",
            Kind::Str(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }
}

/// Why a YAML text could not be read into a tree at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

/// Parses YAML text into a positioned tree.
pub fn parse(yaml: &str) -> Result<Node, SyntaxError> {
    if yaml.trim().is_empty() {
        return Ok(Node {
            pos: Pos { line: 1, column: 1 },
            kind: Kind::Null,
        });
    }
    match serde_saphyr::from_str::<Spanned<RawKind>>(yaml) {
        Ok(root) => Ok(node(root, yaml)),
        Err(e) => {
            let pos = e.location().map_or_else(Pos::default, |l| Pos {
                line: l.line() as usize,
                column: l.column() as usize,
            });
            Err(SyntaxError {
                pos,
                message: syntax_message(&e.to_string()),
            })
        }
    }
}

/// A number as written in the YAML text, read again from its own bytes:
/// YAML hands plain numbers over as integers or floats, and a float loses
/// what an annotator wrote (`12345678901234567.8` becomes …568, `1e-30`
/// becomes 0). The bytes are those of the scalar where it is defined (an
/// alias's number is its anchor's), found by byte offset, not by line and
/// column, which YAML and Rust count differently (a lone `\r`, a BOM). The
/// one decimal parser for files (`Number::parse_exact`) reads them: the
/// value is exactly what was written, or the node says it cannot be.
fn written_number(yaml: &str, at: &serde_saphyr::Location) -> Kind {
    let span = at.span();
    let raw = span
        .byte_offset()
        .zip(span.byte_len())
        .and_then(|(o, l)| yaml.get(usize::try_from(o).ok()?..usize::try_from(o + l).ok()?))
        .map(str::trim);
    let Some(raw) = raw else {
        return Kind::BadNumber("(a number whose text could not be found)".into());
    };
    let digits = raw.strip_prefix(['-', '+']).unwrap_or(raw);
    let whole = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    match Number::parse_exact(raw) {
        Some(n) => Kind::Number(n, whole),
        None => Kind::BadNumber(raw.to_string()),
    }
}

/// serde-saphyr's message, first line only, without its own position
/// (reported separately) and in the project's style: lower-case start, no
/// trailing period, no advice about parser options.
fn syntax_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or("").trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let first = strip_position_prefix(first);
    let first = first
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(first);
    if let Some(key) = first.strip_prefix("duplicate mapping key: ") {
        return format!("duplicate key `{key}`");
    }
    // The parser's own words name its options; say what the file holds.
    if let Some(rest) = first.strip_prefix("non-finite float `") {
        let number = rest.split('`').next().unwrap_or(rest);
        return format!(
            "number `{number}` is out of range: write a plain decimal such as 37000 or 171.3"
        );
    }
    if first.contains("budget breached") {
        return "the file expands to too many nodes (aliases that repeat aliases?): an annotation file needs no anchors or aliases".into();
    }
    let first = first.trim_end_matches('.');
    let mut chars = first.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "invalid yaml".to_string(),
    }
}

/// Drops a leading `line N column M: `.
fn strip_position_prefix(s: &str) -> &str {
    let Some(rest) = s.strip_prefix("line ") else {
        return s;
    };
    match rest.find(": ") {
        Some(i)
            if rest[..i]
                .chars()
                .all(|c| c.is_ascii_digit() || c == ' ' || c.is_ascii_lowercase()) =>
        {
            &rest[i + 2..]
        }
        _ => s,
    }
}

/// The tree as serde builds it, before positions are flattened into `Pos`.
#[derive(Debug)]
enum RawKind {
    Null,
    Bool(bool),
    /// A number: its value is read again from its text (`written_number`).
    Number,
    Str(String),
    Seq(Vec<Spanned<RawKind>>),
    Map(Vec<(Spanned<String>, Spanned<RawKind>)>),
}

fn pos_of<T>(s: &Spanned<T>) -> Pos {
    Pos {
        line: s.referenced.line() as usize,
        column: s.referenced.column() as usize,
    }
}

/// The tree of a parsed document, numbers read again from `yaml`.
fn node(s: Spanned<RawKind>, yaml: &str) -> Node {
    let pos = pos_of(&s);
    let kind = match s.value {
        RawKind::Null => Kind::Null,
        RawKind::Bool(b) => Kind::Bool(b),
        RawKind::Number => written_number(yaml, &s.defined),
        RawKind::Str(t) => Kind::Str(t),
        RawKind::Seq(items) => Kind::Seq(items.into_iter().map(|i| node(i, yaml)).collect()),
        RawKind::Map(entries) => Kind::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    (
                        Key {
                            pos: pos_of(&k),
                            name: k.value,
                        },
                        node(v, yaml),
                    )
                })
                .collect(),
        ),
    };
    Node { pos, kind }
}

impl<'de> Deserialize<'de> for RawKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawKind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any yaml value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<RawKind, E> {
        Ok(RawKind::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<RawKind, E> {
        Ok(RawKind::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawKind, D::Error> {
        d.deserialize_any(RawVisitor)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawKind, E> {
        Ok(RawKind::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<RawKind, E> {
        Ok(RawKind::Number)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<RawKind, E> {
        Ok(RawKind::Number)
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<RawKind, E> {
        Ok(RawKind::Number)
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<RawKind, E> {
        Ok(RawKind::Number)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawKind, E> {
        Ok(RawKind::Number)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawKind, E> {
        Ok(RawKind::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<RawKind, E> {
        Ok(RawKind::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawKind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<RawKind>>()? {
            items.push(item);
        }
        Ok(RawKind::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawKind, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value::<Spanned<RawKind>>()?;
            let key = Spanned::new(key.value.0, key.referenced, key.defined);
            entries.push((key, value));
        }
        Ok(RawKind::Map(entries))
    }
}

/// A mapping key read as text whatever its YAML type (`1:` or `true:` are
/// still keys an annotator typed, to be reported as unknown).
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<KeyText, E> {
                Ok(KeyText("null".to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_keep_their_positions() {
        let root =
            parse("status: draft\nfacts:\n  - quote: 抓获8人\n    value: 8\n    change: 171.3\n")
                .unwrap();
        let Kind::Map(entries) = &root.kind else {
            panic!("not a map: {root:?}")
        };
        assert_eq!(entries[0].0.pos, Pos { line: 1, column: 1 });
        assert_eq!(entries[0].1.pos, Pos { line: 1, column: 9 });
        let Kind::Seq(facts) = &entries[1].1.kind else {
            panic!()
        };
        let Kind::Map(fact) = &facts[0].kind else {
            panic!()
        };
        assert_eq!(
            fact[0].1.pos,
            Pos {
                line: 3,
                column: 12
            }
        );
        assert_eq!(fact[1].1.kind, Kind::Number(Number::from(8), true));
        assert_eq!(
            fact[2].1.kind,
            Kind::Number(Number::parse("171.3").unwrap(), false)
        );
        assert_eq!(fact[2].0.pos, Pos { line: 5, column: 5 });
    }

    /// An alias's number is read from its anchor's text, exactly.
    #[test]
    fn an_alias_is_its_anchors_number() {
        let root = parse("a: &v 12345678901234567.8\nb: *v\nc: [*v, 2]\n").unwrap();
        let Kind::Map(entries) = root.kind else {
            panic!("{root:?}")
        };
        let exact = Kind::Number(Number::parse_exact("12345678901234567.8").unwrap(), false);
        assert_eq!(entries[0].1.kind, exact);
        assert_eq!(entries[1].1.kind, exact);
        let Kind::Seq(items) = &entries[2].1.kind else {
            panic!("{entries:?}")
        };
        assert_eq!(items[0].kind, exact);
        assert_eq!(items[1].kind, Kind::Number(Number::from(2), true));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse("facts:\n  - quote: [\n").unwrap_err();
        assert!(e.pos.line >= 2, "{e:?}");
        let e = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!((e.pos.line, e.message.as_str()), (2, "duplicate key `a`"));
    }
}
