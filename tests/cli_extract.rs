//! The `extract` command as a user runs it: the built binary, real files,
//! stdin, exit codes, stdout shapes parsed with the csv crate and serde_json.
//! Every run goes through `check`.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const HOSTILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");

/// What a run printed and how it ended.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// What the run reads on stdin.
enum Stdin<'a> {
    Bytes(&'a [u8]),
    /// Lines written one at a time, each only after the previous one has
    /// produced a line of output: a run that does not stream never sees
    /// its second line and fails.
    Interactive(&'a [&'a str]),
}

/// Runs `jingwang extract ARGS` in `dir`.
fn check(dir: &Path, args: &[&str], stdin: Stdin) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jingwang"))
        .arg("extract")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let mut streamed = String::new();
    match stdin {
        Stdin::Bytes(bytes) => input.write_all(bytes).unwrap(),
        Stdin::Interactive(lines) => {
            let stdout = BufReader::new(child.stdout.take().unwrap());
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                stdout
                    .lines()
                    .map_while(Result::ok)
                    .for_each(|l| drop(tx.send(l)))
            });
            for line in lines {
                writeln!(input, "{line}").unwrap();
                input.flush().unwrap();
                // Generous: this guards against a run that waits for the
                // end of its input, not against a slow one.
                let out = rx
                    .recv_timeout(Duration::from_secs(120))
                    .expect("no output while input is open: not streaming");
                streamed.push_str(&out);
                streamed.push('\n');
            }
            drop(input);
            streamed.extend(rx.iter().map(|l| l + "\n"));
            let mut stderr = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            let code = child.wait().unwrap().code().unwrap();
            return Run {
                code,
                stdout: streamed,
                stderr,
            };
        }
    }
    drop(input);
    let out = child.wait_with_output().unwrap();
    let run = Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// A folder of good documents in two levels, plus one binary file, so
/// every directory run has a bad file to report and get past.
fn sample_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &str, to: &str| {
        let to = dir.path().join("docs").join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(Path::new(HOSTILE).join(from), to).unwrap();
    };
    copy("utf8.txt", "b.txt");
    copy("gbk.txt", "a/gbk.txt");
    copy("big5.txt", "a/z/big5.txt");
    copy("binary_png.txt", "a/broken.txt");
    copy("crlf.txt", "c.txt");
    std::fs::write(dir.path().join("docs/notes.md"), "not a source").unwrap();
    dir
}

const GOOD: [&str; 4] = [
    "docs/a/gbk.txt",
    "docs/a/z/big5.txt",
    "docs/b.txt",
    "docs/c.txt",
];

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn one_file_prints_one_yaml_document() {
    let dir = sample_tree();
    let run = check(dir.path(), &["docs/b.txt"], Stdin::Bytes(b""));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = jingwang::annotation::load::parse_annotation(&run.stdout).unwrap();
    assert!(!run.stdout.contains("---"));
    assert!(file.facts.iter().all(|f| f.span.is_some()));
}

#[test]
fn stdin_is_one_document_and_decoded_like_a_file() {
    let dir = sample_tree();
    let gbk = std::fs::read(Path::new(HOSTILE).join("gbk.txt")).unwrap();
    let from_stdin = check(dir.path(), &["-", "--format", "json"], Stdin::Bytes(&gbk));
    let from_file = check(
        dir.path(),
        &["docs/b.txt", "--format", "json"],
        Stdin::Bytes(b""),
    );
    assert_eq!(from_stdin.code, 0, "{}", from_stdin.stderr);
    let value: Value = serde_json::from_str(&from_stdin.stdout).unwrap();
    assert!(value["facts"].is_array());
    assert_eq!(from_stdin.stdout, from_file.stdout);
}

#[test]
fn a_bad_file_is_reported_and_the_rest_processed() {
    let dir = sample_tree();
    for jobs in ["1", "2"] {
        let run = check(
            dir.path(),
            &["docs", "--format", "jsonl", "-j", jobs],
            Stdin::Bytes(b""),
        );
        assert_eq!(run.code, 1);
        assert!(
            run.stderr.contains("error: docs/a/broken.txt: binary data"),
            "{}",
            run.stderr
        );
        let sources: Vec<String> = json_lines(&run.stdout)
            .iter()
            .map(|v| v["source"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(sources, GOOD, "sorted, stable, bad file skipped");
    }
}

#[test]
fn several_yaml_documents_are_separated_and_named() {
    let dir = sample_tree();
    let run = check(dir.path(), &["docs/c.txt", "docs/b.txt"], Stdin::Bytes(b""));
    assert_eq!(run.code, 0);
    let docs: Vec<&str> = run
        .stdout
        .split("---\n")
        .filter(|d| !d.is_empty())
        .collect();
    assert_eq!(docs.len(), 2);
    assert!(docs[0].starts_with("# source: docs/c.txt\n"));
    assert!(docs[1].starts_with("# source: docs/b.txt\n"));
    for doc in docs {
        jingwang::annotation::load::parse_annotation(doc).unwrap();
    }
}

#[test]
fn json_of_a_directory_is_an_array() {
    let dir = sample_tree();
    let run = check(dir.path(), &["docs", "--format", "json"], Stdin::Bytes(b""));
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    let sources: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, GOOD);
}

#[test]
fn output_directory_mirrors_the_sources() {
    let dir = sample_tree();
    for (format, ext) in [("yaml", "yaml"), ("json", "json")] {
        let out = format!("out-{format}");
        let run = check(
            dir.path(),
            &["docs", "-o", &out, "--format", format],
            Stdin::Bytes(b""),
        );
        assert_eq!(run.code, 1, "the binary file fails");
        assert_eq!(run.stdout, "");
        let mut written: Vec<PathBuf> = walkdir::WalkDir::new(dir.path().join(&out))
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| p.is_file())
            .map(|p| p.strip_prefix(dir.path().join(&out)).unwrap().to_path_buf())
            .collect();
        written.sort();
        let want: Vec<PathBuf> = ["a/gbk", "a/z/big5", "b", "c"]
            .iter()
            .map(|n| PathBuf::from(format!("{n}.{ext}")))
            .collect();
        assert_eq!(written, want);
    }
    let yaml = std::fs::read_to_string(dir.path().join("out-yaml/a/gbk.yaml")).unwrap();
    jingwang::annotation::load::parse_annotation(&yaml).unwrap();
}

