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

/// What the run reads on stdin, and where its stdout goes (a pipe read
/// to its end, unless said otherwise).
enum Io<'a> {
    Bytes(&'a [u8]),
    /// Lines written one at a time, each only after the previous one has
    /// produced a line of output: a run that does not stream never sees
    /// its second line and fails.
    Interactive(&'a [&'a str]),
    /// Nothing on stdin; stdout to this file (`/dev/full`).
    StdoutTo(&'a Path),
    /// Nothing on stdin; this many bytes of stdout read, then the pipe
    /// closed (`| head -c N`).
    ClosedAfter(usize),
}

/// Runs `jingwang extract ARGS` in `dir`.
fn check(dir: &Path, args: &[&str], io: Io) -> Run {
    let stdout = match io {
        Io::StdoutTo(path) => Stdio::from(std::fs::File::create(path).unwrap()),
        _ => Stdio::piped(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_jingwang"))
        .arg("extract")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let mut streamed = String::new();
    match io {
        Io::StdoutTo(_) => {}
        Io::ClosedAfter(n) => {
            let mut head = vec![0; n];
            child.stdout.take().unwrap().read_exact(&mut head).unwrap();
            // Dropped: the pipe is closed with the run still writing.
            streamed = String::from_utf8_lossy(&head).into_owned();
        }
        Io::Bytes(bytes) => input.write_all(bytes).unwrap(),
        Io::Interactive(lines) => {
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
        stdout: streamed + &String::from_utf8(out.stdout).unwrap(),
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
    let run = check(dir.path(), &["docs/b.txt"], Io::Bytes(b""));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = jingwang::annotation::load::parse_annotation(&run.stdout).unwrap();
    assert!(!run.stdout.contains("---"));
    assert!(file.facts.iter().all(|f| f.span.is_some()));
}

#[test]
fn stdin_is_one_document_and_decoded_like_a_file() {
    let dir = sample_tree();
    let gbk = std::fs::read(Path::new(HOSTILE).join("gbk.txt")).unwrap();
    let from_stdin = check(dir.path(), &["-", "--format", "json"], Io::Bytes(&gbk));
    let from_file = check(
        dir.path(),
        &["docs/b.txt", "--format", "json"],
        Io::Bytes(b""),
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
            Io::Bytes(b""),
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
    let run = check(dir.path(), &["docs/c.txt", "docs/b.txt"], Io::Bytes(b""));
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
    let run = check(dir.path(), &["docs", "--format", "json"], Io::Bytes(b""));
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
            Io::Bytes(b""),
        );
        assert_eq!(run.code, 1, "the binary file fails");
        assert_eq!(run.stdout, "");
        // Every file but the manifest of what extract -o wrote.
        let mut written: Vec<PathBuf> = walkdir::WalkDir::new(dir.path().join(&out))
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| p.is_file() && !p.ends_with(".jingwang-extract"))
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
    let docs =
        json_lines(&check(dir.path(), &["docs", "--format", "jsonl"], Io::Bytes(b"")).stdout);
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
            Io::Bytes(b""),
        )
        .stdout,
    );
    assert_eq!(per_fact.len(), want.len());
    for (line, fact) in per_fact.iter().zip(&want) {
        for (key, value) in fact {
            assert_eq!(&line[key], value, "{key}");
        }
    }

    let csv_run = check(dir.path(), &["docs", "--format", "csv"], Io::Bytes(b""));
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
        Io::Bytes(input.as_bytes()),
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
        let run = check(dir.path(), args, Io::Bytes(b""));
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
        Io::Bytes(b""),
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
        Io::Interactive(&lines),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sources: Vec<Value> = json_lines(&run.stdout)
        .iter()
        .map(|v| v["source"].clone())
        .collect();
    assert_eq!(sources, ["a", "b", "c"]);
}

/// The files under `dir` and what they hold, the manifest left out.
fn contents(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.is_file() && !p.ends_with(".jingwang-extract"))
        .map(|p| {
            let name = p.strip_prefix(dir).unwrap().display().to_string();
            (name, std::fs::read_to_string(&p).unwrap_or_default())
        })
        .collect();
    files.sort();
    files
}

