//! `jingwang serve` on a copy of a corpus, driven as an annotator drives it:
//! - in headless Chromium, each edit of the table (accept, reject, relabel
//!   from a label list or by typing, add from a text selection, mark
//!   reviewed) is made through the page and the annotation file compared as
//!   text with `expected/CASE.yaml` of `tests/fixtures/serve/` (its comments
//!   must all be there);
//! - an edit from a page loaded before the file changed is refused, with
//!   the message on the page, and the file is left as the other writer left
//!   it;
//! - a whole round trip: `annotate`, then serve, accept, reject, relabel,
//!   add, mark reviewed, then `report` scores the result;
//! - over HTTP: of two edits made at once from the same version exactly one
//!   is written, and a request from elsewhere (host, origin, token) is refused.

mod browser;

use browser::{copy_dir, one_at_a_time, Browser, Server};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

const FIX: &str = "tests/fixtures/serve";

/// A copy of the fixture corpus and a server on it.
fn served(args: &[&str]) -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIX), dir.path());
    std::fs::remove_dir_all(dir.path().join("expected")).unwrap();
    let server = Server::start(dir.path(), args);
    (dir, server)
}

/// Opens a document's page (the token URL first, which sets the cookie).
fn open(b: &Browser, s: &Server, doc: &str) -> String {
    b.goto(&s.url(&format!("/?token={}", s.token)));
    b.goto(&s.url(&format!("/doc/{doc}.html")));
    version(b)
}

fn version(b: &Browser) -> String {
    b.js(
        "return JSON.parse(document.getElementById('data').textContent).version;",
        json!([]),
    )
    .as_str()
    .unwrap()
    .to_string()
}

/// Waits for the page to come back from an edit with a new version.
fn reloaded(b: &Browser, old: &str) -> String {
    b.wait(
        "the page to reload after the edit",
        &format!(
            "const d = document.getElementById('data'); return d && document.readyState === 'complete' && JSON.parse(d.textContent).version !== '{old}';"
        ),
    );
    version(b)
}

/// Selects characters `[start, end)` of the source text as a mouse would.
fn select_text(b: &Browser, start: u64, end: u64) {
    b.js(
        r#"const [start, end] = arguments;
           function point(k) {
             for (const s of document.querySelectorAll('#text span[data-s]')) {
               const chars = Array.from(s.textContent), at = parseInt(s.dataset.s, 10);
               if (k >= at && k <= at + chars.length) {
                 return [s.firstChild, chars.slice(0, k - at).join('').length];
               }
             }
           }
           const r = document.createRange();
           r.setStart(...point(start));
           r.setEnd(...point(end));
           const sel = window.getSelection();
           sel.removeAllRanges();
           sel.addRange(r);"#,
        json!([start, end]),
    );
}

/// Clicks an item of the fact list, then a control of the inspector.
fn on_item(b: &Browser, item: usize, control: &str) {
    b.click(&format!("#facts li[data-item=\"{item}\"]"));
    b.click(&format!("#inspector {control}"));
}

struct Case {
    name: &'static str,
    /// What the annotator does on the page of `a`.
    act: fn(&Browser),
    /// What the validator section of the page says after the edit.
    validator: &'static str,
}

const CLEAN: &str = "no errors or warnings";

