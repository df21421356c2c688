//! What `jingwang validate` prints is bounded by the number of problems,
//! not by the size of the file: a quote of megabytes (on one YAML line, in
//! a source of one line) gives diagnostics of a few lines each. A growth
//! test: quadrupling the quote must not change how much is printed.

use std::process::Command;

/// Writes a source and an annotation whose first quote is `n` characters
/// long (plus the number), runs `jingwang validate` on them and returns
/// its exit code and stdout.
fn check(n: usize) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, annotations) = (dir.path().join("corpus"), dir.path().join("annotations"));
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::create_dir_all(&annotations).unwrap();
    let long = "网".repeat(n);
    std::fs::write(
        corpus.join("a.txt"),
        format!("全市公安机关{long}抓获犯罪嫌疑人5名。\n"),
    )
    .unwrap();
    // The long quote holds the number of the second fact (an error at its
    // line) and is too long (a warning): two diagnostics show its line.
    let yaml = format!(
        "status: reviewed\ndocument:\n  region: null\n  campaign: null\nfacts:\n  \
         - quote: {long}抓获犯罪嫌疑人5名\n    value: 5\n    unit: 名\n    metric: suspects\n  \
         - quote: 抓获犯罪嫌疑人5名\n    value: 5\n    unit: 名\n    metric: suspects\n"
    );
    std::fs::write(annotations.join("a.yaml"), yaml).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jingwang"))
        .arg("validate")
        .arg("--corpus")
        .arg(&corpus)
        .arg("--annotations")
        .arg(&annotations)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).expect("validate prints UTF-8");
    (out.status.code().unwrap_or(-1), stdout)
}

#[test]
fn a_long_quote_prints_a_bounded_report() {
    let (code, small) = check(1 << 20);
    assert_eq!(code, 1, "{small}");
    assert!(
        small.contains("quote is 1048585 characters long"),
        "{small}"
    );
    assert!(small.contains("…\n"), "the line is cut: {small}");
    assert!(
        small.len() < 4096,
        "{} bytes printed:\n{small}",
        small.len()
    );
    let (_, large) = check(4 << 20);
    assert!(
        large.contains("quote is 4194313 characters long"),
        "{large}"
    );
    assert_eq!(
        large.len(),
        small.len(),
        "a quote four times longer changed what is printed:\n{large}"
    );
}