/// Per-fact lines and CSV rows are the facts of the per-document lines,
/// flattened, with the document fields repeated and spans that hold the
/// quote in the decoded source.
#[test]
fn flat_shapes_agree_with_the_document_lines() {
    let dir = sample_tree();
    let docs = json_lines(
        &check(
            dir.path(),
            &["docs", "--format", "jsonl"],
            Stdin::Bytes(b""),
        )
        .stdout,
    );
    let mut want = Vec::new();
    for doc in &docs {
        let text =
            jingwang::text::source::read_source(&dir.path().join(doc["source"].as_str().unwrap()))
                .unwrap();
        for fact in doc["facts"].as_array().unwrap() {
            let [s, e] = [0, 1].map(|i| fact["span"][i].as_u64().unwrap() as usize);
            let at: String = text.chars().skip(s).take(e - s).collect();
            assert_eq!(at, fact["quote"].as_str().unwrap());
            let mut row = fact.as_object().unwrap().clone();
            row.insert("source".into(), doc["source"].clone());
            row.insert("region".into(), doc["document"]["region"].clone());
            row.insert("campaign".into(), doc["document"]["campaign"].clone());
            want.push(row);
        }
    }

    let per_fact = json_lines(
        &check(
            dir.path(),
            &["docs", "--format", "jsonl", "--per-fact"],
            Stdin::Bytes(b""),
        )
        .stdout,
    );
    assert_eq!(per_fact.len(), want.len());
    for (line, fact) in per_fact.iter().zip(&want) {
        for (key, value) in fact {
            assert_eq!(&line[key], value, "{key}");
        }
    }

    let csv_run = check(dir.path(), &["docs", "--format", "csv"], Stdin::Bytes(b""));
    assert!(csv_run.stdout.starts_with("source,span_start,span_end,quote,value,unit,approx,metric,category,change,region,campaign\r\n"));
    let mut reader = csv::Reader::from_reader(csv_run.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), want.len());
    for (row, fact) in rows.iter().zip(&want) {
        assert_eq!(&row[0], fact["source"].as_str().unwrap());
        assert_eq!(&row[3], fact["quote"].as_str().unwrap());
        assert_eq!(&row[7], fact["metric"].as_str().unwrap());
    }
}

#[test]
fn json_lines_on_stdin_stream_through_with_bad_lines_named() {
    let dir = tempfile::tempdir().unwrap();
    let input = concat!(
        r#"{"source": "web/1", "text": "今年以来共侦破案件12起。", "url": "ignored"}"#,
        "\n",
        "\n",
        "{\"source\": \"web/2\", \"text\": \"未闭合\n",
        r#"{"source": "web/3"}"#,
        "\n",
        r#"{"text": "没有来源的文本"}"#,
        "\n",
    );
    let run = check(
        dir.path(),
        &["-", "--input", "jsonl", "--format", "jsonl"],
        Stdin::Bytes(input.as_bytes()),
    );
    assert_eq!(run.code, 1);
    let sources: Vec<Value> = json_lines(&run.stdout)
        .iter()
        .map(|v| v["source"].clone())
        .collect();
    assert_eq!(sources, ["web/1", "stdin line 5"]);
    assert!(
        run.stderr.contains("error: stdin line 3: column"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: stdin line 4: column 19: missing field `text`"),
        "{}",
        run.stderr
    );
}

#[test]
fn meaningless_flag_combinations_are_refused() {
    let dir = sample_tree();
    for args in [
        &["docs", "--format", "csv", "-o", "out"][..],
        &["docs", "--format", "yaml", "--per-fact"],
        &["-", "-o", "out"],
    ] {
        let run = check(dir.path(), args, Stdin::Bytes(b""));
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert!(!dir.path().join("out").exists());
    }
}

#[test]
fn a_missing_path_is_named() {
    let dir = sample_tree();
    let run = check(
        dir.path(),
        &["docs/b.txt", "nowhere.txt", "--format", "jsonl"],
        Stdin::Bytes(b""),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error: nowhere.txt: cannot read:"),
        "{}",
        run.stderr
    );
    assert_eq!(json_lines(&run.stdout).len(), 1);
}

#[test]
fn json_lines_stream_out_while_input_is_still_coming() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"source": "a", "text": "共侦破案件12起。"}"#,
        r#"{"source": "b", "text": "抓获犯罪嫌疑人8名。"}"#,
        r#"{"source": "c", "text": "关停网站3个。"}"#,
    ];
    let run = check(
        dir.path(),
        &["-", "--input", "jsonl", "--format", "jsonl"],
        Stdin::Interactive(&lines),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sources: Vec<Value> = json_lines(&run.stdout)
        .iter()
        .map(|v| v["source"].clone())
        .collect();
    assert_eq!(sources, ["a", "b", "c"]);
}
