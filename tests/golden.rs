//! Golden snapshots of the extractor: for every `corpus/**/*.txt`, the
//! output of `extract(text)` is kept in `snapshots/NAME.snap` (a nested
//! source `a/b.txt` becomes `a__b.snap`). Any change to the extractor's
//! output shows up as a snapshot diff to review (`cargo insta review`).
//!
//! New snapshots: `INSTA_UPDATE=always cargo test --test golden`, then
//! commit every `.snap`. With `CI=true` insta writes nothing and a missing
//! snapshot fails. A snapshot whose source is gone fails too, so a removed
//! document cannot leave a stale snapshot passing silently.

use jingwang::extract::extract;
use jingwang::text::source::read_source;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus() -> PathBuf {
    root().join("corpus")
}

fn snapshots() -> PathBuf {
    root().join("snapshots")
}

/// `a/b.txt` under the corpus → `a__b`.
fn snapshot_name(source: &Path) -> String {
    let rel = source
        .strip_prefix(corpus())
        .expect("source under the corpus")
        .with_extension("");
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("__")
}

fn sources() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = WalkDir::new(corpus())
        .into_iter()
        .map(|e| e.expect("readable corpus directory"))
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

#[test]
fn extractor_output_matches_snapshots() {
    let docs = sources();
    assert!(
        !docs.is_empty(),
        "no corpus/**/*.txt found under {}",
        corpus().display()
    );
    let failures: Vec<String> = docs
        .iter()
        .filter_map(|source| check(source).err())
        .collect();
    assert!(
        failures.is_empty(),
        "snapshots differ for:\n  {}",
        failures.join("\n  ")
    );
}

/// The only caller of the extractor: snapshots one document, turning an
/// insta failure into an error so every document is checked in one run.
fn check(source: &Path) -> Result<(), String> {
    let name = snapshot_name(source);
    let text = read_source(source).map_err(|e| e.to_string())?;
    let output = extract(&text);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshots());
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(source);
    settings.set_omit_expression(true);
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        settings.bind(|| insta::assert_yaml_snapshot!(name.clone(), output))
    }))
    .map_err(|_| name.clone())
}

#[test]
fn every_snapshot_has_a_source() {
    let Ok(entries) = std::fs::read_dir(snapshots()) else {
        panic!(
            "{} is missing: generate it with `INSTA_UPDATE=always cargo test --test golden`",
            snapshots().display()
        );
    };
    let known: Vec<String> = sources().iter().map(|s| snapshot_name(s)).collect();
    let mut stale = Vec::new();
    for entry in entries {
        let path = entry.expect("readable snapshots directory").path();
        let file = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if let Some(name) = file.strip_suffix(".snap") {
            if !known.iter().any(|k| k == name) {
                stale.push(file);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "snapshots without a source in corpus/ (delete them, or restore the source): {}",
        stale.join(", ")
    );
}
