//! The `report` command: loads every annotation with its source and its
//! predictions (from the extractor or a `--predictions` directory), scores
//! them (`score`), and prints the result as a table, JSON or Markdown.
//!
//! Loading one document is shared with `diff` ([`load_document`]). A
//! document that cannot be loaded is reported on stderr and left out of the
//! scores; the others are still scored and the exit code is 1 at the end.

use crate::annotation::corpus::{DocPaths, Layout};
use crate::annotation::load::{self, PlacedFact};
use crate::cli::{ReportArgs, ReportFormat};
use crate::error::{Error, Result};
use crate::eval::score::{self, Counts, DocumentInput, DocumentScore, Report, Side};
use crate::model::{AnnotationFile, Status};
use crate::text::locate::Text;
use rayon::prelude::*;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
}

/// Scores every annotation under the layout (in parallel, one task per
/// document; results keep the annotations' name order).
pub fn score_corpus(layout: &Layout, predictions: Option<&Path>) -> Result<Outcome> {
    if let Some(dir) = predictions {
        if !dir.is_dir() {
            return Err(Error::new(format!(
                "predictions directory {} does not exist",
                dir.display()
            ))
            .with_hint("pass the directory `jingwang extract -o DIR` wrote"));
        }
    }
    let docs = layout.annotations()?;
    let mut outcome = Outcome::default();
    if let Some(dir) = predictions {
        outcome.unmatched_predictions = unmatched(dir, &docs)?;
    }
    // Each task keeps only its score: texts and facts are dropped as soon
    // as the document is scored, so memory stays flat over large corpora.
    let results: Vec<_> = docs
        .par_iter()
        .map(|doc| load_document(doc, predictions, false).map(|l| Scored::of(&l)))
        .collect();
    let (mut scored, mut pending) = (Vec::new(), Vec::new());
    for result in results {
        match result {
            Ok(Scored::Pending(name)) => pending.push(name),
            Ok(Scored::Done {
                score,
                prediction_missing,
            }) => {
                if prediction_missing {
                    outcome.missing_predictions.push(score.name.clone());
                }
                scored.push(score);
            }
            Err(p) => outcome.problems.push(p),
        }
    }
    outcome.report = score::total(scored, pending);
    Ok(outcome)
}

