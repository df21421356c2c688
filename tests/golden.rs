//! Golden comparisons: for every document with a reviewed annotation, in
//! every corpus root of `corpora.yaml`, the comparison of its ground truth
//! with the extractor (`eval::readout`: the document's fact P/R/F1 and
//! strict F1, its document fields, each gold fact marked matched, differs
//! `gold → predicted` or missed, each spurious prediction) is kept in
//! `snapshots/compare@NAME.yaml.snap`, where NAME is the annotation's path
//! under `annotations/` (`heldout/h01.yaml` → `compare@heldout__h01.yaml`).
//!
//! A change to the extractor, or to an annotation, fails this test with the
//! changed lines of the documents it touched, and only those. Accept the new
//! comparison with `cargo insta review`, or `INSTA_UPDATE=always cargo test
//! --release --test golden`, then commit every `.snap`; with `CI=true` insta
//! writes nothing and a missing snapshot fails. The documents of a root kept
//! outside the repository (`../shared/real`) are compared whenever its
//! sources are there, and the test says so plainly when they are not.
//!
//! A snapshot whose annotation is gone, or no longer reviewed, fails
//! `every_snapshot_has_a_reviewed_annotation`, so a removed document cannot
//! leave a stale snapshot behind.

use jingwang::annotation::corpus::{read_project, Root, PROJECT_FILE};
use jingwang::annotation::load::read_annotation;
use jingwang::eval::corpus::load_document;
use jingwang::eval::readout::comparison_text;
use jingwang::model::Status;
use std::path::{Path, PathBuf};

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn annotations() -> PathBuf {
    repository().join("annotations")
}

fn snapshots() -> PathBuf {
    repository().join("snapshots")
}

/// The snapshot of the annotation at `path` (under `annotations/`), as insta's
/// `glob!` names it: the path below the folder, `/` written `__`.
fn snapshot_name(path: &Path) -> String {
    let rel = path.strip_prefix(annotations()).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    format!("compare@{}.snap", parts.join("__"))
}

fn roots() -> Vec<Root> {
    read_project(&repository().join(PROJECT_FILE)).unwrap_or_else(|e| panic!("{e}"))
}

/// The root an annotation belongs to: the one with the deepest annotations
/// folder holding it (`annotations/real` before `annotations`).
fn root_of<'r>(roots: &'r [Root], path: &Path) -> &'r Root {
    roots
        .iter()
        .filter(|r| {
            r.layout
                .annotations
                .canonicalize()
                .is_ok_and(|dir| path.starts_with(dir))
        })
        .max_by_key(|r| r.layout.annotations.components().count())
        .unwrap_or_else(|| panic!("{} is in no corpus root", path.display()))
}

/// The only caller of the scorer: the comparison text of one annotation, or
/// `None` when there is nothing to compare (a draft, or a root whose sources
/// are absent).
fn check(roots: &[Root], path: &Path) -> Option<String> {
    let root = root_of(roots, path);
    if root.optional && !root.present() {
        return None;
    }
    let doc = root.layout.resolve(path).unwrap_or_else(|e| panic!("{e}"));
    let loaded = load_document(&doc, None, false).unwrap_or_else(|p| panic!("{p}"));
    (!loaded.input.draft).then(|| comparison_text(&loaded.text, &loaded.input))
}

#[test]
fn comparisons_match_snapshots() {
    let roots = roots();
    for r in roots.iter().filter(|r| r.optional && !r.present()) {
        println!(
            "SKIPPED: corpus root `{}` not compared, {} does not exist",
            r.name,
            r.layout.corpus.display()
        );
    }
    let accepting = std::env::var("INSTA_UPDATE").is_ok_and(|v| v == "always");
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::glob!("../annotations", "**/*.yaml", |path| {
            let Some(text) = check(&roots, path) else {
                return;
            };
            insta::assert_snapshot!("compare", text);
            // insta writes an accepted snapshot in place but leaves the
            // `.snap.new` an earlier failing run stored beside it.
            if accepting {
                let pending = snapshots().join(format!("{}.new", snapshot_name(path)));
                let _ = std::fs::remove_file(pending);
            }
        });
    });
}

#[test]
fn every_snapshot_has_a_reviewed_annotation() {
    let mut expected = Vec::new();
    for entry in walkdir::WalkDir::new(annotations()) {
        let path = entry.expect("annotations/ is readable").into_path();
        if path.extension().is_some_and(|e| e == "yaml")
            && read_annotation(&path).is_ok_and(|f| f.status == Some(Status::Reviewed))
        {
            expected.push(snapshot_name(&path));
        }
    }
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(snapshots()).expect("snapshots/ is readable") {
        let file = entry.expect("snapshots/ is readable").file_name();
        let file = file.to_string_lossy();
        if file.starts_with("compare@")
            && file.ends_with(".snap")
            && !expected.contains(&file.to_string())
        {
            stale.push(file.into_owned());
        }
    }
    assert!(
        stale.is_empty(),
        "comparison snapshots without a reviewed annotation under annotations/ (delete them, or restore the annotation): {}",
        stale.join(", ")
    );
}
