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
use crate::annotation::corpus::{DocPaths, Layout, Listing, Root};
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
    /// The corpus root it belongs to (`corpora.yaml`).
    pub root: String,
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
    /// What names the document in the site: `ROOT/NAME`.
    pub fn key(&self) -> String {
        key(&self.root, &self.paths.name)
    }

    /// Counts of the items by outcome.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.items.iter().filter(|i| i.outcome == outcome).count()
    }

    /// Whether the document counts in the totals (as `report` counts it).
    pub fn scored(&self) -> bool {
        self.status == DocStatus::Reviewed && self.problems.is_empty()
    }
}

/// `ROOT/NAME`: a document's name in the site, unique over the roots.
pub fn key(root: &str, name: &str) -> String {
    format!("{root}/{name}")
}

/// One corpus root's documents and the report over its reviewed ones.
pub struct RootSite {
    pub name: String,
    pub layout: Layout,
    /// What the predictions are: the extractor, or a directory.
    pub predictions: String,
    pub docs: Vec<DocView>,
    pub report: Report,
}

impl RootSite {
    pub fn count(&self, status: DocStatus) -> usize {
        self.docs.iter().filter(|d| d.status == status).count()
    }
}

/// The whole site: every root of the corpus.
pub struct Site {
    pub roots: Vec<RootSite>,
}

impl Site {
    /// Every document, root after root: the order of previous and next.
    pub fn docs(&self) -> impl Iterator<Item = &DocView> {
        self.roots.iter().flat_map(|r| &r.docs)
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
/// sorted by name, and the entries that could not be read.
pub fn documents(layout: &Layout) -> Result<Listing> {
    let sources = layout.sources()?;
    let mut out = Listing {
        docs: sources.docs,
        skipped: sources.skipped,
    };
    if layout.annotations.is_dir() {
        let annotations = layout.annotations()?;
        out.skipped.extend(annotations.skipped);
        out.docs
            .extend(annotations.docs.into_iter().filter(|d| !d.source.exists()));
    }
    out.docs.sort();
    Ok(out)
}

/// Names each entry passed over on standard error.
pub fn warn_skipped(listing: &Listing) {
    for (path, why) in &listing.skipped {
        say!("warning: {}: {why}", path.display());
    }
}

/// Reads and compares one document of a root.
pub fn view(root: &str, doc: &DocPaths, predictions: Option<&Path>) -> DocView {
    let yaml = std::fs::read(&doc.annotation).ok();
    let mut v = DocView {
        root: root.to_string(),
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

/// The lines the extractor reads as page furniture, as ranges of the
/// original text (empty lines left out).
pub fn furniture(text: &Text) -> Vec<Span> {
    crate::extract::furniture(text.as_str())
        .into_iter()
        .filter(|(s, e)| s < e)
        .map(|(s, e)| Span::new(s, e))
        .collect()
}

/// The roots to review (the flags' one, else those of `corpora.yaml`) and
/// the predictions of each: saved predictions mirror one corpus, so they
/// go with the first root only, as in `report`.
pub fn roots(
    layout: &crate::cli::LayoutArgs,
    predictions: Option<&Path>,
) -> Result<Vec<(Root, Option<PathBuf>)>> {
    if let Some(dir) = predictions {
        if !dir.is_dir() {
            return Err(Error::new(format!(
                "predictions directory {} does not exist",
                dir.display()
            ))
            .with_hint("pass the directory `jingwang extract -o DIR` wrote"));
        }
    }
    let roots = layout.roots()?;
    let mut out = Vec::new();
    for (i, root) in roots.into_iter().enumerate() {
        match predictions {
            Some(_) if i > 0 => say!(
                "note: corpus root `{}` left out: --predictions mirrors one corpus (pass --corpus and --annotations to review it)",
                root.name
            ),
            _ => out.push((root, predictions.map(Path::to_path_buf))),
        }
    }
    Ok(out)
}

/// Every document's view (in parallel) and the report over each root.
pub fn site(roots: &[(Root, Option<PathBuf>)]) -> Result<Site> {
    let mut out = Vec::new();
    for (root, predictions) in roots {
        let predictions = predictions.as_deref();
        let listing = documents(&root.layout)?;
        warn_skipped(&listing);
        let docs: Vec<DocView> = listing
            .docs
            .par_iter()
            .map(|d| view(&root.name, d, predictions))
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
        out.push(RootSite {
            name: root.name.clone(),
            layout: root.layout.clone(),
            predictions: predictions.map_or_else(
                || "the built-in extractor".to_string(),
                |d| d.display().to_string(),
            ),
            docs,
            report: score::total(scored, pending),
        });
    }
    Ok(Site { roots: out })
}

/// The command: writes the site under `-o DIR`.
pub fn run(args: &ReviewArgs) -> Result<ExitCode> {
    let roots = roots(&args.layout, args.predictions.as_deref())?;
    let site = site(&roots)?;
    let written = write_site(&site, &args.output)?;
    let problems: Vec<&String> = site.docs().flat_map(|d| &d.problems).collect();
    for p in &problems {
        say!("{p}");
    }
    crate::cli::print(&format!(
        "wrote {written} pages to {} (open {})\n",
        args.output.display(),
        args.output.join("index.html").display()
    ))?;
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
        // The site's own files, by name: a rerun replaces them.
        crate::annotation::write::replace_own(&path, contents.as_bytes())
            .map_err(|e| Error::new(format!("cannot write {}: {e}", path.display())))
    };
    write("assets/review.css", CSS)?;
    write("assets/review.js", JS)?;
    write("index.html", &html::index(site, &html::Mode::Static))?;
    let docs: Vec<&DocView> = site.docs().collect();
    for (i, d) in docs.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| docs[j].key());
        let next = docs.get(i + 1).map(|n| n.key());
        let page = html::document(d, prev.as_deref(), next.as_deref(), &html::Mode::Static);
        write(&html::doc_path(&d.key()), &page)?;
    }
    Ok(docs.len() + 1)
}
