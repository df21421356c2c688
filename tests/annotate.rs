//! The `annotate` command end to end: a draft is written, an existing
//! annotation is never overwritten without `--force`, `--force` keeps every
//! earlier version as a backup, and a failure leaves nothing half-written.
//!
//! Each test runs the binary in a fresh directory holding the invented
//! source `tests/fixtures/annotate/corpus/a.txt`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// What a run left behind.
struct Run {
    code: i32,
    stderr: String,
    /// Every file under `annotations/` afterwards (directories end in `/`).
    files: BTreeMap<String, String>,
    /// `jingwang validate` on the drafted `a.yaml`, when one was written.
    validation: String,
}

/// Sets up `corpus/a.txt` and the given `annotations/` entries (a name
/// ending in `/` is a directory), runs `jingwang annotate ARGS`, and reports.
fn check(existing: &[(&str, &str)], args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("corpus")).unwrap();
    std::fs::create_dir_all(root.join("annotations")).unwrap();
    std::fs::copy(
        "tests/fixtures/annotate/corpus/a.txt",
        root.join("corpus/a.txt"),
    )
    .unwrap();
    for (name, content) in existing {
        let path = root.join("annotations").join(name);
        if name.ends_with('/') {
            std::fs::create_dir_all(path.join("inside")).unwrap();
        } else {
            std::fs::write(path, content).unwrap();
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_jingwang"))
        .current_dir(root)
        .arg("annotate")
        .args(args)
        .output()
        .unwrap();
    let validation = if root.join("annotations/a.yaml").is_file() {
        let v = Command::new(env!("CARGO_BIN_EXE_jingwang"))
            .current_dir(root)
            .args(["validate", "annotations/a.yaml"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&v.stdout).into_owned()
    } else {
        String::new()
    };
    Run {
        code: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        files: listing(&root.join("annotations")),
        validation,
    }
}

fn listing(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            out.insert(format!("{name}/"), String::new());
        } else {
            out.insert(
                name,
                std::fs::read_to_string(entry.path()).unwrap_or_default(),
            );
        }
    }
    out
}

fn names(run: &Run) -> Vec<&str> {
    run.files.keys().map(String::as_str).collect()
}

#[test]
fn writes_a_draft_that_validates_structurally() {
    let run = check(&[], &["corpus/a.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(names(&run), ["a.yaml"]);
    let draft = &run.files["a.yaml"];
    assert!(
        draft.starts_with("# yaml-language-server: $schema=") && draft.contains("\n# DRAFT"),
        "{draft}"
    );
    assert!(
        draft.contains("Check every fact against the text"),
        "{draft}"
    );
    assert!(draft.contains("\nstatus: draft\n"), "{draft}");
    assert!(
        !draft.contains("span:"),
        "annotations place facts by quote: {draft}"
    );
    // Whatever the extractor finds, the draft itself must be well-formed:
    // parseable, quotes found and unambiguous, facts in source order.
    for problem in [
        "invalid yaml",
        "unknown",
        "not found",
        "no occurrence is given",
        "out of source order",
        "duplicated fact",
        "missing key",
    ] {
        assert!(
            !run.validation.contains(problem),
            "{problem}:\n{}",
            run.validation
        );
    }
    assert!(
        run.validation.contains("1 file checked"),
        "{}",
        run.validation
    );
}

#[test]
fn refuses_to_overwrite_an_annotation() {
    let run = check(
        &[("a.yaml", "hand-written ground truth\n")],
        &["corpus/a.txt"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("annotations/a.yaml exists already"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(names(&run), ["a.yaml"]);
    assert_eq!(run.files["a.yaml"], "hand-written ground truth\n");
}

#[test]
fn force_keeps_the_old_file_and_never_overwrites_a_backup() {
    let existing = [
        ("a.yaml", "version 3\n"),
        ("a.yaml.bak", "version 1\n"),
        ("a.yaml.bak.2", "version 2\n"),
    ];
    let run = check(&existing, &["--force", "corpus/a.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        names(&run),
        ["a.yaml", "a.yaml.bak", "a.yaml.bak.2", "a.yaml.bak.3"]
    );
    assert_eq!(run.files["a.yaml.bak"], "version 1\n");
    assert_eq!(run.files["a.yaml.bak.2"], "version 2\n");
    assert_eq!(run.files["a.yaml.bak.3"], "version 3\n");
    assert!(run.files["a.yaml"].contains("status: draft"));
}

#[test]
fn a_bad_file_in_a_batch_is_reported_and_the_rest_written() {
    let run = check(&[], &["corpus/missing.txt", "corpus/a.txt"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("corpus/missing.txt"), "{}", run.stderr);
    assert_eq!(names(&run), ["a.yaml"]);
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    // The target is a directory: the backup cannot be made, so nothing is
    // written at all, and no temporary file is left in the folder.
    let run = check(&[("a.yaml/", "")], &["--force", "corpus/a.txt"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("annotations/a.yaml"), "{}", run.stderr);
    assert_eq!(names(&run), ["a.yaml/"]);
}
