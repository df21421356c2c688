//! The quality ratchet: the extractor, scored on every corpus root of
//! `corpora.yaml` against its ground truth, must not fall below the floors
//! committed for that root in `tests/quality_floor.yaml` (fact precision,
//! fact recall, strict F1, and the shares of documents whose region and
//! campaign are right). On failure the per-document summary is printed,
//! to show where it lost. A root kept outside the repository
//! (`../shared/real`) is scored whenever it is there, and the test says
//! plainly when it was skipped.

use jingwang::annotation::corpus::{read_project, Root, PROJECT_FILE};
use jingwang::cli::report::document_summary;
use jingwang::eval::corpus::score_corpus;
use jingwang::eval::score::Agreement;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Floor {
    fact_precision: f64,
    fact_recall: f64,
    strict_f1: f64,
    region: f64,
    campaign: f64,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn extractor_stays_above_the_quality_floor() {
    let path = root().join("tests/quality_floor.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let floors: BTreeMap<String, Floor> =
        serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let roots = read_project(&root().join(PROJECT_FILE)).unwrap_or_else(|e| panic!("{e}"));
    for r in &roots {
        assert!(
            floors.contains_key(&r.name),
            "corpus root `{}` has no floor in {}",
            r.name,
            path.display()
        );
    }
    for r in roots {
        if !r.present() && r.optional {
            println!(
                "SKIPPED: corpus root `{}` not scored, {} does not exist",
                r.name,
                r.layout.corpus.display()
            );
            continue;
        }
        check(&r, &floors[&r.name]);
    }
}

/// The share of documents with the field right; 0 when none was scored,
/// which fails any floor above 0.
fn share(a: &Agreement) -> f64 {
    a.share().unwrap_or(0.0)
}

/// The only caller of the scorer: scores one corpus root with the
/// extractor and compares each figure with its floor.
fn check(root: &Root, floor: &Floor) {
    let outcome = score_corpus(&root.layout, None).unwrap_or_else(|e| panic!("{e}"));
    let problems: Vec<String> = outcome.problems.iter().map(|p| p.to_string()).collect();
    assert!(
        problems.is_empty(),
        "annotations that cannot be scored (they would skew the figures):\n{}",
        problems.join("\n")
    );
    let totals = &outcome.report.totals;
    let figures = [
        (
            "fact_precision",
            totals.facts.precision(),
            floor.fact_precision,
        ),
        ("fact_recall", totals.facts.recall(), floor.fact_recall),
        ("strict_f1", totals.strict.f1(), floor.strict_f1),
        (
            "region",
            share(&totals.document_fields.region),
            floor.region,
        ),
        (
            "campaign",
            share(&totals.document_fields.campaign),
            floor.campaign,
        ),
    ];
    let below: Vec<String> = figures
        .iter()
        .filter(|(_, got, min)| got < min)
        .map(|(name, got, min)| format!("{}: {name} {got:.4} is below its floor {min}", root.name))
        .collect();
    for (name, got, min) in &figures {
        if *got >= min + 0.01 {
            eprintln!(
                "note: {}: {name} is {got:.4}, above its floor {min}: raise it in tests/quality_floor.yaml",
                root.name
            );
        }
    }
    assert!(
        below.is_empty(),
        "{}\n\nper document:\n{}",
        below.join("\n"),
        document_summary(&outcome)
    );
}