/// Names of prediction files under `dir` that no annotation asks for.
fn unmatched(dir: &Path, docs: &[DocPaths]) -> Result<Vec<String>> {
    let names = crate::annotation::corpus::relative_names(dir, "yaml").map_err(|e| {
        Error::new(format!(
            "cannot read predictions directory {}: {e}",
            dir.display()
        ))
    })?;
    Ok(names
        .into_iter()
        .filter(|n| docs.binary_search_by(|d| d.name.cmp(n)).is_err())
        .collect())
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

/// Runs the `report` command.
pub fn run(args: &ReportArgs) -> Result<ExitCode> {
    let outcome = score_corpus(&args.layout.layout(), args.predictions.as_deref())?;
    for name in &outcome.missing_predictions {
        eprintln!("warning: no prediction file for {name}; scored as predicting no facts");
    }
    for name in &outcome.unmatched_predictions {
        eprintln!("warning: prediction file for {name} has no annotation; not scored");
    }
    for p in &outcome.problems {
        eprintln!("{p}");
    }
    let out = match args.format {
        ReportFormat::Json => {
            serde_json::to_string_pretty(&outcome.report).map_err(|e| Error::new(e.to_string()))?
                + "\n"
        }
        ReportFormat::Table => render(&outcome, Style::Plain),
        ReportFormat::Markdown => render(&outcome, Style::Markdown),
    };
    if let Err(e) = std::io::stdout().lock().write_all(out.as_bytes()) {
        // A reader that stops early (`| head`) is not an error.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(Error::new(format!("cannot write output: {e}")));
        }
    }
    if !outcome.problems.is_empty() {
        eprintln!(
            "{} document(s) could not be scored and are left out of the figures",
            outcome.problems.len()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Markdown,
}

/// The whole human-readable report.
fn render(outcome: &Outcome, style: Style) -> String {
    let r = &outcome.report;
    let mut sections = vec![
        section(style, "documents", &documents_table(outcome)),
        section(style, "totals", &totals_table(r)),
        section(
            style,
            &format!("attributes (share of {} pairs equal)", r.totals.facts.tp),
            &attributes_table(r),
        ),
        section(style, "per metric (labels with facts)", &metrics_table(r)),
        section(
            style,
            &format!("document fields (share of {} documents equal)", r.documents),
            &fields_table(r),
        ),
    ];
    let pending = if r.pending.is_empty() {
        "none".to_string()
    } else {
        r.pending.join(", ")
    };
    sections.push(match style {
        Style::Plain => format!("pending (not reviewed, not scored): {pending}\n"),
        Style::Markdown => format!("**Pending** (not reviewed, not scored): {pending}\n"),
    });
    sections.join("\n")
}

fn section(style: Style, title: &str, table: &Table) -> String {
    match style {
        Style::Plain => format!("{title}\n{}", table.plain()),
        Style::Markdown => format!("### {}\n\n{}", capitalise(title), table.markdown()),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

/// The per-document lines and the total, as an aligned plain-text table.
pub fn document_summary(outcome: &Outcome) -> String {
    documents_table(outcome).plain()
}

fn documents_table(outcome: &Outcome) -> Table {
    let mut t = Table::new(&[
        "document",
        "tp",
        "pred",
        "gold",
        "P",
        "R",
        "F1",
        "strict F1",
        "region",
        "campaign",
    ]);
    for d in &outcome.report.by_document {
        let mut name = d.name.clone();
        if outcome.missing_predictions.contains(&d.name) {
            name.push_str(" (no prediction file)");
        }
        t.row(document_row(name, d));
    }
    let r = &outcome.report;
    let total = DocumentScore {
        name: String::new(),
        scores: r.totals.clone(),
    };
    t.row(document_row(
        format!("total ({} documents)", r.documents),
        &total,
    ));
    t
}

fn document_row(name: String, d: &DocumentScore) -> Vec<String> {
    let s = &d.scores;
    let f = &s.facts;
    vec![
        name,
        f.tp.to_string(),
        f.predicted.to_string(),
        f.gold.to_string(),
        num(f.precision()),
        num(f.recall()),
        num(f.f1()),
        num(s.strict.f1()),
        share(s.document_fields.region.share()),
        share(s.document_fields.campaign.share()),
    ]
}

fn totals_table(r: &Report) -> Table {
    let mut t = Table::new(&["", "tp", "pred", "gold", "P", "R", "F1"]);
    t.row(counts_row("facts", &r.totals.facts));
    t.row(counts_row(
        "strict (all attributes equal)",
        &r.totals.strict,
    ));
    t
}

fn counts_row(label: &str, c: &Counts) -> Vec<String> {
    vec![
        label.to_string(),
        c.tp.to_string(),
        c.predicted.to_string(),
        c.gold.to_string(),
        num(c.precision()),
        num(c.recall()),
        num(c.f1()),
    ]
}

fn attributes_table(r: &Report) -> Table {
    let mut t = Table::new(&["attribute", "equal", "pairs", "share"]);
    for (name, a) in r.totals.attributes.named() {
        t.row(vec![
            name.to_string(),
            a.equal.to_string(),
            a.total.to_string(),
            share(a.share()),
        ]);
    }
    t
}

/// One row per metric label that occurs on either side; labels with no
/// fact at all would only show undefined ratios.
fn metrics_table(r: &Report) -> Table {
    let mut t = Table::new(&["metric", "tp", "pred", "gold", "P", "R", "F1"]);
    for (m, c) in &r.totals.metrics.0 {
        if c.predicted + c.gold > 0 {
            t.row(counts_row(m.as_str(), c));
        }
    }
    t
}

fn fields_table(r: &Report) -> Table {
    let mut t = Table::new(&["field", "equal", "documents", "share"]);
    let d = &r.totals.document_fields;
    for (name, a) in [("region", d.region), ("campaign", d.campaign)] {
        t.row(vec![
            name.into(),
            a.equal.to_string(),
            a.total.to_string(),
            share(a.share()),
        ]);
    }
    t
}

fn num(x: f64) -> String {
    format!("{x:.3}")
}

/// A share, or `–` when there was nothing to compare.
fn share(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), num)
}

/// A table whose first column is text (left-aligned) and the rest figures
/// (right-aligned).
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    fn row(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    fn widths(&self) -> Vec<usize> {
        let mut w: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                w[i] = w[i].max(cell.chars().count());
            }
        }
        w
    }

    fn line(cells: &[String], widths: &[usize]) -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (c, &w))| {
                let pad = " ".repeat(w - c.chars().count());
                if i == 0 {
                    format!("{c}{pad}")
                } else {
                    format!("{pad}{c}")
                }
            })
            .collect();
        padded.join("  ").trim_end().to_string()
    }

    fn plain(&self) -> String {
        let w = self.widths();
        let mut out = format!("  {}\n", Self::line(&self.header, &w));
        for row in &self.rows {
            out.push_str(&format!("  {}\n", Self::line(row, &w)));
        }
        out
    }

    fn markdown(&self) -> String {
        let row = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
        let mut out = row(&self.header);
        let rule: Vec<String> = (0..self.header.len())
            .map(|i| {
                if i == 0 {
                    ":--".to_string()
                } else {
                    "--:".to_string()
                }
            })
            .collect();
        out.push_str(&row(&rule));
        for r in &self.rows {
            out.push_str(&row(r));
        }
        out
    }
}
