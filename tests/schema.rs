//! The JSON Schema of the annotation format: the committed
//! `docs/annotation.schema.json` is what `jingwang schema` prints (generated
//! from the model, so it cannot drift), its label fields are enums of the
//! model's labels, every annotation in the repository is valid under it, and
//! files with the mistakes it exists to catch are not.

use jingwang::model::{Approx, Category, Metric, Status};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn committed() -> serde_json::Value {
    let path = repository().join("docs/annotation.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The only validation: the schema's complaints about one YAML file.
fn check(validator: &jsonschema::Validator, path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: serde_json::Value = serde_saphyr::from_str(&text)
        .unwrap_or_else(|e| panic!("{}: not YAML: {e}", path.display()));
    validator
        .iter_errors(&value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_committed_schema_is_what_jingwang_schema_prints() {
    let out = Command::new(env!("CARGO_BIN_EXE_jingwang"))
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    let file = std::fs::read_to_string(repository().join("docs/annotation.schema.json")).unwrap();
    assert!(
        printed == file,
        "docs/annotation.schema.json is out of date: `cargo run --release -- schema > docs/annotation.schema.json`"
    );
}

#[test]
fn labels_are_enums_of_the_models_labels() {
    let schema = committed();
    let definitions = &schema["definitions"];
    let cases: [(&str, &[&str]); 4] = [
        ("Status", Status::LABELS),
        ("Approx", Approx::LABELS),
        ("Metric", Metric::LABELS),
        ("Category", Category::LABELS),
    ];
    for (name, labels) in cases {
        let listed: Vec<&str> = definitions[name]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{name} is not an enum in the schema: {}", definitions[name]))
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(listed, labels, "{name}");
    }
}

/// Every annotation file of the repository: every corpus root's and the
/// second annotator's (test fixtures are broken on purpose, and prediction
/// files give no status).
fn repository_annotations() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["annotations", "tests/agreement"] {
        for entry in walkdir::WalkDir::new(repository().join(dir)) {
            let path = entry.expect("a readable folder").into_path();
            if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_repository_annotation_is_valid() {
    let validator = jsonschema::validator_for(&committed()).expect("the schema compiles");
    let files = repository_annotations();
    assert!(
        files.len() > 50,
        "only {} annotation files found",
        files.len()
    );
    let invalid: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let errors = check(&validator, f);
            (!errors.is_empty()).then(|| format!("{}:\n  {}", f.display(), errors.join("\n  ")))
        })
        .collect();
    assert!(invalid.is_empty(), "{}", invalid.join("\n"));
}

/// Files with mistakes an editor should flag while the annotator types.
#[test]
fn mistakes_are_invalid() {
    let validator = jsonschema::validator_for(&committed()).expect("the schema compiles");
    let dir = tempfile::tempdir().unwrap();
    let fact = "  - quote: 破获案件12起\n    value: 12\n    unit: 起\n    metric: cases\n";
    let cases: &[(&str, String, &str)] = &[
        ("valid", format!("status: reviewed\nfacts:\n{fact}"), ""),
        (
            "misspelt metric",
            format!(
                "status: reviewed\nfacts:\n{}",
                fact.replace("cases", "case")
            ),
            "/facts/0/metric",
        ),
        (
            "unknown category",
            format!("status: reviewed\nfacts:\n{fact}    category: scam\n"),
            "/facts/0/category",
        ),
        (
            "unknown key",
            format!("status: reviewed\nfacts:\n{fact}    note: x\n"),
            "/facts/0",
        ),
        ("no status", format!("facts:\n{fact}"), ""),
        (
            "no value",
            format!(
                "status: draft\nfacts:\n{}",
                fact.replace("    value: 12\n", "")
            ),
            "/facts/0",
        ),
        (
            "value as text",
            format!(
                "status: draft\nfacts:\n{}",
                fact.replace("value: 12", "value: twelve")
            ),
            "/facts/0/value",
        ),
        (
            "status label",
            format!("status: done\nfacts:\n{fact}"),
            "/status",
        ),
    ];
    for (i, (name, yaml, at)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("{i}.yaml"));
        std::fs::write(&path, yaml).unwrap();
        let errors = check(&validator, &path);
        if *name == "valid" {
            assert!(errors.is_empty(), "{name}: {errors:?}");
        } else {
            assert!(
                errors.iter().any(|e| e.starts_with(&format!("{at}:"))),
                "{name}: expected an error at `{at}`, got {errors:?}"
            );
        }
    }
}
