//! Entries of a corpus or annotations folder that cannot be read (a link to
//! nothing, a link back to a folder above it) are each named as an error,
//! and the rest of the folder is validated and scored: one bad entry never
//! aborts a whole run, and none is passed over in silence.

use std::path::Path;
use std::process::Command;

/// A corpus of one annotated document, plus the entries `spoil` adds.
fn corpus(spoil: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("corpus")).unwrap();
    std::fs::create_dir_all(root.join("annotations")).unwrap();
    std::fs::write(
        root.join("corpus/a.txt"),
        "全市公安机关抓获犯罪嫌疑人8707人。\n",
    )
    .unwrap();
    std::fs::write(
        root.join("annotations/a.yaml"),
        "status: reviewed\ndocument:\n  region: null\n  campaign: null\nfacts:\n  - quote: 抓获犯罪嫌疑人8707人\n    value: 8707\n    unit: 人\n    metric: suspects\n",
    )
    .unwrap();
    spoil(root);
    dir
}

/// Runs a command on the corpus: exit code, stdout and stderr.
fn run(dir: &Path, command: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jingwang"))
        .args([
            command,
            "--corpus",
            "corpus",
            "--annotations",
            "annotations",
        ])
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn check(spoil: impl FnOnce(&Path), entry: &str, reason: &str) {
    let dir = corpus(spoil);
    let (code, stdout, _) = run(dir.path(), "validate");
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains(entry) && stdout.contains(reason),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 file checked"),
        "the good file is checked: {stdout}"
    );
    let (code, stdout, stderr) = run(dir.path(), "report");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(entry) && stderr.contains(reason),
        "{stderr}"
    );
    assert!(
        stdout.contains("1.000"),
        "the good file is scored: {stdout}"
    );
}

#[test]
fn a_link_to_nothing_in_the_corpus() {
    check(
        |root| {
            std::os::unix::fs::symlink(root.join("nowhere"), root.join("corpus/gone.txt")).unwrap()
        },
        "corpus/gone.txt",
        "a link to nothing",
    );
}

#[test]
fn a_link_loop_in_the_annotations() {
    check(
        |root| {
            std::fs::create_dir(root.join("annotations/sub")).unwrap();
            std::os::unix::fs::symlink("..", root.join("annotations/sub/up")).unwrap();
        },
        "annotations/sub/up",
        "a link to a folder that contains it",
    );
}
