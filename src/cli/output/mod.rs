//! Output formats of `jingwang extract`, one file each: how one extracted
//! document is written on stdout and, for the formats that can, as one file
//! per source under `-o`. A new format is a new file here and one line in
//! [`FORMATS`]; the extract command only ever talks to [`Format`].
//!
//! **Invariant:** every format carries the same information: the source,
//! the document fields, and for each fact its span, quote, value and
//! attributes. Flat formats (per-fact JSON lines, CSV) have the same
//! columns for every row, null or empty when absent, so loaders such as
//! DuckDB and pandas infer one schema. A format appends to the buffer it
//! is given, so a document is rendered once, straight where it goes.

mod csv;
pub mod dir;
mod json;
mod jsonl;
mod yaml;

use crate::model::AnnotationFile;
use std::borrow::Cow;

/// One document's extraction, named by where it came from.
#[derive(Clone, Debug)]
pub struct Extracted {
    /// The path as given (or the `source` of a JSON line; `-` for stdin).
    pub source: String,
    pub file: AnnotationFile,
}

/// How a run's documents reach stdout, which shapes some formats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stream {
    /// A stream of documents rather than one: decided by the arguments
    /// (a directory, several paths, JSON lines), never by how many files a
    /// directory holds, so scripts see the same shape every time.
    pub many: bool,
    /// `--per-fact`: one record per fact rather than per document.
    pub per_fact: bool,
}

/// One output format. Rendering a document is pure and runs in the
/// workers; what goes before, between and after documents is written in
/// order by the one thread that writes stdout.
pub trait Format: Sync {
    /// The `--format` value.
    fn name(&self) -> &'static str;
    /// One line for `--help`.
    fn about(&self) -> &'static str;
    /// Whether `--per-fact` means something for this format.
    fn has_per_fact(&self) -> bool {
        false
    }
    /// What stdout starts with (a header row, an opening bracket).
    fn start(&self, _stream: Stream, _out: &mut Vec<u8>) {}
    /// What goes before each document; `first` for the first one printed.
    fn separator(&self, _stream: Stream, _first: bool, _out: &mut Vec<u8>) {}
    /// One document, appended to `out`.
    fn document(&self, doc: &Extracted, stream: Stream, out: &mut Vec<u8>);
    /// What stdout ends with.
    fn end(&self, _stream: Stream, _out: &mut Vec<u8>) {}
    /// Under `-o`: the extension of the one file written per source, for
    /// the formats that have a one-document file shape.
    fn file_extension(&self) -> Option<&'static str> {
        None
    }
    /// Under `-o`: the contents of one source's file.
    fn file(&self, doc: &Extracted, out: &mut Vec<u8>) {
        self.document(doc, Stream::default(), out);
    }
}

/// Every format, in the order `--help` lists them; the first is the default.
pub static FORMATS: &[&dyn Format] = &[&yaml::Yaml, &json::Json, &jsonl::Jsonl, &csv::Csv];

/// A format chosen with `--format`.
#[derive(Clone, Copy)]
pub struct OutputFormat(pub &'static dyn Format);

impl std::fmt::Debug for OutputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name())
    }
}

impl OutputFormat {
    /// The format named `name`, if there is one.
    pub fn named(name: &str) -> Option<OutputFormat> {
        FORMATS
            .iter()
            .find(|f| f.name() == name)
            .map(|f| OutputFormat(*f))
    }

    /// clap's parser for `--format`: the names of [`FORMATS`], each with
    /// its line of help.
    pub fn parser() -> impl clap::builder::TypedValueParser<Value = OutputFormat> {
        use clap::builder::TypedValueParser;
        let values = FORMATS
            .iter()
            .map(|f| clap::builder::PossibleValue::new(f.name()).help(f.about()));
        clap::builder::PossibleValuesParser::new(values)
            .map(|name| OutputFormat::named(&name).expect("clap accepts listed names only"))
    }
}