/// The fixture's items: 0 matched (320), 1 mismatch (415: suspects vs
/// penalized), 2 missed (1.2亿元), 3 spurious (its 12000), 4 spurious
/// (2000余人, not in the ground truth).
const CASES: &[Case] = &[
    Case {
        name: "accept",
        act: |b| on_item(b, 4, "#act-accept"),
        validator: CLEAN,
    },
    Case {
        name: "reject",
        act: |b| on_item(b, 1, "#act-reject"),
        validator: CLEAN,
    },
    Case {
        name: "relabel",
        act: |b| on_item(b, 1, "select[data-field=metric] option[value=penalized]"),
        validator: CLEAN,
    },
    Case {
        name: "change_typed",
        act: |b| {
            b.click("#facts li[data-item=\"1\"]");
            // Select the old value, type the new one, Enter.
            b.send_keys(
                "#inspector input[data-field=change]",
                "\u{E009}a\u{E000}21.5\u{E007}",
            );
        },
        // The edit is written as typed, and the validator says at once
        // that the sentence writes no such change.
        validator: "change 21.5 is not a percentage of its sentence",
    },
    Case {
        name: "add",
        act: |b| {
            select_text(b, 91, 101);
            b.wait(
                "the add button",
                "const x = document.getElementById('add-fact'); return x && !x.hidden;",
            );
            b.click("#add-fact");
            // The form guesses the value (余 is no part of it) and the unit.
            let guessed = b.js(
                "const f = document.getElementById('add-form'); return [f.value.value, f.unit.value];",
                json!([]),
            );
            assert_eq!(guessed, json!(["2000", "人"]));
            b.click("#add-form select[name=approx] option[value=over]");
            b.click("#add-form select[name=metric] option[value=assisted]");
            b.type_into("#add-form input[name=change]", "-3.5");
            b.click("#add-save");
        },
        validator: CLEAN,
    },
    Case {
        name: "mark_reviewed",
        act: |b| b.click("#mark-reviewed"),
        validator: CLEAN,
    },
    Case {
        name: "add_overlapping",
        act: |b| {
            // 诈骗案件320起 lies inside the quote of the first fact.
            select_text(b, 39, 47);
            b.wait(
                "the add button",
                "const x = document.getElementById('add-fact'); return x && !x.hidden;",
            );
            b.click("#add-fact");
            b.click("#add-form select[name=metric] option[value=cases]");
            b.click("#add-save");
        },
        validator: "quote holds `320`, the number of the fact at line 8",
    },
];

fn check(b: &Browser, case: &Case) -> Result<(), String> {
    let (dir, server) = served(&["--predictions", "predictions"]);
    let before = open(b, &server, "corpus/a");
    (case.act)(b);
    reloaded(b, &before);
    let got = std::fs::read_to_string(dir.path().join("annotations/a.yaml")).unwrap();
    let path = Path::new(FIX)
        .join("expected")
        .join(format!("{}.yaml", case.name));
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    // The validator ran on the new file and the page shows what it said.
    let validator = b.js(
        "const d = document.getElementById('diagnostics'); return d ? d.textContent : null;",
        json!([]),
    );
    if !validator
        .as_str()
        .is_some_and(|v| v.contains(case.validator))
    {
        return Err(format!(
            "{}: the page's validator section says {validator}, not `{}`",
            case.name, case.validator
        ));
    }
    if got != want {
        return Err(format!(
            "{}: annotations/a.yaml differs from {}:\n{got}",
            case.name,
            path.display()
        ));
    }
    Ok(())
}

