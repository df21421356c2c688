//! `jingwang validate` as a command: exit codes (errors fail, warnings fail
//! only with `--strict`, notes never), the summary line, and checking only
//! the files named on the command line. Fixtures are shared with
//! tests/validate.rs; `validate_cli/` holds the cases only this file needs.

use std::process::Command;

/// Runs `jingwang validate` on a fixture directory; returns the exit code
/// and the last line of stdout (the summary).
fn check(case: &str, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jingwang"))
        .current_dir(format!("tests/fixtures/{case}"))
        .arg("validate")
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary = stdout.lines().last().unwrap_or("").to_string();
    let stderr = String::from_utf8_lossy(&out.stderr);
    (
        out.status.code().unwrap_or(-1),
        if summary.is_empty() {
            stderr.trim().to_string()
        } else {
            summary
        },
    )
}

#[test]
fn clean_files_pass() {
    assert_eq!(
        check("validate/clean", &[]),
        (0, "1 file checked: 0 errors, 0 warnings".into())
    );
}

#[test]
fn errors_fail() {
    assert_eq!(
        check("validate/unit", &[]),
        (1, "1 file checked: 5 errors, 1 warning".into())
    );
}

#[test]
fn warnings_fail_only_when_strict() {
    assert_eq!(
        check("validate/furniture", &[]),
        (0, "1 file checked: 0 errors, 2 warnings".into())
    );
    assert_eq!(
        check("validate/furniture", &["--strict"]),
        (1, "1 file checked: 0 errors, 2 warnings".into())
    );
}

#[test]
fn notes_never_fail() {
    let expected = (
        0,
        "0 files checked: 0 errors, 0 warnings, 1 note".to_string(),
    );
    assert_eq!(check("validate_cli/notes_only", &["--strict"]), expected);
}

#[test]
fn only_the_named_files_are_checked() {
    let (code, summary) = check("validate/yaml_syntax", &["annotations/b.yaml"]);
    assert_eq!(
        (code, summary.as_str()),
        (1, "1 file checked: 1 error, 0 warnings")
    );
}

#[test]
fn a_missing_directory_is_a_clear_error() {
    let (code, message) = check("validate/clean", &["--annotations", "no-such-dir"]);
    assert_eq!(code, 2);
    assert!(
        message.starts_with("error: cannot read annotations directory no-such-dir"),
        "{message}"
    );
}
