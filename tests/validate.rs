//! Rule-by-rule tests of the validator. Each case is a fixture directory
//! `tests/fixtures/validate/<case>/{corpus,annotations}` of invented texts;
//! its rendered diagnostics are compared with `snapshots/validate/<case>.snap`.
//! Read a snapshot to see what each rule reports.

use jingwang::annotation::check::{summary, validate_many};
use jingwang::annotation::corpus::Layout;
use std::path::Path;

const FIXTURES: &str = "tests/fixtures/validate";

/// Validates a fixture directory as `jingwang validate` would (every
/// annotation, plus notes for unannotated sources) and renders the result.
fn check(case: &str) -> String {
    let root = format!("{FIXTURES}/{case}");
    let layout = Layout::new(format!("{root}/corpus"), format!("{root}/annotations"));
    let outcome = validate_many(&layout, &[]).expect("fixture directories exist");
    let mut text: String = outcome
        .diagnostics
        .iter()
        .map(|d| d.render() + "\n")
        .collect();
    text.push_str(&summary(&outcome));
    // Paths relative to the case, so snapshots read like a real run.
    text.replace(&format!("{root}/"), "")
}

macro_rules! cases {
    ($($case:ident),+ $(,)?) => {
        const CASES: &[&str] = &[$(stringify!($case)),+];
        $(
            #[test]
            fn $case() {
                insta::with_settings!({ snapshot_path => "../snapshots/validate", prepend_module_to_snapshot => false }, {
                    insta::assert_snapshot!(stringify!($case), check(stringify!($case)));
                });
            }
        )+
    };
}

cases!(
    clean,
    approx,
    yaml_syntax,
    tab_indentation,
    duplicate_key,
    empty_file,
    not_utf8,
    unknown_keys,
    labels,
    required_fields,
    field_types,
    document_fields,
    quote_not_found,
    quote_ambiguous,
    normalised_view,
    value_not_in_quote,
    unit,
    order_overlap_duplicate,
    furniture,
    source_edited,
    source_and_annotation_mismatch,
    span,
    long_quote,
);

/// A fixture directory without a test would never be checked.
#[test]
fn every_fixture_has_a_case() {
    let mut dirs: Vec<String> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut cases: Vec<String> = CASES.iter().map(|c| c.to_string()).collect();
    cases.sort();
    assert_eq!(dirs, cases);
}

/// The repository's own ground truth must validate: no errors (warnings and
/// notes are shown but allowed).
#[test]
fn every_repository_annotation_validates() {
    let layout = Layout::new("corpus", "annotations");
    assert!(
        Path::new("annotations").is_dir(),
        "the annotations directory is missing"
    );
    let outcome = validate_many(&layout, &[]).expect("corpus and annotations are readable");
    let report: String = outcome.diagnostics.iter().map(|d| d.render()).collect();
    assert_eq!(outcome.tally.errors, 0, "{report}\n{}", summary(&outcome));
}
