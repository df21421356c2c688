//! What a newcomer runs into first, end to end through the binary: a folder
//! with nothing to extract, a corpus with nothing to score, a missing file,
//! a folder given for a document, a command run from inside `annotations/`,
//! and the help texts of the flags that take a choice. Each answer says which
//! of those it is. Fixtures are under `tests/fixtures/newcomer/`:
//! - `no_txt/`: a folder with a note and no `.txt`;
//! - `unannotated/`: a corpus whose annotations folder is empty;
//! - `drafts_only/`: `a.txt` with a draft annotation, `b.txt` with none.

use std::path::PathBuf;
use std::process::Command;

struct Case {
    name: &'static str,
    /// Working directory, under `tests/fixtures/newcomer/`.
    dir: &'static str,
    args: &'static [&'static str],
    exit: i32,
    stdout: &'static [&'static str],
    stderr: &'static [&'static str],
}

const NONE: &[&str] = &[];

const CASES: &[Case] = &[
    Case {
        name: "extract on a folder without .txt says so and fails",
        dir: "",
        args: &["extract", "no_txt"],
        exit: 1,
        stdout: NONE,
        stderr: &["error: no_txt: no .txt file in this folder", "hint:"],
    },
    Case {
        name: "report with an empty annotations folder says there is nothing to score",
        dir: "unannotated",
        args: &["report"],
        exit: 2,
        stdout: NONE,
        stderr: &["nothing to score: no annotation file (.yaml) in annotations", "jingwang annotate"],
    },
    Case {
        name: "report with drafts only shows the progress and fails: nothing was scored",
        dir: "drafts_only",
        args: &["report"],
        exit: 1,
        stdout: &[
            "progress (sources by annotation)\n  root    sources  reviewed  draft  none  unreadable\n  corpus        2         0      1     1           0\n",
            "pending (not reviewed, not scored): a",
        ],
        stderr: &["nothing scored: no annotation is reviewed yet (1 draft pending)"],
    },
    Case {
        name: "validate a missing file",
        dir: "drafts_only",
        args: &["validate", "annotations/nope.yaml"],
        exit: 2,
        stdout: NONE,
        stderr: &["error: annotations/nope.yaml does not exist", "hint: give a source under corpus"],
    },
    Case {
        name: "validate a folder",
        dir: "drafts_only",
        args: &["validate", "annotations"],
        exit: 2,
        stdout: NONE,
        stderr: &["error: annotations is a folder, not a document", "hint: give one file"],
    },
    Case {
        name: "validate from inside annotations/",
        dir: "drafts_only/annotations",
        args: &["validate", "a.yaml"],
        exit: 2,
        stdout: NONE,
        stderr: &[
            "error: a.yaml is not a document of this corpus: there is no folder corpus here",
            "inside the repository at ",
            "drafts_only: run from ",
        ],
    },
    Case {
        name: "annotate a missing file",
        dir: "drafts_only",
        args: &["annotate", "corpus/nope.txt"],
        exit: 1,
        stdout: NONE,
        stderr: &["error: corpus/nope.txt does not exist", "1 of 1 file not annotated"],
    },
    Case {
        name: "annotate a folder",
        dir: "drafts_only",
        args: &["annotate", "corpus"],
        exit: 1,
        stdout: NONE,
        stderr: &["error: corpus is a folder, not a document"],
    },
    Case {
        name: "annotate from inside annotations/",
        dir: "drafts_only/annotations",
        args: &["annotate", "../corpus/b.txt"],
        exit: 1,
        stdout: NONE,
        stderr: &["error: ../corpus/b.txt is not a document of this corpus: there is no folder corpus here", "inside the repository at "],
    },
    Case {
        name: "diff a missing file",
        dir: "drafts_only",
        args: &["diff", "corpus/nope.txt"],
        exit: 2,
        stdout: NONE,
        stderr: &["error: corpus/nope.txt does not exist"],
    },
    Case {
        name: "diff a folder",
        dir: "drafts_only",
        args: &["diff", "corpus"],
        exit: 2,
        stdout: NONE,
        stderr: &["error: corpus is a folder, not a document"],
    },
    Case {
        name: "diff from inside annotations/",
        dir: "drafts_only/annotations",
        args: &["diff", "a.yaml"],
        exit: 2,
        stdout: NONE,
        stderr: &["there is no folder corpus here", "inside the repository at "],
    },
    Case {
        name: "report --format has a help text",
        dir: "",
        args: &["report", "--help"],
        exit: 0,
        stdout: &["--format <FORMAT>", "Output format: an aligned table, JSON for scripts", "markdown: Markdown tables"],
        stderr: NONE,
    },
    Case {
        name: "diff --color has a help text",
        dir: "",
        args: &["diff", "--help"],
        exit: 0,
        stdout: &["--color <COLOR>", "When to colour the output", "always: Colour even through a pipe"],
        stderr: NONE,
    },
];

#[test]
fn commands() {
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|c| check(c).err().map(|e| format!("{}: {e}", c.name)))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The only code that runs the binary: runs one case and compares.
fn check(case: &Case) -> Result<(), String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/newcomer")
        .join(case.dir);
    let out = Command::new(env!("CARGO_BIN_EXE_jingwang"))
        .args(case.args)
        .current_dir(&dir)
        .output()
        .map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let context = || format!("\n--- stdout\n{stdout}\n--- stderr\n{stderr}");
    if out.status.code() != Some(case.exit) {
        return Err(format!(
            "exit {:?}, wanted {}{}",
            out.status.code(),
            case.exit,
            context()
        ));
    }
    if let Some(s) = case.stdout.iter().find(|s| !stdout.contains(**s)) {
        return Err(format!("stdout lacks {s:?}{}", context()));
    }
    if let Some(s) = case.stderr.iter().find(|s| !stderr.contains(**s)) {
        return Err(format!("stderr lacks {s:?}{}", context()));
    }
    Ok(())
}
