//! The `report` command: scores the corpus (`eval::corpus`) and prints the
//! result as a table, JSON or Markdown. A document that cannot be loaded is
//! reported on stderr and left out of the scores; the others are still
//! scored and the exit code is 1 at the end.

use crate::annotation::corpus::Root;
use crate::cli::{ReportArgs, ReportFormat};
use crate::error::{Error, Result};
use crate::eval::corpus::{score_corpus, Outcome, Progress};
use crate::eval::score::{Counts, DocumentScore, Report};
use std::process::ExitCode;

/// Runs the `report` command: one report per corpus root (saved
/// predictions score the first root only: they mirror one corpus).
pub fn run(args: &ReportArgs) -> Result<ExitCode> {
    let mut roots = args.layout.roots()?;
    if args.predictions.is_some() && roots.len() > 1 {
        for r in &roots[1..] {
            say!(
                "note: corpus root `{}` not scored: --predictions mirrors one corpus (pass --corpus and --annotations to score it)",
                r.name
            );
        }
        roots.truncate(1);
    }
    let mut scored = Vec::new();
    for root in roots {
        let outcome = score_corpus(&root.layout, args.predictions.as_deref())?;
        for name in &outcome.missing_predictions {
            say!("warning: no prediction file for {name}; scored as predicting no facts");
        }
        for name in &outcome.unmatched_predictions {
            say!("warning: prediction file for {name} has no annotation; not scored");
        }
        for p in &outcome.problems {
            say!("{p}");
        }
        scored.push((root, outcome));
    }
    let annotations: usize = scored.iter().map(|(_, o)| o.annotations).sum();
    if annotations == 0 {
        let folders: Vec<String> = scored
            .iter()
            .map(|(r, _)| r.layout.annotations.display().to_string())
            .collect();
        return Err(Error::new(format!(
            "nothing to score: no annotation file (.yaml) in {}",
            folders.join(", ")
        ))
        .with_hint("`jingwang annotate corpus/NAME.txt` writes a draft to check; set `status: reviewed` once it is, and `report` scores it"));
    }
    for (root, outcome) in &scored {
        if outcome.annotations == 0 {
            say!(
                "note: corpus root `{}` has no annotation file in {} yet",
                root.name,
                root.layout.annotations.display()
            );
        }
    }
    let out = match (args.format, scored.as_slice()) {
        (ReportFormat::Json, [(_, outcome)]) => json(&with_progress(outcome)?)? + "\n",
        (ReportFormat::Json, _) => {
            let roots: Vec<serde_json::Value> = scored
                .iter()
                .map(|(root, outcome)| {
                    Ok(serde_json::json!({
                        "name": root.name,
                        "corpus": root.layout.corpus,
                        "annotations": root.layout.annotations,
                        "report": with_progress(outcome)?,
                    }))
                })
                .collect::<Result<_>>()?;
            json(&serde_json::json!({ "roots": roots }))? + "\n"
        }
        (format, [(root, outcome)]) => render(&root.name, outcome, style_of(format)),
        (format, _) => {
            let style = style_of(format);
            let mut parts: Vec<String> = scored
                .iter()
                .map(|(root, outcome)| {
                    let heading = format!(
                        "root {}: {} scored against {}",
                        root.name,
                        root.layout.corpus.display(),
                        root.layout.annotations.display()
                    );
                    let heading = match style {
                        Style::Plain => format!("== {heading} ==\n\n"),
                        Style::Markdown => format!("## {}\n\n", capitalise(&heading)),
                    };
                    heading + &render(&root.name, outcome, style)
                })
                .collect();
            parts.push(section(style, "roots", &roots_table(&scored)));
            let progress: Vec<(&str, Progress)> = scored
                .iter()
                .map(|(root, outcome)| (root.name.as_str(), outcome.progress))
                .collect();
            parts.push(section(
                style,
                "progress (sources by annotation)",
                &progress_table(&progress),
            ));
            parts.join("\n")
        }
    };
    crate::cli::print(&out)?;
    let problems: usize = scored.iter().map(|(_, o)| o.problems.len()).sum();
    if problems > 0 {
        say!("{problems} document(s) could not be scored and are left out of the figures");
        return Ok(ExitCode::from(1));
    }
    let documents: usize = scored.iter().map(|(_, o)| o.report.documents).sum();
    if documents == 0 {
        let pending: usize = scored.iter().map(|(_, o)| o.report.pending.len()).sum();
        say!(
            "nothing scored: no annotation is reviewed yet ({pending} draft{} pending); set `status: reviewed` on a checked annotation to score it",
            if pending == 1 { "" } else { "s" }
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The report as JSON with the corpus's progress beside its figures.
fn with_progress(outcome: &Outcome) -> Result<serde_json::Value> {
    let mut value = serde_json::to_value(&outcome.report).map_err(|e| Error::new(e.to_string()))?;
    if let Some(object) = value.as_object_mut() {
        let progress =
            serde_json::to_value(outcome.progress).map_err(|e| Error::new(e.to_string()))?;
        object.insert("progress".into(), progress);
    }
    Ok(value)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| Error::new(e.to_string()))
}

fn style_of(format: ReportFormat) -> Style {
    match format {
        ReportFormat::Markdown => Style::Markdown,
        _ => Style::Plain,
    }
}

/// One line per corpus root: its totals.
fn roots_table(scored: &[(Root, Outcome)]) -> Table {
    let mut columns = vec!["root", "documents"];
    columns.extend(&SCORE_COLUMNS[1..]);
    let mut t = Table::new(&columns);
    for (root, outcome) in scored {
        let r = &outcome.report;
        let total = DocumentScore {
            name: String::new(),
            scores: r.totals.clone(),
        };
        let mut row = document_row(root.name.clone(), &total);
        row.insert(1, r.documents.to_string());
        t.row(row);
    }
    t
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Markdown,
}

/// The whole human-readable report of the corpus root `name`.
fn render(name: &str, outcome: &Outcome, style: Style) -> String {
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
    sections.push(section(
        style,
        "progress (sources by annotation)",
        &progress_table(&[(name, outcome.progress)]),
    ));
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

/// How many sources have a reviewed annotation, a draft, none, or one that
/// cannot be read.
fn progress_table(rows: &[(&str, Progress)]) -> Table {
    let mut t = Table::new(&["root", "sources", "reviewed", "draft", "none", "unreadable"]);
    for (name, p) in rows {
        t.row(vec![
            name.to_string(),
            p.sources.to_string(),
            p.reviewed.to_string(),
            p.draft.to_string(),
            p.none.to_string(),
            p.unreadable.to_string(),
        ]);
    }
    t
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

/// The columns of a line of scores ([`document_row`]), named by its first.
const SCORE_COLUMNS: [&str; 10] = [
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
];

fn documents_table(outcome: &Outcome) -> Table {
    let mut t = Table::new(&SCORE_COLUMNS);
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
