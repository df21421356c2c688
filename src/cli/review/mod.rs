//! The `review` command: a static site of the ground truth against the
//! predictions, one page per source and an index, that opens from disk with
//! no network. `serve` renders the same pages with editing controls.
//!
//! This module gathers what a page shows ([`DocView`], [`Site`]); `html`
//! renders it, with the stylesheet and script of this folder (`review.css`,
//! `review.js`, compiled in with `include_str!`).
//!
//! **Invariant:** the figures shown are the scorer's: each document through
//! `eval::score::score_document`, the totals through `score::total` over the
//! reviewed documents, as `report` computes them.

pub mod html;

use crate::annotation::check::diag::Diagnostic;
use crate::annotation::check::validate_file;
use crate::annotation::corpus::{DocPaths, Layout};
use crate::annotation::load::{read_annotation, PlacedFact};
use crate::cli::ReviewArgs;
use crate::error::{Error, Result};
use crate::eval::compare::{differences, Comparison};
use crate::eval::corpus::{load_document, load_predicted};
use crate::eval::score::{self, DocumentScore, Report};
use crate::model::{Attribute, DocumentFields, Status};
use crate::text::locate::{Span, Text};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The stylesheet and script every page links to.
pub const CSS: &str = include_str!("review.css");
pub const JS: &str = include_str!("review.js");

/// Where a document's ground truth stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocStatus {
    Reviewed,
    Draft,
    /// No annotation file yet.
    None,
}

impl DocStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Reviewed => "reviewed",
            DocStatus::Draft => "draft",
            DocStatus::None => "none",
        }
    }
}

/// How a highlighted fact (or pair of facts) came out of the alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// A gold fact no prediction is paired with.
    Missed,
    /// A prediction paired with no gold fact.
    Spurious,
    /// A pair that differs on some attribute.
    Mismatch,
    /// A pair equal on every attribute.
    Matched,
    /// A prediction on a source without ground truth.
    Predicted,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Matched,
        Outcome::Mismatch,
        Outcome::Missed,
        Outcome::Spurious,
        Outcome::Predicted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Missed => "missed",
            Outcome::Spurious => "spurious",
            Outcome::Mismatch => "mismatch",
            Outcome::Matched => "matched",
            Outcome::Predicted => "predicted",
        }
    }

    /// What an annotator reads: "matched, attributes differ" etc.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Missed => "missed",
            Outcome::Spurious => "spurious",
            Outcome::Mismatch => "matched, attributes differ",
            Outcome::Matched => "matched",
            Outcome::Predicted => "predicted (no ground truth)",
        }
    }

    /// Whether keyboard navigation stops at it.
    pub fn is_difference(self) -> bool {
        matches!(
            self,
            Outcome::Missed | Outcome::Spurious | Outcome::Mismatch
        )
    }
}

/// One highlight: a gold fact, a prediction, or a pair of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub outcome: Outcome,
    /// Index into the document's gold facts (file order).
    pub gold: Option<usize>,
    /// Index into its predicted facts.
    pub predicted: Option<usize>,
    /// Attributes on which a pair differs.
    pub differences: Vec<Attribute>,
    /// The union of the facts' spans.
    pub span: Span,
}

/// Everything one document page shows.
#[derive(Clone, Debug)]
pub struct DocView {
    pub paths: DocPaths,
    pub status: DocStatus,
    /// The source, when it could be read.
    pub text: Option<Text>,
    pub gold: Vec<PlacedFact>,
    pub predicted: Vec<PlacedFact>,
    pub gold_fields: Option<DocumentFields>,
    pub predicted_fields: DocumentFields,
    /// The scorer's figures, when there is ground truth to score against
    /// (drafts too; only reviewed documents count in the totals).
    pub score: Option<DocumentScore>,
    pub items: Vec<Item>,
    /// Page furniture (navigation, related lists, editor lines…) in the
    /// original text, as the extractor's segmentation finds it.
    pub furniture: Vec<Span>,
    /// Why the document could not be shown in full.
    pub problems: Vec<String>,
    /// The validator's findings on the annotation.
    pub diagnostics: Vec<Diagnostic>,
    /// `--predictions` had no file for this document.
    pub prediction_missing: bool,
    /// A fingerprint of the annotation file as read (see [`version_of`]).
    pub version: String,
}

impl DocView {
    /// Counts of the items by outcome.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.items.iter().filter(|i| i.outcome == outcome).count()
    }

    /// Whether the document counts in the totals (as `report` counts it).
    pub fn scored(&self) -> bool {
        self.status == DocStatus::Reviewed && self.problems.is_empty()
    }
}