/// `-o` writes only into a folder of its own making: a folder that holds
/// a reviewed annotation, or any file an earlier `extract -o` did not
/// write (or wrote and someone changed since), is refused before any work
/// and left exactly as it was.
#[test]
fn output_folders_with_other_files_are_refused() {
    let reviewed = "status: reviewed\ndocument:\n  region: null\n  campaign: null\nfacts: []\n";
    type Files<'a> = &'a [(&'a str, &'a str)];
    let cases: [(&str, Files, &str); 4] = [
        (
            "a reviewed annotation",
            &[("b.yaml", reviewed)],
            "holds reviewed annotations (b.yaml)",
        ),
        (
            "a draft",
            &[("c.yaml", "status: draft\n")],
            "holds 1 file extract -o did not write (c.yaml)",
        ),
        (
            "notes",
            &[("x/notes.md", "mine"), ("a/gbk.yaml", "")],
            "holds 2 files",
        ),
        (
            "a link",
            &[],
            "holds 1 file extract -o did not write (link)",
        ),
    ];
    for (what, existing, message) in cases {
        let dir = sample_tree();
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        for (name, text) in existing {
            std::fs::create_dir_all(out.join(name).parent().unwrap()).unwrap();
            std::fs::write(out.join(name), text).unwrap();
        }
        if what == "a link" {
            std::os::unix::fs::symlink("/tmp", out.join("link")).unwrap();
        }
        let before = contents(&out);
        let run = check(dir.path(), &["docs", "-o", "out"], Io::Bytes(b""));
        assert_eq!(run.code, 2, "{what}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{what}: {}", run.stderr);
        assert!(run.stderr.contains("hint: "), "{what}: {}", run.stderr);
        assert_eq!(contents(&out), before, "{what}: nothing written");
    }
}

#[test]
fn an_output_folder_of_its_own_is_written_again_until_someone_edits_it() {
    let dir = sample_tree();
    let first = check(dir.path(), &["docs", "-o", "out"], Io::Bytes(b""));
    assert_eq!(first.code, 1, "the binary file fails: {}", first.stderr);
    let written = contents(&dir.path().join("out"));
    assert_eq!(written.len(), 4);
    let again = check(dir.path(), &["docs", "-o", "out"], Io::Bytes(b""));
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert_eq!(contents(&dir.path().join("out")), written);
    let edited = dir.path().join("out/b.yaml");
    std::fs::write(&edited, "status: draft\n# my corrections\n").unwrap();
    let refused = check(dir.path(), &["docs", "-o", "out"], Io::Bytes(b""));
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("(b.yaml)"), "{}", refused.stderr);
    let kept = std::fs::read_to_string(&edited).unwrap();
    assert_eq!(kept, "status: draft\n# my corrections\n");
}

/// Written files get the mode the umask gives, like any editor's.
#[test]
fn output_files_have_the_umask_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = sample_tree();
    let run = check(dir.path(), &["docs/b.txt", "-o", "out"], Io::Bytes(b""));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let umask = status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .unwrap();
    let umask = u32::from_str_radix(umask.trim(), 8).unwrap();
    let mode = std::fs::metadata(dir.path().join("out/b.yaml"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o666 & !umask);
}

/// A folder of many copies of a document, so output outgrows pipe buffers.
fn many_documents(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    for i in 0..n {
        let to = dir.path().join(format!("docs/{i:04}.txt"));
        std::fs::copy(Path::new(HOSTILE).join("utf8.txt"), to).unwrap();
    }
    dir
}

/// A reader that goes away ends the run quietly with the usual status; a
/// full disk is an error that names standard output; neither is a panic (which
/// `check` refuses).
#[test]
fn a_closed_or_full_stdout_is_no_panic() {
    let dir = many_documents(400);
    for jobs in ["1", "2"] {
        let closed = check(
            dir.path(),
            &["docs", "--format", "jsonl", "--per-fact", "-j", jobs],
            Io::ClosedAfter(10),
        );
        assert_eq!(closed.code, 0, "{}", closed.stderr);
        assert_eq!(closed.stderr, "");
        let full = check(
            dir.path(),
            &["docs", "--format", "jsonl", "-j", jobs],
            Io::StdoutTo(Path::new("/dev/full")),
        );
        assert_eq!(full.code, 2, "{}", full.stderr);
        assert!(
            full.stderr
                .contains("error: cannot write to standard output: No space left on device"),
            "{}",
            full.stderr
        );
    }
}

/// Too many threads are cut down with a note, and the run goes on.
#[test]
fn an_absurd_thread_count_is_capped() {
    let dir = many_documents(3);
    let run = check(
        dir.path(),
        &["docs", "--format", "jsonl", "-j", "100000"],
        Io::Bytes(b""),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("note: -j 100000 is more than"),
        "{}",
        run.stderr
    );
    assert_eq!(json_lines(&run.stdout).len(), 3);
}