/// A source name fit for a line of text (a comment, a CSV cell, an error
/// line): control characters and line separators written as `\n`, `\r`,
/// `\t` or `\u{..}`, everything else as it is.
pub fn escape_controls(name: &str) -> Cow<'_, str> {
    let needs = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    if !name.chars().any(needs) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Approx, Category, DocumentFields, Fact, Metric, Number};
    use proptest::prelude::*;

    pub(super) fn sample() -> Extracted {
        Extracted {
            source: "dir/a,b.txt".into(),
            file: AnnotationFile {
                status: None,
                document: DocumentFields {
                    region: Some("某省".into()),
                    campaign: None,
                },
                facts: vec![Fact {
                    quote: "共破获\"案件\"12起".into(),
                    occurrence: None,
                    value: Number::parse("12"),
                    unit: "起".into(),
                    approx: None,
                    metric: Metric::Cases,
                    category: Some(Category::Fraud),
                    change: Number::parse("-20.5"),
                    span: Some([3, 13]),
                }],
            },
        }
    }

    /// Strings made of what decides YAML quoting: indicators, words YAML
    /// reads as values, numbers, spaces of every kind, `: ` and ` #`,
    /// controls, and Chinese text with its punctuation.
    pub(super) fn text() -> impl Strategy<Value = String> {
        let pieces = proptest::sample::select(vec![
            "",
            " ",
            "-",
            "?",
            ":",
            ",",
            "[",
            "]",
            "{",
            "#",
            "&",
            "*",
            "!",
            "|",
            ">",
            "'",
            "\"",
            "%",
            "@",
            "`",
            "~",
            "null",
            "Null",
            "true",
            "no",
            "ON",
            "off",
            "yes",
            ".nan",
            ".inf",
            "-.inf",
            "inf",
            "NaN",
            "infinity",
            "1",
            "12",
            "1e5",
            "+3",
            ".5",
            "5.",
            "0x1f",
            ": ",
            " #",
            "\t",
            "\n",
            "\r",
            "\u{1b}",
            "\u{7f}",
            "\u{85}",
            "\u{a0}",
            "\u{3000}",
            "\u{feff}",
            "\u{2028}",
            "\\",
            "\u{0}",
            "=",
            "+",
            "案件",
            "共破获",
            "，",
            "。",
            "：",
            "（",
            "）",
            "、",
            "「",
            "abc",
            "Yes",
            "x",
        ]);
        proptest::collection::vec(pieces, 0..5).prop_map(|p| p.concat())
    }

    pub(super) fn number() -> impl Strategy<Value = Option<Number>> {
        prop_oneof![
            Just(None),
            any::<i64>().prop_map(|i| Some(Number::from(i))),
            (any::<i64>(), 0u32..8)
                .prop_map(|(m, scale)| Some(Number(rust_decimal::Decimal::new(m, scale)))),
        ]
    }

    pub(super) fn fact() -> impl Strategy<Value = Fact> {
        (
            text(),
            proptest::option::of(1u32..5),
            number(),
            text(),
            proptest::option::of(proptest::sample::select(Approx::ALL)),
            proptest::sample::select(Metric::ALL),
            proptest::option::of(proptest::sample::select(Category::ALL)),
            number(),
            proptest::option::of((0usize..10_000, 0usize..10_000)),
        )
            .prop_map(
                |(quote, occurrence, value, unit, approx, metric, category, change, span)| Fact {
                    quote,
                    occurrence,
                    value,
                    unit,
                    approx,
                    metric,
                    category,
                    change,
                    span: span.map(|(s, e)| [s, e]),
                },
            )
    }

    /// Everything a format writes on stdout for `docs`.
    pub(super) fn render(format: &dyn Format, stream: Stream, docs: &[Extracted]) -> String {
        let mut out = Vec::new();
        format.start(stream, &mut out);
        for (i, doc) in docs.iter().enumerate() {
            format.separator(stream, i == 0, &mut out);
            format.document(doc, stream, &mut out);
        }
        format.end(stream, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_format_is_found_by_its_name() {
        for format in FORMATS {
            let named = OutputFormat::named(format.name()).unwrap();
            assert_eq!(named.0.name(), format.name());
        }
        assert!(OutputFormat::named("xml").is_none());
    }

    #[test]
    fn control_characters_in_names_are_escaped() {
        for (name, want) in [
            ("a/b.txt", "a/b.txt"),
            ("a\nb\r\t.txt", "a\\nb\\r\\t.txt"),
            ("x\u{1b}[31m\u{2028}", "x\\u{1b}[31m\\u{2028}"),
            ("案件\\n", "案件\\n"),
        ] {
            assert_eq!(escape_controls(name), want);
        }
    }
}