#[test]
fn each_edit_writes_the_expected_yaml() {
    let _one = one_at_a_time();
    let Some(b) = Browser::start("each_edit_writes_the_expected_yaml") else {
        return;
    };
    let failures: Vec<String> = CASES.iter().filter_map(|c| check(&b, c).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_stale_page_cannot_edit() {
    let _one = one_at_a_time();
    let Some(b) = Browser::start("a_stale_page_cannot_edit") else {
        return;
    };
    let (dir, server) = served(&["--predictions", "predictions"]);
    open(&b, &server, "corpus/a");
    // Another editor saves the file after the page was loaded.
    let path = dir.path().join("annotations/a.yaml");
    let mut changed = std::fs::read_to_string(&path).unwrap();
    changed.push_str("# saved in another editor\n");
    std::fs::write(&path, &changed).unwrap();
    on_item(&b, 1, "#act-reject");
    let message = b.wait(
        "the refusal on the page",
        "const m = document.getElementById('message'); return m && !m.hidden && m.className === 'error' && m.textContent;",
    );
    let message = message.as_str().unwrap();
    assert!(
        message.contains("changed on disk since this page was loaded")
            && message.contains("reload"),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), changed);
}

#[test]
fn round_trip_from_draft_to_report() {
    let _one = one_at_a_time();
    let Some(b) = Browser::start("round_trip_from_draft_to_report") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("corpus")).unwrap();
    std::fs::copy(
        Path::new(FIX).join("corpus/a.txt"),
        root.join("corpus/a.txt"),
    )
    .unwrap();
    let jingwang = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_jingwang"))
            .current_dir(root)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    jingwang(&["annotate", "corpus/a.txt"]);
    let path = root.join("annotations/a.yaml");
    let draft = std::fs::read_to_string(&path).unwrap();
    let server = Server::start(root, &[]);
    let mut v = open(&b, &server, "corpus/a");
    let outcomes = |b: &Browser| {
        b.js(
            "return [...document.querySelectorAll('#facts li')].map(li => li.dataset.outcome);",
            json!([]),
        )
    };
    assert_eq!(
        outcomes(&b),
        json!(["matched", "matched", "matched", "matched"]),
        "a draft is the extractor's output"
    );
    // Reject 415名, then accept the prediction that is now spurious.
    on_item(&b, 1, "#act-reject");
    v = reloaded(&b, &v);
    assert_eq!(
        outcomes(&b),
        json!(["matched", "spurious", "matched", "matched"])
    );
    on_item(&b, 1, "#act-accept");
    v = reloaded(&b, &v);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        draft,
        "accepted back as it was"
    );
    // Reject 2000余人 and add it again from the text.
    on_item(&b, 3, "#act-reject");
    v = reloaded(&b, &v);
    select_text(&b, 91, 101);
    b.wait(
        "the add button",
        "const x = document.getElementById('add-fact'); return x && !x.hidden;",
    );
    b.click("#add-fact");
    b.click("#add-form select[name=approx] option[value=over]");
    b.click("#add-form select[name=metric] option[value=assisted]");
    b.type_into("#add-form input[name=change]", "-3.5");
    // The headline names the topic (guide §5, the last level searched).
    b.click("#add-form select[name=category] option[value=fraud]");
    b.click("#add-save");
    v = reloaded(&b, &v);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        draft,
        "added back as it was"
    );
    // Relabel: the annotator takes 1.2亿元's category away.
    on_item(&b, 2, "select[data-field=category] option[value='']");
    v = reloaded(&b, &v);
    b.click("#mark-reviewed");
    reloaded(&b, &v);
    let want = draft.replace("status: draft", "status: reviewed").replace(
        "    metric: money\n    category: fraud\n",
        "    metric: money\n",
    );
    assert_ne!(want, draft.replace("status: draft", "status: reviewed"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), want);
    assert!(
        want.starts_with("# yaml-language-server: $schema=")
            && want.contains("\n# DRAFT written by"),
        "the header comments are kept"
    );
    let report: Value = serde_json::from_str(&jingwang(&["report", "--format", "json"])).unwrap();
    assert_eq!(report["documents"], json!(1));
    assert_eq!(report["facts"]["tp"], json!(4));
    assert_eq!(report["facts"]["gold"], json!(4));
    assert_eq!(report["strict"]["tp"], json!(3));
    assert_eq!(report["attributes"]["category"], json!(0.75));
    // And the index says so.
    b.goto(&server.url("/"));
    let row = b.js(
        "const tr = document.querySelector('table.docs tr[data-doc=\"corpus/a\"]'); return [tr.dataset.status, tr.querySelector('td[data-k=strict_f1]').textContent];",
        json!([]),
    );
    assert_eq!(row, json!(["reviewed", "0.750"]));
}