/// The whole site: every document and the report over the reviewed ones.
pub struct Site {
    pub corpus: PathBuf,
    /// What the predictions are: the extractor, or a directory.
    pub predictions: String,
    pub docs: Vec<DocView>,
    pub report: Report,
}

impl Site {
    pub fn count(&self, status: DocStatus) -> usize {
        self.docs.iter().filter(|d| d.status == status).count()
    }
}

/// A fingerprint of a file's bytes (FNV-1a, 64 bits, and the length): what
/// a page was rendered from, so that an edit made from a stale page is
/// refused. `-` when the file does not exist.
pub fn version_of(bytes: Option<&[u8]>) -> String {
    let Some(bytes) = bytes else {
        return "-".into();
    };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}-{}", bytes.len())
}

/// Every source of the corpus (and every annotation without a source),
/// sorted by name.
pub fn documents(layout: &Layout) -> Result<Vec<DocPaths>> {
    let mut docs = layout.sources()?;
    if layout.annotations.is_dir() {
        for d in layout.annotations()? {
            if !d.source.exists() {
                docs.push(d);
            }
        }
    }
    docs.sort();
    Ok(docs)
}

/// Reads and compares one document.
pub fn view(doc: &DocPaths, predictions: Option<&Path>) -> DocView {
    let yaml = std::fs::read(&doc.annotation).ok();
    let mut v = DocView {
        paths: doc.clone(),
        status: DocStatus::None,
        text: None,
        gold: Vec::new(),
        predicted: Vec::new(),
        gold_fields: None,
        predicted_fields: DocumentFields::default(),
        score: None,
        items: Vec::new(),
        furniture: Vec::new(),
        problems: Vec::new(),
        diagnostics: Vec::new(),
        prediction_missing: false,
        version: version_of(yaml.as_deref()),
    };
    if yaml.is_some() {
        v.status = match read_annotation(&doc.annotation) {
            Ok(f) if f.status == Some(Status::Reviewed) => DocStatus::Reviewed,
            _ => DocStatus::Draft,
        };
        v.diagnostics = validate_file(doc)
            .into_iter()
            .filter(|d| d.severity != crate::annotation::check::diag::Severity::Note)
            .collect();
        match load_document(doc, predictions, true) {
            Ok(l) => {
                v.score = Some(score::score_document(&l.input));
                v.gold_fields = Some(l.input.gold.fields);
                v.gold = l.input.gold.facts;
                v.predicted_fields = l.input.predicted.fields;
                v.predicted = l.input.predicted.facts;
                v.prediction_missing = l.prediction_missing;
                v.text = Some(l.text);
            }
            Err(p) => v.problems.push(p.to_string()),
        }
    }
    if v.text.is_none() {
        match crate::text::source::read_source(&doc.source) {
            Ok(t) => {
                let text = Text::new(t);
                match load_predicted(doc, &text, predictions) {
                    Ok((side, missing)) => {
                        v.predicted_fields = side.fields;
                        v.predicted = side.facts;
                        v.prediction_missing = missing;
                    }
                    Err(p) => v.problems.push(p.to_string()),
                }
                v.text = Some(text);
            }
            Err(e) if !doc.source.exists() => {
                // `load_document` has said so already when there is an annotation.
                if v.problems.is_empty() {
                    v.problems.push(format!(
                        "error: {}: annotation without source ({} does not exist)",
                        doc.annotation.display(),
                        e.path.display()
                    ));
                }
            }
            Err(e) => v
                .problems
                .push(format!("error: {}: {}", e.path.display(), e.reason)),
        }
    }
    if let Some(text) = &v.text {
        v.furniture = furniture(text);
    }
    v.items = items(&v);
    v
}

