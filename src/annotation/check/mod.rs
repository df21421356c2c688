//! The validator: every rule of the guide checked against an annotation
//! file and its source, reported as diagnostics with file, line and column.
//!
//! One file is checked by [`validate_file`] in three stages: YAML (tabs,
//! syntax), schema (`schema`), and facts against the source (`facts`). A
//! batch ([`validate_many`]) keeps going past bad files.

pub mod change;
pub mod counted;
pub mod diag;
pub mod draft;
pub mod facts;
pub mod quote_numbers;
pub mod schema;
pub mod source_view;

use crate::annotation::corpus::{DocPaths, Layout};
use crate::annotation::yaml_tree::{parse, Pos};
use crate::error::Result;
use crate::text::locate::Text;
use crate::text::source::read_source;
use diag::{Diagnostic, Severity, Tally};
use facts::{check_facts, Source};
use schema::{check, Sink};
use std::path::Path;

/// Every problem of one document's annotation, sorted by position.
pub fn validate_file(doc: &DocPaths) -> Vec<Diagnostic> {
    let file = doc.annotation.display().to_string();
    let yaml = match read_yaml(&doc.annotation, &file) {
        Ok(y) => y,
        Err(d) => return vec![*d],
    };
    let mut sink = Sink::new(&file, &yaml);
    check_yaml(&yaml, &doc.source, &mut sink);
    let mut diags = sink.diags;
    diags.sort_by_key(|d| (d.line, d.column, d.severity));
    diags
}

/// Reads an annotation file as UTF-8 text (a byte-order mark is dropped).
fn read_yaml(path: &Path, file: &str) -> std::result::Result<String, Box<Diagnostic>> {
    use crate::text::source::{read_utf8, Utf8FileError};
    let fail = |message: String, hint: &str| {
        Box::new(Diagnostic::new(Severity::Error, file, message).hint(hint))
    };
    read_utf8(path).map_err(|e| match e {
        Utf8FileError::Read(e) => fail(
            format!("cannot read annotation file: {e}"),
            "check the path and its permissions",
        ),
        Utf8FileError::NotUtf8(at) => fail(
            format!("annotation file is not UTF-8 (invalid byte at offset {at})"),
            "save the file as UTF-8",
        ),
    })
}

fn check_yaml(yaml: &str, source_path: &Path, sink: &mut Sink) {
    let Some(checked) = check_schema(yaml, sink) else {
        return;
    };
    let text = match read_source(source_path) {
        Ok(t) => Text::new(t),
        Err(_) if !source_path.exists() => {
            sink.file_level(
                Severity::Error,
                format!("annotation has no source: {} does not exist", source_path.display()),
                Some("annotations mirror the corpus (guide §2): add the source, or move or remove this annotation".into()),
            );
            return;
        }
        Err(e) => {
            sink.file_level(
                Severity::Error,
                format!("cannot read the source {e}"),
                Some("sources are UTF-8 text".into()),
            );
            return;
        }
    };
    check_against(
        yaml,
        &checked,
        &text,
        &source_path.display().to_string(),
        sink,
    );
}

/// Every problem of an annotation held in memory against its source text,
/// sorted by position: what `validate_file` reports, without the files (the
/// fuzz target and tests that build annotations call it).
pub fn validate_text(yaml: &str, source: &str) -> Vec<Diagnostic> {
    let mut sink = Sink::new("annotation.yaml", yaml);
    if let Some(checked) = check_schema(yaml, &mut sink) {
        check_against(yaml, &checked, &Text::new(source), "source.txt", &mut sink);
    }
    let mut diags = sink.diags;
    diags.sort_by_key(|d| (d.line, d.column, d.severity));
    diags
}

/// The file's YAML and schema; `None` when it is not YAML at all.
fn check_schema(yaml: &str, sink: &mut Sink) -> Option<schema::Checked> {
    let tabs = report_tabs(yaml, sink);
    let root = match parse(yaml) {
        Ok(root) => root,
        Err(e) => {
            if !tabs {
                let hint = syntax_hint(&e.message);
                sink.at_width(
                    Severity::Error,
                    e.pos,
                    1,
                    format!("invalid yaml: {}", e.message),
                    Some(hint),
                );
            }
            return None;
        }
    };
    Some(check(&root, sink, true))
}

/// The facts against the source: places, values, order, overlaps, draft.
fn check_against(yaml: &str, checked: &schema::Checked, text: &Text, path: &str, sink: &mut Sink) {
    let placed = check_facts(&checked.facts, &Source { path, text }, sink);
    draft::check_draft(yaml, checked, &placed, text, sink);
}