#[test]
fn racing_edits_are_never_both_written() {
    let (dir, server) = served(&["--predictions", "predictions"]);
    let path = dir.path().join("annotations/a.yaml");
    let metrics = |path: &Path| -> Vec<String> {
        jingwang::annotation::load::read_annotation(path)
            .unwrap()
            .facts
            .iter()
            .map(|f| f.metric.to_string())
            .collect()
    };
    // Each round, two edits from the same version: fact 0's and fact 1's
    // metric, each to a label that fact cannot hold yet whichever edits won
    // before (fact 0 starts as cases, fact 1 as suspects): an edit to the
    // label already there changes nothing and rightly succeeds as well.
    let rounds = [
        ["actions", "penalized"],
        ["items", "assisted"],
        ["other", "other"],
        ["groups", "organizations"],
    ];
    for (round, labels) in rounds.iter().enumerate() {
        let before = metrics(&path);
        let version = server.version("corpus/a");
        let barrier = std::sync::Barrier::new(2);
        let statuses: Vec<u16> = std::thread::scope(|scope| {
            let handles: Vec<_> = labels
                .iter()
                .enumerate()
                .map(|(i, label)| {
                    let body = json!({"doc": "corpus/a", "version": version, "op": "set",
                                      "index": i, "field": "metric", "value": label});
                    let (server, barrier) = (&server, &barrier);
                    scope.spawn(move || {
                        barrier.wait();
                        server.edit(&body).status
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut sorted = statuses.clone();
        sorted.sort();
        assert_eq!(sorted, vec![200, 409], "round {round}: {statuses:?}");
        let winner = statuses.iter().position(|&s| s == 200).unwrap();
        let mut want = before.clone();
        want[winner] = labels[winner].to_string();
        assert_eq!(
            metrics(&path),
            want,
            "round {round}: only the written edit shows"
        );
    }
}

#[test]
fn a_file_changed_underneath_is_not_overwritten() {
    let (dir, server) = served(&["--predictions", "predictions"]);
    let path = dir.path().join("annotations/a.yaml");
    let version = server.version("corpus/a");
    let mut changed = std::fs::read_to_string(&path).unwrap();
    changed = changed.replace("metric: money", "metric: money  # checked twice");
    std::fs::write(&path, &changed).unwrap();
    let r =
        server.edit(&json!({"doc": "corpus/a", "version": version, "op": "reject", "index": 0}));
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body.contains("changed on disk"), "{}", r.body);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), changed);
    // With the file's own version the edit goes through.
    let r = server
        .edit(&json!({"doc": "corpus/a", "version": server.version("corpus/a"), "op": "reject", "index": 0}));
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("# checked twice"));
}

/// Method, path, headers, body and the status the server must answer.
type Request<'a> = (
    &'a str,
    &'a str,
    Vec<(&'a str, &'a str)>,
    Option<&'a str>,
    u16,
);

#[test]
fn requests_from_elsewhere_are_refused() {
    let (_dir, server) = served(&[]);
    let addr = server.addr.clone();
    let with_token = format!("/?token={}", server.token);
    let cookie = format!(
        "jingwang_{}={}",
        addr.rsplit(':').next().unwrap(),
        server.token
    );
    let edit =
        json!({"doc": "corpus/a", "version": server.version("corpus/a"), "op": "status", "status": "reviewed"})
            .to_string();
    let origin = format!("http://{addr}");
    let cases: Vec<Request> = vec![
        ("GET", "/", vec![], None, 403),
        ("GET", &with_token, vec![], None, 200),
        (
            "GET",
            "/doc/corpus/a.html",
            vec![("Cookie", &cookie)],
            None,
            200,
        ),
        ("GET", "/doc/a.html?token=0000", vec![], None, 403),
        (
            "GET",
            "/doc/corpus/../../etc/passwd.html",
            vec![("Cookie", &cookie)],
            None,
            404,
        ),
        (
            "POST",
            "/api/edit",
            vec![("Cookie", &cookie), ("Origin", "http://evil.example")],
            Some(&edit),
            403,
        ),
        // The cookie alone does not make an edit: the page's header is needed.
        (
            "POST",
            "/api/edit",
            vec![("Cookie", &cookie), ("Origin", &origin)],
            Some(&edit),
            403,
        ),
    ];
    for (method, path, headers, body, want) in &cases {
        let r = browser::http(&addr, method, path, headers, *body).unwrap();
        assert_eq!(r.status, *want, "{method} {path} {headers:?}: {}", r.body);
    }
    // A rebinding attack names another host.
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    use std::io::{Read, Write};
    write!(
        stream,
        "GET {with_token} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    // The token URL sets an HttpOnly, SameSite=Strict cookie.
    let r = browser::http(&addr, "GET", &with_token, &[], None).unwrap();
    let set = r
        .headers
        .iter()
        .find(|(k, _)| k == "set-cookie")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
}

#[test]
fn a_source_without_annotation_gets_a_draft_once() {
    let (dir, server) = served(&[]);
    std::fs::copy(
        dir.path().join("corpus/a.txt"),
        dir.path().join("corpus/b.txt"),
    )
    .unwrap();
    let draft = json!({"doc": "corpus/b", "version": server.version("corpus/b"), "op": "draft"});
    assert_eq!(draft["version"], json!("-"), "no file yet");
    let r = server.edit(&draft);
    assert_eq!(r.status, 200, "{}", r.body);
    let yaml = std::fs::read_to_string(dir.path().join("annotations/b.yaml")).unwrap();
    assert!(
        yaml.starts_with("# yaml-language-server: $schema=")
            && yaml.contains("\n# DRAFT written by `jingwang annotate`"),
        "{yaml}"
    );
    // The same request again comes from a page that has not seen the draft.
    let r = server.edit(&draft);
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("annotations/b.yaml")).unwrap(),
        yaml
    );
}
