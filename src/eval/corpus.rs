//! Scoring a corpus: every annotation loaded with its source and its
//! predictions (from the extractor or a directory of prediction files),
//! placed, and scored (guide §6), one task per document in parallel.
//!
//! A document that cannot be loaded is a [`Problem`] of its own and is left
//! out of the figures; the others are still scored. `report`, `diff` and the
//! golden comparisons all load documents through [`load_document`].

use crate::annotation::corpus::{DocPaths, Layout, Skipped};
use crate::annotation::load::{self, PlacedFact};
use crate::error::{Error, Result};
use crate::eval::score::{self, DocumentInput, DocumentScore, Report, Side};
use crate::model::{AnnotationFile, Status};
use crate::text::locate::Text;
use rayon::prelude::*;
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// Why one document could not be scored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    fn new(path: &Path, line: Option<usize>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_path_buf(),
            line,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    fn with_hint(mut self, hint: &str) -> Problem {
        self.hint = Some(hint.to_string());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(column) = self.column {
            write!(f, ":{column}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// One document ready to score, with its text (for `diff`).
#[derive(Clone, Debug)]
pub struct LoadedDocument {
    pub text: Text,
    pub input: DocumentInput,
    /// `--predictions` had no file for this document; scored as no facts.
    pub prediction_missing: bool,
}

/// Loads a document's source, gold annotation and predictions (`None`: run
/// the extractor). Drafts are not placed unless `place_drafts`, since they
/// are not scored and may still be unfinished.
pub fn load_document(
    doc: &DocPaths,
    predictions: Option<&Path>,
    place_drafts: bool,
) -> std::result::Result<LoadedDocument, Problem> {
    let gold_file = read_file(&doc.annotation)?;
    let text = read_text(doc)?;
    // "Only reviewed files are scored" (§3): a file without a status is
    // pending like a draft (the validator reports the missing status).
    let draft = gold_file.status != Some(Status::Reviewed);
    let mut input = DocumentInput {
        name: doc.name.clone(),
        draft,
        ..Default::default()
    };
    if draft && !place_drafts {
        return Ok(LoadedDocument {
            text,
            input,
            prediction_missing: false,
        });
    }
    input.gold = place_side(&doc.annotation, &text, &gold_file)?;
    let (predicted, prediction_missing) = predict(doc, &text, predictions)?;
    let predicted_path = predictions.map_or_else(
        || PathBuf::from("(extractor output)"),
        |d| doc.prediction(d),
    );
    input.predicted = place_side(&predicted_path, &text, &predicted)?;
    Ok(LoadedDocument {
        text,
        input,
        prediction_missing,
    })
}

/// A document's predictions alone, placed in its text (for a source with no
/// annotation yet), and whether its prediction file was missing.
pub fn load_predicted(
    doc: &DocPaths,
    text: &Text,
    predictions: Option<&Path>,
) -> std::result::Result<(Side, bool), Problem> {
    let (predicted, missing) = predict(doc, text, predictions)?;
    let path = predictions.map_or_else(
        || PathBuf::from("(extractor output)"),
        |d| doc.prediction(d),
    );
    Ok((place_side(&path, text, &predicted)?, missing))
}

/// The predictions for a document and whether its prediction file was
/// missing (then it predicts nothing).
fn predict(
    doc: &DocPaths,
    text: &Text,
    predictions: Option<&Path>,
) -> std::result::Result<(AnnotationFile, bool), Problem> {
    let Some(dir) = predictions else {
        return Ok((crate::extract::extract(text.as_str()), false));
    };
    let path = doc.prediction(dir);
    if !path.exists() {
        return Ok((AnnotationFile::default(), true));
    }
    Ok((read_file(&path)?, false))
}

fn read_file(path: &Path) -> std::result::Result<AnnotationFile, Problem> {
    load::read_annotation(path).map_err(|e| {
        let line = (e.line > 0).then_some(e.line);
        let mut p = Problem::new(path, line, without_location(&e.message));
        p.column = (e.column > 0).then_some(e.column);
        p.with_hint("run `jingwang validate` for every problem of the file")
    })
}

/// The parser's message without the `error: line N column M:` it starts
/// with, since the problem prints the position itself.
fn without_location(message: &str) -> String {
    let m = message.strip_prefix("error: ").unwrap_or(message);
    match m
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((position, rest)) if position.contains("column") => rest.to_string(),
        _ => m.to_string(),
    }
}

fn read_text(doc: &DocPaths) -> std::result::Result<Text, Problem> {
    if !doc.source.exists() {
        return Err(Problem::new(
            &doc.annotation,
            None,
            format!(
                "annotation without source: {} does not exist",
                doc.source.display()
            ),
        )
        .with_hint(
            "add the source under --corpus with the same relative path, or remove the annotation",
        ));
    }
    crate::text::source::read_source(&doc.source)
        .map(Text::new)
        .map_err(|e| Problem::new(&e.path, None, e.reason))
}

fn place_side(
    path: &Path,
    text: &Text,
    file: &AnnotationFile,
) -> std::result::Result<Side, Problem> {
    let facts: Vec<PlacedFact> = load::place_all(text, file).map_err(|(i, e)| {
        let quote = &file.facts[i].quote;
        let line = fact_line(path, i, file.facts.len());
        Problem::new(path, line, format!("fact {} (quote `{quote}`): {e}", i + 1)).with_hint(
            "fix the quote or its occurrence; `jingwang validate` shows the closest passage",
        )
    })?;
    Ok(Side {
        fields: file.document.clone(),
        facts,
    })
}

/// The YAML line of the `i`-th fact, when the file is in the usual block
/// style (one `quote:` line per fact); `None` otherwise.
fn fact_line(path: &Path, i: usize, facts: usize) -> Option<usize> {
    let yaml = std::fs::read_to_string(path).ok()?;
    let quote_lines: Vec<usize> = yaml
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            l.trim_start()
                .trim_start_matches("- ")
                .starts_with("quote:")
        })
        .map(|(n, _)| n + 1)
        .collect();
    (quote_lines.len() == facts).then(|| quote_lines[i])
}

