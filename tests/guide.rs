//! The annotator's guide ships with the repository (`docs/annotation-guide.md`)
//! and stays in step with the code: every label the code knows is explained
//! there, every section a hint or message cites (`§N`) exists there, and the
//! README and the header of every draft name it by path.

use jingwang::model::{Approx, Attribute, Category, FactField, Metric, Status};
use std::path::PathBuf;
use std::process::Command;

const GUIDE: &str = "docs/annotation-guide.md";

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repository().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The only check of the guide's text: which of `wanted` it lacks.
fn check(guide: &str, wanted: &[String]) -> Vec<String> {
    wanted
        .iter()
        .filter(|w| !guide.contains(w.as_str()))
        .cloned()
        .collect()
}

#[test]
fn every_label_the_code_knows_is_in_the_guide() {
    let lists: [(&str, &[&str]); 6] = [
        ("status", Status::LABELS),
        ("approx", Approx::LABELS),
        ("metric", Metric::LABELS),
        ("category", Category::LABELS),
        ("fact field", FactField::LABELS),
        ("attribute", Attribute::LABELS),
    ];
    let guide = read(GUIDE);
    for (kind, labels) in lists {
        let wanted: Vec<String> = labels.iter().map(|l| format!("`{l}`")).collect();
        let missing = check(&guide, &wanted);
        assert!(
            missing.is_empty(),
            "{GUIDE} does not explain the {kind} labels {}",
            missing.join(", ")
        );
    }
}

/// Every `§N` or `§N.M` written in the sources (hints, messages, headers).
fn cited_sections() -> Vec<String> {
    let mut cited = Vec::new();
    for entry in walkdir::WalkDir::new(repository().join("src")) {
        let path = entry.expect("src/ is readable").into_path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a readable source file");
        for (i, _) in text.match_indices('§') {
            let rest = &text[i + '§'.len_utf8()..];
            let n: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let n = n.trim_end_matches('.');
            if !n.is_empty() && !cited.iter().any(|c| c == n) {
                cited.push(n.to_string());
            }
        }
    }
    cited.sort();
    cited
}

#[test]
fn every_section_the_code_cites_exists() {
    let cited = cited_sections();
    assert!(
        cited.len() >= 6,
        "the sources cite only {cited:?}: the scan is broken"
    );
    let headings: String = read(GUIDE)
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| format!("{}\n", l.trim_start_matches('#').trim_start()))
        .collect();
    let wanted: Vec<String> = cited.iter().map(|n| format!("§{n} ")).collect();
    let missing = check(&headings, &wanted);
    assert!(
        missing.is_empty(),
        "sections cited in src/ without a heading in {GUIDE}: {}",
        missing.join(", ")
    );
}

#[test]
fn the_readme_points_to_the_guide_by_path() {
    assert_eq!(
        check(&read("README.md"), &[GUIDE.to_string()]),
        Vec::<String>::new()
    );
}

/// `jingwang annotate` in a scratch repository: its draft's header names the
/// guide by path, and its first line names the schema as the YAML language
/// server reads it, relative to the draft's folder.
#[test]
fn drafts_point_to_the_guide_and_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for folder in ["corpus/sub", "annotations", "docs"] {
        std::fs::create_dir_all(root.join(folder)).unwrap();
    }
    std::fs::copy(
        repository().join("docs/annotation.schema.json"),
        root.join("docs/annotation.schema.json"),
    )
    .unwrap();
    std::fs::write(
        root.join("corpus/sub/a.txt"),
        "全市共侦破电信网络诈骗案件120起。\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jingwang"))
        .current_dir(root)
        .args(["annotate", "corpus/sub/a.txt"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let draft = std::fs::read_to_string(root.join("annotations/sub/a.yaml")).unwrap();
    let first = draft.lines().next().unwrap_or("");
    let schema = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("the draft starts with {first:?}"));
    let named = root.join("annotations/sub").join(schema).canonicalize();
    let real = root.join("docs/annotation.schema.json").canonicalize();
    assert!(
        real.is_ok() && named.as_ref().ok() == real.as_ref().ok(),
        "the draft names {schema}, not the schema"
    );
    let header: String = draft.lines().take_while(|l| l.starts_with('#')).collect();
    assert_eq!(check(&header, &[GUIDE.to_string()]), Vec::<String>::new());
}
