//! Loading annotation and prediction files into the model, and placing their
//! facts in the source text.
//!
//! Loading is strict (unknown keys and labels are errors). The validator
//! (`validate`) reports every problem with positions; scoring only needs to
//! know that a file is usable, and uses the first error otherwise.

use crate::annotation::check::diag::Severity;
use crate::annotation::check::schema::{self, Sink};
use crate::annotation::yaml_tree;
use crate::model::{AnnotationFile, Fact};
use crate::text::locate::{LocateError, Quotes, Span, Text};
use std::fmt;
use std::path::Path;

/// An annotation file that could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Parses YAML text into an annotation file: the usual block style by the
/// fast reader (`block_yaml`), anything else by the validator's own reading
/// (`yaml_tree` and `check::schema`), so that a file scores exactly when it
/// validates: one number parser, one set of rules, and the first error the
/// validator would report when it does not.
pub fn parse_annotation(yaml: &str) -> Result<AnnotationFile, LoadError> {
    match crate::annotation::block_yaml::read(yaml) {
        Some(file) if schema::labels_ok(&file) => Ok(file),
        _ => parse_full(yaml),
    }
}

/// The full reading: the validator's YAML tree and schema check.
pub(crate) fn parse_full(yaml: &str) -> Result<AnnotationFile, LoadError> {
    let root = yaml_tree::parse(yaml).map_err(|e| LoadError {
        line: e.pos.line,
        column: e.pos.column,
        message: e.message,
    })?;
    let mut sink = Sink::new("", yaml);
    let checked = schema::check(&root, &mut sink, false);
    if let Some(d) = sink.diags.iter().find(|d| d.severity == Severity::Error) {
        return Err(LoadError {
            line: d.line,
            column: d.column,
            message: d.message.clone(),
        });
    }
    let facts = checked
        .facts
        .iter()
        .map(|f| {
            f.to_fact().ok_or_else(|| LoadError {
                line: f.at.line,
                column: f.at.column,
                message: "fact is missing a required field".into(),
            })
        })
        .collect::<Result<Vec<Fact>, LoadError>>()?;
    Ok(AnnotationFile {
        status: checked.status,
        document: checked.document,
        facts,
    })
}

/// Reads and parses an annotation file.
pub fn read_annotation(path: &Path) -> Result<AnnotationFile, LoadError> {
    use crate::text::source::{read_utf8, Utf8FileError};
    let text = read_utf8(path).map_err(|e| LoadError {
        line: 0,
        column: 0,
        message: match e {
            Utf8FileError::Read(e) => format!("cannot read: {e}"),
            Utf8FileError::NotUtf8(at) => {
                format!("cannot read: not UTF-8 (invalid byte at offset {at})")
            }
        },
    })?;
    parse_annotation(&text)
}

/// A fact together with the span it occupies in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedFact {
    pub span: Span,
    pub fact: Fact,
}

/// Why a fact could not be placed in its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlaceError {
    Locate(LocateError),
    /// A prediction's span is outside the text or its text is not the quote.
    SpanMismatch {
        span: [usize; 2],
        found: Option<String>,
    },
}

impl fmt::Display for PlaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlaceError::Locate(LocateError::NotFound) => {
                f.write_str("quote not found in the source")
            }
            PlaceError::Locate(LocateError::Ambiguous(n)) => {
                write!(
                    f,
                    "quote occurs {n} times in the source and no occurrence is given"
                )
            }
            PlaceError::Locate(LocateError::OccurrenceOutOfRange { wanted, found }) => {
                write!(
                    f,
                    "occurrence {wanted} asked for, but the quote occurs {found} time(s)"
                )
            }
            PlaceError::SpanMismatch {
                span,
                found: Some(t),
            } => {
                write!(
                    f,
                    "span [{}, {}] holds `{t}`, not the quote",
                    span[0], span[1]
                )
            }
            PlaceError::SpanMismatch { span, found: None } => {
                write!(f, "span [{}, {}] is outside the source", span[0], span[1])
            }
        }
    }
}

/// Places one fact: its `span` when given (authoritative, must hold the
/// quote), else its quote at its occurrence (§6).
pub fn place(text: &Text, fact: &Fact) -> Result<Span, PlaceError> {
    place_in(&mut Quotes::new(text), fact)
}

/// As `place`, with the quotes of the text searched once for all facts.
fn place_in(quotes: &mut Quotes, fact: &Fact) -> Result<Span, PlaceError> {
    let text = quotes.text();
    if let Some([s, e]) = fact.span {
        let span = Span::new(s, e);
        return match text.slice(span) {
            Some(t) if t == fact.quote => Ok(span),
            found => Err(PlaceError::SpanMismatch {
                span: [s, e],
                found: found.map(str::to_string),
            }),
        };
    }
    quotes
        .locate(&fact.quote, fact.occurrence)
        .map_err(PlaceError::Locate)
}

/// Places every fact of a file, stopping at the first that cannot be placed
/// (its index and the reason).
pub fn place_all(
    text: &Text,
    file: &AnnotationFile,
) -> Result<Vec<PlacedFact>, (usize, PlaceError)> {
    let mut quotes = Quotes::new(text);
    file.facts
        .iter()
        .enumerate()
        .map(|(i, f)| {
            place_in(&mut quotes, f)
                .map(|span| PlacedFact {
                    span,
                    fact: f.clone(),
                })
                .map_err(|e| (i, e))
        })
        .collect()
}
