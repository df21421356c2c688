//! The `annotate` command: writes a draft annotation from the extractor's
//! output, for an annotator to check, correct and complete.
//!
//! **Invariant:** annotate never destroys work. It creates an annotation
//! only where none exists, exclusively (a file that appears while it works
//! is never replaced; of parallel runs on one source exactly one writes);
//! with `--force` it swaps the new draft in and keeps the file it replaced,
//! exactly as it was at that moment, under a backup name of its own
//! (`annotation::write`). It writes nothing outside `--annotations`, and
//! drafts only documents of `--corpus`.

use crate::annotation::check::draft::DRAFT_HEADER;
use crate::annotation::corpus::{DocPaths, Layout};
use crate::annotation::write::{create_new, replace_keeping_backup, Durability};
use crate::cli::output::escape_controls;
use crate::cli::AnnotateArgs;
use crate::error::{Error, Result};
use crate::extract::extract;
use crate::model::{AnnotationFile, Fact, Status};
use crate::text::locate::{locate, occurrence_of, Span, Text};
use crate::text::source::read_source;
use std::io::{ErrorKind, Write};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

/// What one `annotate` of a document did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drafted {
    pub annotation: PathBuf,
    /// Where the replaced annotation was kept, with `--force`.
    pub backup: Option<PathBuf>,
    pub facts: usize,
}

