//! Output that goes nowhere: a reader that stops early (`| head`, `| true`)
//! ends a command quietly with its usual exit status; a full disk is an
//! error naming standard output. Never a panic (exit 101 and a backtrace).
//! Every command that writes to standard output is run both ways from the
//! repository's root, on the bundled corpus.

use std::process::{Command, Stdio};

/// Each command and its arguments.
const COMMANDS: &[&[&str]] = &[
    &["validate"],
    &["report"],
    &["report", "--format", "json"],
    &["schema"],
    &["extract", "corpus"],
    &["extract", "--format", "jsonl", "corpus"],
    &["diff", "corpus/000_01aaf3f646222cb2.txt"],
];

fn jingwang(args: &[&str], stdout: Stdio) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_jingwang"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    for args in COMMANDS {
        let mut child = jingwang(args, Stdio::piped());
        // Close the reading end before the command writes: every write
        // then fails with a broken pipe.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked") && out.status.code() != Some(101),
            "{args:?}: {stderr}"
        );
        assert!(
            !stderr.contains("Broken pipe") && !stderr.contains("broken pipe"),
            "{args:?} reports the closed pipe as an error: {stderr}"
        );
    }
}

#[test]
fn a_full_disk_is_an_error_naming_standard_output() {
    for args in COMMANDS {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = jingwang(args, Stdio::from(full))
            .wait_with_output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("standard output") || stderr.contains("stdout"),
            "{args:?}: the error does not name the output: {stderr}"
        );
        assert!(stderr.contains("No space left"), "{args:?}: {stderr}");
    }
}
