//! The `report` and `diff` commands end to end, and the error paths of
//! `review` and `serve`, run as the built binary on the invented documents
//! under `tests/fixtures/score/`:
//! - `corpus/a.txt`: four gold facts; its prediction file has one exact
//!   fact, one with the wrong metric and one with the wrong value;
//! - `corpus/nested/b.txt`: two gold facts and no prediction file;
//! - `corpus/c.txt`: a draft whose quote is not in the source;
//! - `corpus/d.txt`: an annotation without status (pending too);
//! - `predictions/extra.yaml`: a prediction without an annotation;
//! - `broken/`: one good document, one with an unknown key, one whose quote
//!   is not found, one annotation without a source.

use std::path::PathBuf;
use std::process::Command;

const FIX: &str = "tests/fixtures/score";

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    exit: i32,
    /// Substrings stdout must contain.
    stdout: &'static [&'static str],
    /// Substrings stdout must not contain.
    not_stdout: &'static [&'static str],
    stderr: &'static [&'static str],
    /// JSON pointer (a `#keys` suffix: the sorted keys there) → JSON text.
    json: &'static [(&'static str, &'static str)],
}

const NONE: &[&str] = &[];

const CASES: &[Case] = &[
    Case {
        name: "report json: keys and figures against saved predictions",
        args: &["report", "--format", "json", "--corpus", "@/corpus", "--annotations", "@/annotations", "--predictions", "@/predictions"],
        exit: 0,
        stdout: NONE,
        not_stdout: NONE,
        stderr: &[
            "warning: no prediction file for nested/b",
            "warning: prediction file for extra has no annotation",
        ],
        json: &[
            ("#keys", "attributes,by_document,document_fields,documents,facts,metrics,pending,progress,strict"),
            ("/progress#keys", "draft,none,reviewed,sources,unreadable"),
            ("/progress/sources", "4"),
            ("/progress/reviewed", "2"),
            ("/progress/draft", "2"),
            ("/progress/none", "0"),
            ("/facts#keys", "f1,gold,precision,predicted,recall,tp"),
            ("/strict#keys", "f1,gold,precision,predicted,recall,tp"),
            ("/attributes#keys", "approx,category,change,metric,unit"),
            ("/document_fields#keys", "campaign,region"),
            (
                "/metrics#keys",
                "accounts,actions,assisted,cases,groups,information,items,money,organizations,other,penalized,suspects",
            ),
            ("/metrics/cases#keys", "f1,gold,precision,predicted,recall,tp"),
            ("/documents", "2"),
            ("/pending", r#"["c","d"]"#),
            ("/facts/tp", "2"),
            ("/facts/predicted", "3"),
            ("/facts/gold", "6"),
            ("/strict/tp", "1"),
            ("/attributes/metric", "0.5"),
            ("/attributes/unit", "1.0"),
            ("/metrics/penalized/predicted", "1"),
            ("/metrics/penalized/tp", "0"),
            ("/document_fields/campaign", "0.5"),
            ("/by_document/1/name", r#""nested/b""#),
            ("/by_document/1/facts/gold", "2"),
        ],
    },
    Case {
        name: "report: the annotations scored against themselves are perfect",
        args: &["report", "--format", "json", "--corpus", "@/corpus", "--annotations", "@/annotations", "--predictions", "@/annotations"],
        exit: 0,
        stdout: NONE,
        not_stdout: NONE,
        stderr: NONE,
        json: &[
            ("/facts/precision", "1.0"),
            ("/facts/recall", "1.0"),
            ("/facts/f1", "1.0"),
            ("/strict/f1", "1.0"),
            ("/attributes/unit", "1.0"),
            ("/attributes/approx", "1.0"),
            ("/attributes/metric", "1.0"),
            ("/attributes/category", "1.0"),
            ("/attributes/change", "1.0"),
            ("/document_fields/region", "1.0"),
            ("/document_fields/campaign", "1.0"),
            ("/metrics/money/f1", "1.0"),
        ],
    },
    Case {
        name: "report: broken files are named, the rest is scored, exit 1",
        args: &[
            "report",
            "--format",
            "json",
            "--corpus",
            "@/broken/corpus",
            "--annotations",
            "@/broken/annotations",
            "--predictions",
            "@/broken/annotations",
        ],
        exit: 1,
        stdout: NONE,
        not_stdout: NONE,
        stderr: &[
            "bad.yaml:9:5: unknown key `metrics` in a fact",
            "misquoted.yaml:10: fact 2 (quote `查处违法网站13家`): quote not found",
            "orphan.yaml: annotation without source",
            "3 document(s) could not be scored",
        ],
        json: &[
            ("/documents", "1"),
            ("/facts/tp", "1"),
            ("/by_document/0/name", r#""ok""#),
            // bad.yaml cannot be read; misquoted.yaml is reviewed, though not scored.
            ("/progress/sources", "3"),
            ("/progress/reviewed", "2"),
            ("/progress/unreadable", "1"),
        ],
    },
    Case {
        name: "report table: documents, totals and pending drafts",
        args: &["report", "--corpus", "@/corpus", "--annotations", "@/annotations", "--predictions", "@/predictions"],
        exit: 0,
        stdout: &[
            "nested/b (no prediction file)",
            "total (2 documents)",
            "strict (all attributes equal)",
            "pending (not reviewed, not scored): c, d",
            "progress (sources by annotation)\n  root    sources  reviewed  draft  none  unreadable\n  corpus        4         2      2     0           0\n",
        ],
        not_stdout: NONE,
        stderr: NONE,
        json: &[],
    },
    Case {
        name: "report: a missing predictions directory stops the command",
        args: &["report", "--corpus", "@/corpus", "--annotations", "@/annotations", "--predictions", "@/nowhere"],
        exit: 2,
        stdout: NONE,
        not_stdout: NONE,
        stderr: &["predictions directory", "nowhere"],
        json: &[],
    },
    Case {
        name: "diff: matched, missed and spurious facts in context, then the fact diff",
        args: &["diff", "@/corpus/a.txt", "--corpus", "@/corpus", "--annotations", "@/annotations", "--predictions", "@/predictions"],
        exit: 0,
        stdout: &[
            "a: 4 gold, 3 predicted, 2 matched",
            "line 2    …信网络诈骗案件320起，«抓获犯罪嫌疑人415名»，同比分别上升12.5%…",
            "metric: gold suspects, predicted penalized",
            "missed (gold, not predicted) (2)",
            "line 3    …冻结涉案资金1.2亿元，«劝阻群众2000余人»。  2000 人 approx=over assisted",
            "spurious (predicted, not in gold) (1)",
            "--- gold\n+++ predicted",
            "\n-[79, 90) 冻结涉案资金1.2亿元  120000000 元 money\n",
            "\n+[79, 90) 冻结涉案资金1.2亿元  12000 元 money\n",
            "\n [33, 47) 破获电信网络诈骗案件320起  320 起 cases category=fraud change=12.5\n",
        ],
        not_stdout: &["\x1b["],
        stderr: NONE,
        json: &[],
    },
    Case {
        name: "diff --color always colours even through a pipe",
        args: &["diff", "a", "--corpus", "@/corpus", "--annotations", "@/annotations", "--predictions", "@/predictions", "--color", "always"],
        exit: 0,
        stdout: &["\x1b["],
        not_stdout: NONE,
        stderr: NONE,
        json: &[],
    },
    Case {
        name: "diff of a document without prediction file",
        args: &["diff", "nested/b", "--corpus", "@/corpus", "--annotations", "@/annotations", "--predictions", "@/predictions"],
        exit: 0,
        stdout: &["no prediction file", "missed (gold, not predicted) (2)", "«关停违规账号350个»"],
        not_stdout: NONE,
        stderr: NONE,
        json: &[],
    },
    Case {
        name: "diff of a draft places its quotes and says which one is wrong",
        args: &["diff", "c", "--corpus", "@/corpus", "--annotations", "@/annotations", "--predictions", "@/predictions"],
        exit: 2,
        stdout: NONE,
        not_stdout: NONE,
        stderr: &["c.yaml:7: fact 1 (quote `发放宣传资料八百份`): quote not found", "hint:"],
        json: &[],
    },
    Case {
        name: "review writes every page and reports each document it cannot show in full",
        args: &["review", "--corpus", "@/broken/corpus", "--annotations", "@/broken/annotations", "-o", "$TMP/site"],
        exit: 1,
        stdout: &["wrote 5 pages to"],
        not_stdout: NONE,
        stderr: &[
            "bad.yaml:9:5: unknown key `metrics` in a fact",
            "misquoted.yaml:10: fact 2 (quote `查处违法网站13家`): quote not found",
            "orphan.yaml: annotation without source",
        ],
        json: &[],
    },
    Case {
        name: "review refuses a predictions directory that does not exist",
        args: &["review", "--corpus", "@/corpus", "--annotations", "@/annotations", "--predictions", "@/nowhere", "-o", "$TMP/site"],
        exit: 2,
        stdout: NONE,
        not_stdout: NONE,
        stderr: &["predictions directory tests/fixtures/score/nowhere does not exist", "hint:"],
        json: &[],
    },
    Case {
        name: "report refuses a predictions directory with no prediction file",
        args: &["report", "--corpus", "@/corpus", "--annotations", "@/annotations", "--predictions", "$TMP"],
        exit: 2,
        stdout: NONE,
        not_stdout: NONE,
        stderr: &["holds no prediction file (.yaml)", "hint:"],
        json: &[],
    },
    Case {
        name: "diff refuses a predictions directory that does not exist",
        args: &["diff", "--corpus", "@/corpus", "--annotations", "@/annotations", "--predictions", "@/nowhere", "@/corpus/a.txt"],
        exit: 2,
        stdout: NONE,
        not_stdout: NONE,
        stderr: &["predictions directory tests/fixtures/score/nowhere does not exist", "hint:"],
        json: &[],
    },
    Case {
        name: "serve refuses a corpus that does not exist before listening",
        args: &["serve", "--corpus", "@/nowhere", "--annotations", "@/annotations"],
        exit: 2,
        stdout: NONE,
        not_stdout: NONE,
        stderr: &["cannot read corpus directory tests/fixtures/score/nowhere", "hint:"],
        json: &[],
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
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // `$TMP`: a fresh directory for the case's output files.
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| {
            a.replace('@', FIX)
                .replace("$TMP", &tmp.path().display().to_string())
        })
        .collect();
    let out = Command::new(env!("CARGO_BIN_EXE_jingwang"))
        .args(&args)
        .current_dir(&root)
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
    if let Some(s) = case.not_stdout.iter().find(|s| stdout.contains(**s)) {
        return Err(format!("stdout has {s:?}{}", context()));
    }
    if let Some(s) = case.stderr.iter().find(|s| !stderr.contains(**s)) {
        return Err(format!("stderr lacks {s:?}{}", context()));
    }
    if case.json.is_empty() {
        return Ok(());
    }
    let json: serde_json::Value =
        serde_json::from_str(&stdout).map_err(|e| format!("not JSON: {e}{}", context()))?;
    for (pointer, want) in case.json {
        let got = json_at(&json, pointer);
        if got.as_deref() != Some(*want) {
            return Err(format!("{pointer} is {got:?}, wanted {want}"));
        }
    }
    Ok(())
}

fn json_at(json: &serde_json::Value, pointer: &str) -> Option<String> {
    match pointer.strip_suffix("#keys") {
        Some(p) => {
            let mut keys: Vec<&String> = json.pointer(p)?.as_object()?.keys().collect();
            keys.sort();
            Some(
                keys.iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            )
        }
        None => json.pointer(pointer).map(|v| v.to_string()),
    }
}