/// The outcome of scoring a corpus: the report, the documents that could
/// not be scored, and the documents whose prediction file was missing.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub report: Report,
    pub problems: Vec<Problem>,
    pub missing_predictions: Vec<String>,
    /// Prediction files with no annotation: not scored, only reported.
    pub unmatched_predictions: Vec<String>,
    /// How far the annotation of the corpus has come.
    pub progress: Progress,
    /// Annotation files found (scored, pending or broken).
    pub annotations: usize,
}

/// The sources of a corpus by the state of their annotation: the progress
/// figure of an annotation campaign.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Source documents (`.txt`) in the corpus.
    pub sources: usize,
    /// Sources whose annotation is `status: reviewed`.
    pub reviewed: usize,
    /// Sources whose annotation is a draft (or gives no status).
    pub draft: usize,
    /// Sources with no annotation yet.
    pub none: usize,
    /// Sources whose annotation cannot be read (reported as a problem).
    pub unreadable: usize,
}

/// Scores every annotation under the layout (in parallel, one task per
/// document; results keep the annotations' name order).
pub fn score_corpus(layout: &Layout, predictions: Option<&Path>) -> Result<Outcome> {
    if let Some(dir) = predictions {
        check_predictions(dir)?;
    }
    let annotations = layout.annotations()?;
    let sources = layout.sources()?;
    let docs = annotations.docs;
    let mut outcome = Outcome {
        annotations: docs.len(),
        ..Outcome::default()
    };
    let mut skipped = annotations.skipped;
    skipped.extend(sources.skipped);
    let sources = sources.docs;
    if let Some(dir) = predictions {
        let (unmatched, passed_over) = unmatched(dir, &docs)?;
        outcome.unmatched_predictions = unmatched;
        skipped.extend(passed_over);
    }
    outcome.problems.extend(skipped.iter().map(|(path, why)| {
        Problem::new(path, None, why.clone())
            .with_hint("remove or repair the entry; the rest of the folder is scored without it")
    }));
    // Each task keeps only its score: texts and facts are dropped as soon
    // as the document is scored, so memory stays flat over large corpora.
    let results: Vec<_> = docs
        .par_iter()
        .map(|doc| load_document(doc, predictions, false).map(|l| Scored::of(&l)))
        .collect();
    let (mut scored, mut pending) = (Vec::new(), Vec::new());
    let mut states = Vec::with_capacity(docs.len());
    for (doc, result) in docs.iter().zip(results) {
        let state = match result {
            Ok(Scored::Pending(name)) => {
                pending.push(name);
                State::Draft
            }
            Ok(Scored::Done {
                score,
                prediction_missing,
            }) => {
                if prediction_missing {
                    outcome.missing_predictions.push(score.name.clone());
                }
                scored.push(score);
                State::Reviewed
            }
            Err(p) => {
                outcome.problems.push(p);
                // Placed or not, the file says what it is, when it can be read.
                match load::read_annotation(&doc.annotation) {
                    Ok(f) if f.status == Some(Status::Reviewed) => State::Reviewed,
                    Ok(_) => State::Draft,
                    Err(_) => State::Unreadable,
                }
            }
        };
        states.push((doc.name.as_str(), state));
    }
    outcome.progress = progress(&sources, &states);
    outcome.report = score::total(scored, pending);
    Ok(outcome)
}

