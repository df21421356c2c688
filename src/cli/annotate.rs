//! The `annotate` command: writes a draft annotation from the extractor's
//! output, for an annotator to check, correct and complete.
//!
//! **Invariant:** annotate never destroys work. It refuses to replace an
//! existing annotation unless `--force` is given, and then first keeps the
//! old file as a backup that never overwrites an older backup. Every write is
//! atomic (`fsutil::write_atomic`).

use crate::annotation::check::draft::DRAFT_HEADER;
use crate::annotation::corpus::{DocPaths, Layout};
use crate::annotation::write::write_atomic;
use crate::cli::AnnotateArgs;
use crate::error::{Error, Result};
use crate::extract::extract;
use crate::model::{AnnotationFile, Fact, Status};
use crate::text::locate::{locate, occurrence_of, Span, Text};
use crate::text::source::read_source;
use std::path::{Path, PathBuf};
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
/// when any file failed.
pub fn run(args: &AnnotateArgs) -> Result<ExitCode> {
    let layout = args.layout.layout();
    let mut failed = 0;
    for file in &args.files {
        match annotate(&layout, file, args.force) {
            Ok(d) => report(&d),
            Err(e) => {
                failed += 1;
                eprintln!("{e}");
            }
        }
    }
    if failed > 0 {
        eprintln!(
            "{failed} of {} file{} not annotated",
            args.files.len(),
            if args.files.len() == 1 { "" } else { "s" }
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn report(d: &Drafted) {
    let backup = d.backup.as_ref().map_or_else(String::new, |b| {
        format!(", old file kept as {}", b.display())
    });
    println!(
        "wrote {} (draft, {} fact{} to check{backup})",
        d.annotation.display(),
        d.facts,
        if d.facts == 1 { "" } else { "s" }
    );
}

/// Drafts the annotation of one source document.
pub fn annotate(layout: &Layout, file: &Path, force: bool) -> Result<Drafted> {
    let doc = layout.resolve(file)?;
    let text = read_source(&doc.source).map_err(|e| {
        Error::new(format!("cannot draft an annotation for {e}"))
            .with_hint("sources must be readable UTF-8 text")
    })?;
    let text = Text::new(text);
    let draft = draft_from(&text, extract(text.as_str()));
    let header = header(&doc);
    let yaml = draft.to_yaml(&header.iter().map(String::as_str).collect::<Vec<_>>());
    let backup = make_room(&doc, force)?;
    write_atomic(&doc.annotation, yaml.as_bytes())
        .map_err(|e| Error::new(format!("cannot write {}: {e}", doc.annotation.display())))?;
    Ok(Drafted {
        annotation: doc.annotation,
        backup,
        facts: draft.facts.len(),
    })
}

fn header(doc: &DocPaths) -> [String; 5] {
    [
        crate::model::schema::modeline(&doc.annotation),
        format!(
            "{DRAFT_HEADER} from the extractor's output for {}.",
            doc.source.display()
        ),
        "Check every fact against the text (quote, value, unit, approx, metric, category, change),"
            .to_string(),
        "add the facts it missed, remove the ones that are not facts (docs/annotation-guide.md §1),"
            .to_string(),
        "fill in region and campaign, then set `status: reviewed` and run `jingwang validate`."
            .to_string(),
    ]
}

/// Refuses to replace an annotation without `force`; with it, copies the
/// old file to a fresh backup first.
fn make_room(doc: &DocPaths, force: bool) -> Result<Option<PathBuf>> {
    if !doc.annotation.exists() {
        return Ok(None);
    }
    if !force {
        return Err(Error::new(format!(
            "{} exists already; not overwriting it",
            doc.annotation.display()
        ))
        .with_hint("pass --force to replace it (the old file is kept as a .bak backup first)"));
    }
    let old = std::fs::read(&doc.annotation).map_err(|e| {
        Error::new(format!(
            "cannot read {} to back it up: {e}",
            doc.annotation.display()
        ))
    })?;
    let backup = free_backup_path(&doc.annotation);
    write_atomic(&backup, &old)
        .map_err(|e| Error::new(format!("cannot write backup {}: {e}", backup.display())))?;
    Ok(Some(backup))
}

/// `NAME.yaml.bak`, else `NAME.yaml.bak.2`, `.bak.3` …: the first that does not exist.
fn free_backup_path(annotation: &Path) -> PathBuf {
    let base = annotation.as_os_str().to_owned();
    let with = |suffix: &str| {
        let mut p = base.clone();
        p.push(suffix);
        PathBuf::from(p)
    };
    let first = with(".bak");
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| with(&format!(".bak.{n}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
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

    #[test]
    fn backups_never_overwrite_older_backups() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("x.yaml");
        assert_eq!(free_backup_path(&a), dir.path().join("x.yaml.bak"));
        std::fs::write(dir.path().join("x.yaml.bak"), "1").unwrap();
        std::fs::write(dir.path().join("x.yaml.bak.2"), "2").unwrap();
        assert_eq!(free_backup_path(&a), dir.path().join("x.yaml.bak.3"));
    }
}
