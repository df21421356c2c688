//! A file marked `status: reviewed` that is still the extractor's draft.
//!
//! `jingwang annotate` writes a draft from the extractor's output; scoring
//! such a file unchanged would score the extractor against itself. A
//! reviewed file that still carries the draft's header and whose facts
//! (each at the same place, with the same value and attributes) and
//! document fields are exactly what the extractor finds in the source is
//! an error, unless the annotator says in so many words that they checked
//! it and agree: the comment line [`CONFIRMATION`]. The draft's header left
//! at the top of a reviewed file that was edited is a warning.
//!
//! Why the header is part of the test: a file written by hand, or a draft
//! whose header the annotator deleted while checking it, may well hold
//! exactly what a good extractor finds; the better the extractor, the more
//! often. Holding those against the extractor's output would make a
//! reviewed annotation invalid the day the extractor improves.
//!
//! The draft is the extractor's output now, not a copy kept from when the
//! file was drafted: a file that differs from it in anything was edited (or
//! drafted by an older extractor, which is scored fairly either way).

use crate::annotation::check::diag::Severity;
use crate::annotation::check::schema::{Checked, FactEntry, Sink};
use crate::annotation::yaml_tree::Pos;
use crate::model::{Attribute, Fact, Status};
use crate::text::locate::{Span, Text};

/// The first words of the header `jingwang annotate` writes on a draft.
pub const DRAFT_HEADER: &str = "DRAFT written by `jingwang annotate`";

/// The comment line by which an annotator confirms a reviewed file whose
/// facts are all as the extractor drafted them.
pub const CONFIRMATION: &str = "# reviewed as drafted";

/// Checks a reviewed file against the extractor's draft of its source.
/// `placed` holds every fact that could be read and placed, with its span.
pub fn check_draft(
    yaml: &str,
    checked: &Checked,
    placed: &[(&FactEntry, Span)],
    text: &Text,
    sink: &mut Sink,
) {
    if checked.status != Some(Status::Reviewed) {
        return;
    }
    let header = yaml
        .lines()
        .position(|l| is_comment_with(l, &format!("# {DRAFT_HEADER}")));
    let confirmed = yaml.lines().any(|l| is_comment_with(l, CONFIRMATION));
    let untouched = header.is_some()
        && !confirmed
        && placed.len() == checked.facts.len()
        && is_draft(checked, placed, text);
    let status_at = status_position(yaml);
    if untouched {
        sink.at(
            Severity::Error,
            status_at,
            format!(
                "`status: reviewed` on the extractor's draft: under the DRAFT header, its {} fact{}, region and campaign are exactly what `jingwang annotate` writes",
                placed.len(),
                if placed.len() == 1 { "" } else { "s" },
            ),
            Some(format!(
                "scoring it would score the extractor against itself: check every fact against the text, correct it, add what the extractor missed (docs/annotation-guide.md, Workflow); if every fact is right as drafted, say so with the comment line `{CONFIRMATION}: every fact checked against the source`"
            )),
        );
    } else if let Some(line) = header {
        sink.at_width(
            Severity::Warning,
            Pos {
                line: line + 1,
                column: 1,
            },
            DRAFT_HEADER.chars().count() + 2,
            "the DRAFT header of `jingwang annotate` is still at the top of a reviewed file",
            Some("delete the header's comment lines once the file is reviewed".into()),
        );
    }
}

/// Whether a line is a comment starting with `prefix` (indentation aside).
fn is_comment_with(line: &str, prefix: &str) -> bool {
    line.trim_start().starts_with(prefix)
}

/// Where `status:` is written (the file's first line when it is not).
fn status_position(yaml: &str) -> Pos {
    yaml.lines()
        .position(|l| l.starts_with("status:"))
        .map_or(Pos { line: 1, column: 1 }, |i| Pos {
            line: i + 1,
            column: "status: ".len() + 1,
        })
}

/// Whether the file's document fields and facts are the extractor's output
/// for the source, fact for fact at the same places.
fn is_draft(checked: &Checked, placed: &[(&FactEntry, Span)], text: &Text) -> bool {
    let draft = crate::extract::extract(text.as_str());
    if draft.document != checked.document || draft.facts.len() != placed.len() {
        return false;
    }
    placed
        .iter()
        .zip(&draft.facts)
        .all(|((entry, span), drafted)| {
            entry
                .to_fact()
                .is_some_and(|fact| same_fact(&fact, *span, drafted))
        })
}

/// The same fact at the same place: what `annotate` would have written.
fn same_fact(fact: &Fact, span: Span, drafted: &Fact) -> bool {
    drafted.span == Some(span.as_array())
        && fact.value == drafted.value
        && Attribute::ALL.iter().all(|a| a.equal(fact, drafted))
}