/// The items of a document in text order: pairs, missed gold facts and
/// spurious predictions when there is ground truth, bare predictions when
/// there is none.
fn items(v: &DocView) -> Vec<Item> {
    let mut out = Vec::new();
    if v.score.is_none() {
        for (i, p) in v.predicted.iter().enumerate() {
            out.push(Item {
                outcome: Outcome::Predicted,
                gold: None,
                predicted: Some(i),
                differences: Vec::new(),
                span: p.span,
            });
        }
    } else {
        let c = Comparison::new(&v.gold, &v.predicted);
        for (g, gf) in v.gold.iter().enumerate() {
            let item = match c.partner_of_gold(g) {
                Some(p) => {
                    let pf = &v.predicted[p];
                    let differences = differences(&gf.fact, &pf.fact);
                    Item {
                        outcome: if differences.is_empty() {
                            Outcome::Matched
                        } else {
                            Outcome::Mismatch
                        },
                        gold: Some(g),
                        predicted: Some(p),
                        differences,
                        span: Span::new(
                            gf.span.start.min(pf.span.start),
                            gf.span.end.max(pf.span.end),
                        ),
                    }
                }
                None => Item {
                    outcome: Outcome::Missed,
                    gold: Some(g),
                    predicted: None,
                    differences: Vec::new(),
                    span: gf.span,
                },
            };
            out.push(item);
        }
        for (p, pf) in v.predicted.iter().enumerate() {
            if c.partner_of_predicted(p).is_none() {
                out.push(Item {
                    outcome: Outcome::Spurious,
                    gold: None,
                    predicted: Some(p),
                    differences: Vec::new(),
                    span: pf.span,
                });
            }
        }
    }
    out.sort_by_key(|i| (i.span.start, i.span.end, i.outcome));
    out
}

/// The lines the extractor's segmentation takes for page furniture, as
/// ranges of the original text.
pub fn furniture(text: &Text) -> Vec<Span> {
    use crate::extract::segment::{segment, LineKind};
    let doc = crate::extract::Doc::new(text.as_str());
    let starts: Vec<usize> = crate::extract::numbers::find_numbers(doc.chars())
        .into_iter()
        .filter(|t| !t.skipped)
        .map(|t| t.start)
        .collect();
    let seg = segment(doc.chars(), &starts, &doc.words.furniture);
    seg.lines
        .iter()
        .filter(|l| l.kind == LineKind::Furniture && l.range.0 < l.range.1)
        .map(|l| {
            let (s, e) = doc.norm.original_span(l.range.0, l.range.1);
            Span::new(s, e)
        })
        .collect()
}

/// Every document's view (in parallel) and the report over them.
pub fn site(layout: &Layout, predictions: Option<&Path>) -> Result<Site> {
    if let Some(dir) = predictions {
        if !dir.is_dir() {
            return Err(Error::new(format!(
                "predictions directory {} does not exist",
                dir.display()
            ))
            .with_hint("pass the directory `jingwang extract -o DIR` wrote"));
        }
    }
    let docs: Vec<DocView> = documents(layout)?
        .par_iter()
        .map(|d| view(d, predictions))
        .collect();
    let scored = docs
        .iter()
        .filter(|d| d.scored())
        .filter_map(|d| d.score.clone())
        .collect();
    let pending = docs
        .iter()
        .filter(|d| d.status == DocStatus::Draft)
        .map(|d| d.paths.name.clone())
        .collect();
    Ok(Site {
        corpus: layout.corpus.clone(),
        predictions: predictions.map_or_else(
            || "the built-in extractor".to_string(),
            |d| d.display().to_string(),
        ),
        docs,
        report: score::total(scored, pending),
    })
}

/// The command: writes the site under `-o DIR`.
pub fn run(args: &ReviewArgs) -> Result<ExitCode> {
    let layout = args.layout.layout();
    let site = site(&layout, args.predictions.as_deref())?;
    let written = write_site(&site, &args.output)?;
    let problems: Vec<&String> = site.docs.iter().flat_map(|d| &d.problems).collect();
    for p in &problems {
        eprintln!("{p}");
    }
    println!(
        "wrote {written} pages to {} (open {})",
        args.output.display(),
        args.output.join("index.html").display()
    );
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Writes `index.html`, `doc/NAME.html` for every document and `assets/`;
/// returns the number of pages. Every file is written atomically.
pub fn write_site(site: &Site, out: &Path) -> Result<usize> {
    let write = |rel: &str, contents: &str| {
        let path = out.join(rel);
        crate::annotation::write::write_atomic(&path, contents.as_bytes())
            .map_err(|e| Error::new(format!("cannot write {}: {e}", path.display())))
    };
    write("assets/review.css", CSS)?;
    write("assets/review.js", JS)?;
    write("index.html", &html::index(site, &html::Mode::Static))?;
    for (i, d) in site.docs.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| site.docs[j].paths.name.as_str());
        let next = site.docs.get(i + 1).map(|n| n.paths.name.as_str());
        let page = html::document(d, prev, next, &html::Mode::Static);
        write(&html::doc_path(&d.paths.name), &page)?;
    }
    Ok(site.docs.len() + 1)
}