/// What became of one annotation file.
#[derive(Clone, Copy)]
enum State {
    Reviewed,
    Draft,
    Unreadable,
}

/// Counts the sources by the state of their annotation (`states` sorted by
/// name, as the annotations are).
fn progress(sources: &[DocPaths], states: &[(&str, State)]) -> Progress {
    let mut p = Progress {
        sources: sources.len(),
        ..Progress::default()
    };
    for source in sources {
        match states.binary_search_by(|(n, _)| (*n).cmp(&source.name)) {
            Ok(i) => match states[i].1 {
                State::Reviewed => p.reviewed += 1,
                State::Draft => p.draft += 1,
                State::Unreadable => p.unreadable += 1,
            },
            Err(_) => p.none += 1,
        }
    }
    p
}

/// A predictions folder must exist and hold prediction files: scoring an
/// empty or mistyped one would score the ground truth against nothing.
pub fn check_predictions(dir: &Path) -> Result<()> {
    let hint = "pass the directory `jingwang extract -o DIR` wrote";
    if !dir.is_dir() {
        let what = if dir.exists() {
            "is not a directory"
        } else {
            "does not exist"
        };
        return Err(
            Error::new(format!("predictions directory {} {what}", dir.display())).with_hint(hint),
        );
    }
    let any = crate::text::walk::files(dir, "yaml").any(|found| found.is_ok());
    if !any {
        return Err(Error::new(format!(
            "predictions directory {} holds no prediction file (.yaml)",
            dir.display()
        ))
        .with_hint(hint));
    }
    Ok(())
}

/// Names of prediction files under `dir` that no annotation asks for, and
/// the entries of `dir` that could not be read.
fn unmatched(dir: &Path, docs: &[DocPaths]) -> Result<(Vec<String>, Vec<Skipped>)> {
    let found = crate::annotation::corpus::relative_names(dir, "yaml").map_err(|e| {
        Error::new(format!(
            "cannot read predictions directory {}: {e}",
            dir.display()
        ))
    })?;
    let unmatched = found
        .names
        .into_iter()
        .filter(|n| docs.binary_search_by(|d| d.name.cmp(n)).is_err())
        .collect();
    Ok((unmatched, found.skipped))
}

/// What scoring one loaded document leaves.
enum Scored {
    Pending(String),
    Done {
        score: DocumentScore,
        prediction_missing: bool,
    },
}

impl Scored {
    fn of(l: &LoadedDocument) -> Scored {
        if l.input.draft {
            return Scored::Pending(l.input.name.clone());
        }
        Scored::Done {
            score: score::score_document(&l.input),
            prediction_missing: l.prediction_missing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_positions_are_moved_out_of_the_message() {
        let cases = [
            (
                "error: line 9 column 5: unknown field `metrics`",
                "unknown field `metrics`",
            ),
            ("line 9 column 5: unknown field", "unknown field"),
            // Only a position with a column is the parser's prefix.
            ("line 2: no column here", "line 2: no column here"),
            ("error: cannot read", "cannot read"),
            ("missing field `status`", "missing field `status`"),
        ];
        for (message, want) in cases {
            assert_eq!(without_location(message), want, "{message:?}");
        }
    }

    /// A file that cannot be read or parsed is a problem at the position
    /// the parser gives, and at none when it gives none.
    #[test]
    fn unreadable_files_are_problems_with_their_position() {
        /// The file's bytes, the line and column expected, the message.
        type Case<'a> = (&'a [u8], Option<usize>, Option<usize>, &'a str);
        let cases: &[Case] = &[
            (b"status: \xff\n", None, None, "cannot read"),
            (
                b"status: reviewed\nfacts:\n  - quote: x\n    metrics: cases\n",
                Some(4),
                Some(5),
                "unknown key `metrics` in a fact",
            ),
        ];
        let dir = tempfile::tempdir().unwrap();
        for (bytes, line, column, message) in cases {
            let path = dir.path().join("a.yaml");
            std::fs::write(&path, bytes).unwrap();
            let p = read_file(&path).expect_err("the file is refused");
            assert_eq!((p.line, p.column), (*line, *column), "{p}");
            assert!(p.message.starts_with(message), "{p}");
            let at = match (line, column) {
                (Some(l), Some(c)) => format!(":{l}:{c}: "),
                _ => ": ".to_string(),
            };
            let shown = p.to_string();
            assert!(
                shown.starts_with(&format!("error: {}{at}{message}", path.display())),
                "{shown}"
            );
            assert!(
                shown.ends_with("\n  hint: run `jingwang validate` for every problem of the file")
            );
        }
    }
}