/// A document larger than `--max-size` is an error naming it (the rest go
/// on); an endless one stops there instead of filling memory.
#[test]
fn documents_larger_than_the_limit_are_refused() {
    let dir = many_documents(2);
    std::fs::write(
        dir.path().join("docs/big.txt"),
        "开展净网行动。".repeat(200),
    )
    .unwrap();
    let long_line = format!(
        "{{\"text\": \"{}\"}}\n{{\"text\": \"x\"}}\n",
        "y".repeat(100)
    );
    let cases: [(&[&str], Io, &str); 4] = [
        (&["docs", "--format", "jsonl", "--max-size", "2K"], Io::Bytes(b""), "error: docs/big.txt: larger than the 2 KiB limit for one document"),
        (&["/dev/zero", "--format", "jsonl"], Io::Bytes(b""), "error: /dev/zero: larger than the 128 MiB limit for one document"),
        (&["-", "--max-size", "1k"], Io::Bytes(&[b'x'; 1025]), "error: -: larger than the 1 KiB limit"),
        (
            &["-", "--input", "jsonl", "--format", "jsonl", "--max-size", "100"],
            Io::Bytes(long_line.as_bytes()),
            "error: stdin line 1: longer than the 100 bytes limit for one document; the rest of stdin is not read",
        ),
    ];
    for (args, io, message) in cases {
        let run = check(dir.path(), args, io);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("--max-size"), "{}", run.stderr);
    }
    let good = check(
        dir.path(),
        &["docs", "--format", "jsonl", "--max-size", "2K"],
        Io::Bytes(b""),
    );
    assert_eq!(
        json_lines(&good.stdout).len(),
        2,
        "the others are extracted"
    );
    let bad = check(dir.path(), &["docs", "--max-size", "lots"], Io::Bytes(b""));
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("is not a size such as 128M"),
        "{}",
        bad.stderr
    );
}

/// A source name with a newline cannot break out of where it is written:
/// the YAML comment and CSV cell show it escaped, JSON carries it exactly,
/// error lines show it escaped.
#[test]
fn source_names_with_control_characters_stay_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::copy(
        Path::new(HOSTILE).join("utf8.txt"),
        docs.join("a\nfacts: [].txt"),
    )
    .unwrap();
    std::fs::write(docs.join("b\rc.txt"), b"\0binary").unwrap();

    let yaml = check(dir.path(), &["docs"], Io::Bytes(b""));
    assert!(
        yaml.stdout
            .starts_with("---\n# source: docs/a\\nfacts: [].txt\n"),
        "{}",
        yaml.stdout
    );
    for doc in yaml.stdout.split("---\n").filter(|d| !d.is_empty()) {
        let file = jingwang::annotation::load::parse_annotation(doc).unwrap();
        assert!(
            !file.facts.is_empty(),
            "the facts are the document's: {doc}"
        );
    }
    assert!(
        yaml.stderr.contains("error: docs/b\\rc.txt: binary data"),
        "{}",
        yaml.stderr
    );

    let lines =
        json_lines(&check(dir.path(), &["docs", "--format", "jsonl"], Io::Bytes(b"")).stdout);
    assert_eq!(lines[0]["source"], "docs/a\nfacts: [].txt");

    let csv_run = check(dir.path(), &["docs", "--format", "csv"], Io::Bytes(b""));
    let rows: Vec<&str> = csv_run
        .stdout
        .split("\r\n")
        .filter(|r| !r.is_empty())
        .collect();
    assert!(rows.len() > 1);
    assert!(
        rows[1..]
            .iter()
            .all(|r| r.starts_with("docs/a\\nfacts: [].txt,")),
        "{rows:?}"
    );

    let written = check(dir.path(), &["docs", "-o", "out"], Io::Bytes(b""));
    assert_eq!(written.code, 1);
    let file = std::fs::read_to_string(dir.path().join("out/a\nfacts: [].yaml")).unwrap();
    assert!(
        file.starts_with("# source: docs/a\\nfacts: [].txt\n"),
        "{file}"
    );
    assert!(!jingwang::annotation::load::parse_annotation(&file)
        .unwrap()
        .facts
        .is_empty());
}

/// CSV cells a spreadsheet would run as formulas are written inert.
#[test]
fn csv_cells_are_never_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let input = r#"{"source": "=HYPERLINK(\"http://x\")", "text": "今年以来共侦破案件12起。"}"#;
    let run = check(
        dir.path(),
        &["-", "--input", "jsonl", "--format", "csv"],
        Io::Bytes(input.as_bytes()),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[0], "'=HYPERLINK(\"http://x\")");
}
