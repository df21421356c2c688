//! Rule-by-rule tests of the validator. Each case is a fixture directory
//! `tests/fixtures/validate/<case>/{corpus,annotations}` of invented texts;
//! its rendered diagnostics are compared with `snapshots/validate/<case>.snap`.
//! Read a snapshot to see what each rule reports.

use jingwang::annotation::check::{summary, validate_many};
use jingwang::annotation::corpus::{read_project, Layout, PROJECT_FILE};
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
    change,
    reviewed_draft,
    counted_noun,
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

/// The repository's own ground truth must validate, in every corpus root of
/// `corpora.yaml` that is present: no errors (warnings and notes are shown
/// but allowed).
#[test]
fn every_repository_annotation_validates() {
    let roots = read_project(Path::new(PROJECT_FILE)).expect("corpora.yaml reads");
    for root in roots {
        assert!(
            root.layout.annotations.is_dir(),
            "the annotations directory of root `{}` is missing",
            root.name
        );
        if !root.present() && root.optional {
            println!(
                "SKIPPED: corpus root `{}` not validated, {} does not exist",
                root.name,
                root.layout.corpus.display()
            );
            continue;
        }
        let outcome =
            validate_many(&root.layout, &[]).expect("corpus and annotations are readable");
        let report: String = outcome.diagnostics.iter().map(|d| d.render()).collect();
        assert_eq!(
            outcome.tally.errors,
            0,
            "root {}:\n{report}\n{}",
            root.name,
            summary(&outcome)
        );
    }
}

/// The second annotator's independent files for six real reports (the
/// agreement set, scored with `report --predictions tests/agreement/real`)
/// must validate too, whenever their sources are there.
#[test]
fn agreement_annotations_validate() {
    let sources = Path::new("../shared/real");
    if !sources.is_dir() {
        println!("SKIPPED: {} does not exist", sources.display());
        return;
    }
    let layout = Layout::new(sources, "tests/agreement/real");
    let outcome = validate_many(&layout, &[]).expect("agreement annotations are readable");
    let report: String = outcome.diagnostics.iter().map(|d| d.render()).collect();
    assert_eq!(outcome.tally.errors, 0, "{report}\n{}", summary(&outcome));
}