/// The command: drafts each file, reports each failure and goes on; exit 1
/// when any file failed. A closed stdout (`| head`) stops the messages,
/// not the work; a stdout that cannot be written is an error at the end.
pub fn run(args: &AnnotateArgs) -> Result<ExitCode> {
    let layout = args.layout.layout();
    let mut failed = 0;
    let mut stdout_error = None;
    for file in &args.files {
        match annotate(&layout, file, args.force) {
            Ok(d) if stdout_error.is_none() => {
                if let Err(e) = report(&d) {
                    stdout_error = Some(e);
                }
            }
            Ok(_) => {}
            Err(e) => {
                failed += 1;
                let _ = writeln!(std::io::stderr(), "{e}");
            }
        }
    }
    if failed > 0 {
        let _ = writeln!(
            std::io::stderr(),
            "{failed} of {} file{} not annotated",
            args.files.len(),
            if args.files.len() == 1 { "" } else { "s" }
        );
    }
    match stdout_error {
        Some(e) if e.kind() != ErrorKind::BrokenPipe => {
            return Err(Error::new(format!("cannot write to standard output: {e}")));
        }
        _ => {}
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn report(d: &Drafted) -> std::io::Result<()> {
    let backup = d.backup.as_ref().map_or_else(String::new, |b| {
        format!(
            ", old file kept as {}",
            escape_controls(&b.display().to_string())
        )
    });
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "wrote {} (draft, {} fact{} to check{backup})",
        escape_controls(&d.annotation.display().to_string()),
        d.facts,
        if d.facts == 1 { "" } else { "s" }
    )?;
    out.flush()
}

/// Drafts the annotation of one source document.
pub fn annotate(layout: &Layout, file: &Path, force: bool) -> Result<Drafted> {
    let doc = layout.resolve(file)?;
    inside(layout, &doc, file)?;
    let text = read_source(&doc.source).map_err(|e| {
        Error::new(format!("cannot draft an annotation for {e}"))
            .with_hint("sources must be readable UTF-8 text")
    })?;
    let text = Text::new(text);
    let draft = draft_from(&text, extract(text.as_str()));
    let header = header(&doc);
    let yaml = draft.to_yaml(&header.iter().map(String::as_str).collect::<Vec<_>>());
    let backup = write(&doc.annotation, yaml.as_bytes(), force)?;
    Ok(Drafted {
        annotation: doc.annotation,
        backup,
        facts: draft.facts.len(),
    })
}

/// Refuses a document whose source is not under `--corpus` or whose
/// annotation would not be under `--annotations`: a name that climbs out
/// (`..`), an absolute path elsewhere, or a folder that is a link to
/// somewhere else.
fn inside(layout: &Layout, doc: &DocPaths, file: &Path) -> Result<()> {
    let outside = || {
        Error::new(format!(
            "{} is not a document of {}",
            file.display(),
            layout.corpus.display()
        ))
        .with_hint(format!(
            "annotate drafts annotations under {} for sources under {}; copy the source there first",
            layout.annotations.display(),
            layout.corpus.display()
        ))
    };
    let plain = Path::new(&doc.name)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if !plain || doc.name.is_empty() {
        return Err(outside());
    }
    // The deepest folder of the annotation that exists must resolve to a
    // folder under the annotations folder (made first if missing: it is
    // where the draft goes).
    std::fs::create_dir_all(&layout.annotations)
        .map_err(|e| Error::new(format!("cannot make {}: {e}", layout.annotations.display())))?;
    let root = layout.annotations.canonicalize().ok();
    let mut folder = doc.annotation.parent();
    while let Some(f) = folder {
        if let Ok(real) = f.canonicalize() {
            if root.as_ref().is_some_and(|r| real.starts_with(r)) {
                return Ok(());
            }
            return Err(Error::new(format!(
                "{} would be written outside {}: {} leads to {}",
                doc.annotation.display(),
                layout.annotations.display(),
                f.display(),
                real.display()
            ))
            .with_hint("annotation folders must not be links to elsewhere"));
        }
        folder = f.parent();
    }
    // No part of the path exists yet: it is made under the annotations
    // folder, which the lexical check above already places it in.
    Ok(())
}

/// The draft's comment lines. Names are escaped: a newline in a file name
/// would end the comment and turn the rest of the name into YAML.
fn header(doc: &DocPaths) -> [String; 5] {
    [
        escape_controls(&crate::model::schema::modeline(&doc.annotation)).into_owned(),
        format!(
            "{DRAFT_HEADER} from the extractor's output for {}.",
            escape_controls(&doc.source.display().to_string())
        ),
        "Check every fact against the text (quote, value, unit, approx, metric, category, change),"
            .to_string(),
        "add the facts it missed, remove the ones that are not facts (docs/annotation-guide.md §1),"
            .to_string(),
        "fill in region and campaign, then set `status: reviewed` and run `jingwang validate`."
            .to_string(),
    ]
}

/// Writes the draft: created exclusively, or with `force` swapped in for
/// the existing file, which is kept as a backup (returned).
fn write(annotation: &Path, yaml: &[u8], force: bool) -> Result<Option<PathBuf>> {
    let cannot =
        |e: std::io::Error| Error::new(format!("cannot write {}: {e}", annotation.display()));
    let exists = || {
        Error::new(format!(
            "{} exists already; not overwriting it",
            annotation.display()
        ))
        .with_hint("pass --force to replace it (the old file is kept as a .bak backup first)")
    };
    // Twice at most: a file that vanishes between the two attempts of a
    // forced run is simply created.
    for _ in 0..2 {
        match create_new(annotation, yaml, Durability::Synced) {
            Ok(()) => return Ok(None),
            Err(e) if e.kind() != ErrorKind::AlreadyExists => return Err(cannot(e)),
            Err(_) if !force => return Err(exists()),
            Err(_) => {}
        }
        match replace_keeping_backup(annotation, yaml) {
            Ok(backup) => return Ok(Some(backup)),
            Err(e) if e.kind() == ErrorKind::NotFound => continue,
            Err(e) => return Err(cannot(e)),
        }
    }
    Err(Error::new(format!(
        "cannot write {}: it keeps appearing and vanishing",
        annotation.display()
    )))
}

/// The draft of a document from what the extractor found: `status: draft`,
/// facts in source order, each with its quote and, where the quote occurs
/// more than once, its occurrence; no spans (annotations place facts by
/// quote).
pub fn draft_from(text: &Text, extracted: AnnotationFile) -> AnnotationFile {
    let mut placed: Vec<(Span, Fact)> = extracted
        .facts
        .into_iter()
        .filter_map(|f| place(text, f))
        .collect();
    placed.sort_by_key(|(span, _)| (span.start, span.end));
    placed.dedup_by_key(|(span, _)| *span);
    let facts = placed
        .into_iter()
        .map(|(span, mut f)| {
            f.occurrence = occurrence_of(text, &f.quote, span);
            f.span = None;
            f
        })
        .collect();
    AnnotationFile {
        status: Some(Status::Draft),
        document: extracted.document,
        facts,
    }
}

/// Where an extracted fact is: its span (taking the quote from the text
/// there, which is what an annotation must hold), else its quote.
fn place(text: &Text, mut f: Fact) -> Option<(Span, Fact)> {
    let span = match f.span {
        Some([s, e]) => Span::new(s, e),
        None => locate(text, &f.quote, f.occurrence.or(Some(1))).ok()?,
    };
    f.quote = text.slice(span).filter(|q| !q.is_empty())?.to_string();
    Some((span, f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Metric, Number};

    fn fact(quote: &str, value: i64, span: Option<[usize; 2]>) -> Fact {
        Fact {
            quote: quote.into(),
            occurrence: None,
            value: Some(Number::from(value)),
            unit: "起".into(),
            approx: None,
            metric: Metric::Cases,
            category: None,
            change: None,
            span,
        }
    }

    #[test]
    fn draft_is_in_source_order_with_occurrences_and_no_spans() {
        let text = Text::new("侦破案件12起。另，侦破案件12起，查处案件7起。");
        let extracted = AnnotationFile {
            facts: vec![
                fact("查处案件7起", 7, Some([18, 24])),
                fact("侦破案件12起", 12, Some([10, 17])),
                fact("侦破案件12起", 12, Some([0, 7])),
            ],
            ..AnnotationFile::default()
        };
        let draft = draft_from(&text, extracted);
        assert_eq!(draft.status, Some(Status::Draft));
        let got: Vec<_> = draft
            .facts
            .iter()
            .map(|f| (f.quote.as_str(), f.occurrence, f.span))
            .collect();
        assert_eq!(
            got,
            vec![
                ("侦破案件12起", Some(1), None::<[usize; 2]>),
                ("侦破案件12起", Some(2), None),
                ("查处案件7起", None, None)
            ]
        );
    }

    #[test]
    fn a_span_that_disagrees_with_its_quote_gives_the_text_at_the_span() {
        let text = Text::new("查处案件7起");
        let draft = draft_from(
            &text,
            AnnotationFile {
                facts: vec![fact("案件7", 7, Some([0, 6]))],
                ..Default::default()
            },
        );
        assert_eq!(draft.facts[0].quote, "查处案件7起");
    }
}