/// Reports a tab in the indentation of a line (YAML forbids it, and the
/// parser's own message points elsewhere). Once per file: one fix in an
/// editor replaces them all. Returns whether there was one.
fn report_tabs(yaml: &str, sink: &mut Sink) -> bool {
    let tabbed: Vec<(usize, usize)> = yaml
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
            indent
                .find('\t')
                .map(|b| (i + 1, indent[..b].chars().count() + 1))
        })
        .collect();
    let Some(&(line, column)) = tabbed.first() else {
        return false;
    };
    let more = match tabbed.len() {
        1 => String::new(),
        n => format!(
            " (and on {} more line{})",
            n - 1,
            if n == 2 { "" } else { "s" }
        ),
    };
    sink.at_width(
        Severity::Error,
        Pos { line, column },
        1,
        format!("tab used for indentation{more}"),
        Some("YAML indents with spaces only: replace each tab with spaces (two per level, as in the guide)".into()),
    );
    true
}

fn syntax_hint(message: &str) -> String {
    if message.starts_with("duplicate key") {
        "a key appears once per mapping; a second fact starts with its own `- `".into()
    } else if message.contains("mapping values are not allowed") {
        "a value containing `: ` must be quoted: quote: \"…\"".into()
    } else {
        "look at this line and the ones before it: an unclosed quote or bracket, or indentation that does not line up (compare with the example of guide §3)".into()
    }
}

/// What a validation run found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub files: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub tally: Tally,
}

impl Outcome {
    /// Adds another run's findings (another corpus root's).
    pub fn absorb(&mut self, other: Outcome) {
        self.files += other.files;
        self.tally.add(&other.diagnostics);
        self.diagnostics.extend(other.diagnostics);
    }
}

/// Validates the given files, or every annotation (and notes each source
/// without one) when none are given.
pub fn validate_many(layout: &Layout, files: &[std::path::PathBuf]) -> Result<Outcome> {
    let mut out = Outcome::default();
    let docs = if files.is_empty() {
        let listing = layout.annotations()?;
        out.diagnostics.extend(skipped_entries(&listing.skipped));
        out.diagnostics.extend(unannotated_sources(layout)?);
        listing.docs
    } else {
        files
            .iter()
            .map(|f| layout.resolve(f))
            .collect::<Result<Vec<_>>>()?
    };
    for doc in &docs {
        out.files += 1;
        if !doc.annotation.exists() {
            out.diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    doc.source.display().to_string(),
                    "source has no annotation",
                )
                .hint(format!(
                    "`jingwang annotate {}` writes a draft to check and complete",
                    doc.source.display()
                )),
            );
            continue;
        }
        out.diagnostics.extend(validate_file(doc));
    }
    out.tally.add(&out.diagnostics);
    Ok(out)
}

/// A note for each source that has no annotation yet: not an error, the
/// corpus grows ahead of its ground truth.
fn unannotated_sources(layout: &Layout) -> Result<Vec<Diagnostic>> {
    let sources = match layout.sources() {
        Ok(s) => s,
        Err(_) if !layout.corpus.exists() => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut out = skipped_entries(&sources.skipped);
    out.extend(
        sources
            .docs
            .into_iter()
            .filter(|d| !d.annotation.exists())
            .map(|d| {
                Diagnostic::new(
                    Severity::Note,
                    d.source.display().to_string(),
                    "source has no annotation yet",
                )
                .hint(format!(
                    "`jingwang annotate {}` writes a draft",
                    d.source.display()
                ))
            }),
    );
    Ok(out)
}

/// An error for each entry of the corpus or annotations folder that could
/// not be read: named, and the rest of the folder checked.
fn skipped_entries(skipped: &[crate::annotation::corpus::Skipped]) -> Vec<Diagnostic> {
    skipped
        .iter()
        .map(|(path, why)| {
            Diagnostic::new(Severity::Error, path.display().to_string(), why.clone())
                .hint("remove or repair the entry; the rest of the folder is checked without it")
        })
        .collect()
}

/// `N files checked: E errors, W warnings` (and notes when there are any).
pub fn summary(out: &Outcome) -> String {
    let t = out.tally;
    let mut s = format!(
        "{} file{} checked: {} error{}, {} warning{}",
        out.files,
        plural(out.files),
        t.errors,
        plural(t.errors),
        t.warnings,
        plural(t.warnings)
    );
    if t.notes > 0 {
        s.push_str(&format!(", {} note{}", t.notes, plural(t.notes)));
    }
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
