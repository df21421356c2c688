//! Hostile input through the whole file path: bytes on disk → `read_source`
//! → `extract`. Every case goes through `check`, which also holds the
//! invariants no input may break: no panic, an error names the file, and
//! every fact's span lies in the decoded text with `quote` equal to the text
//! at that span.

use jingwang::extract::extract;
use jingwang::model::AnnotationFile;
use jingwang::text::locate::{Span, Text};
use jingwang::text::source::read_source;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");

/// What decoding a fixture must give.
enum Expect {
    /// Exactly this text.
    Exact(&'static str),
    /// Text containing this passage.
    Contains(&'static str),
    /// The decoded text of another fixture, transformed.
    Like(&'static str, fn(&str) -> String),
    /// An error whose reason contains this.
    Error(&'static str),
}

fn same(s: &str) -> String {
    s.to_string()
}

const CASES: &[(&str, Expect)] = &[
    ("empty.txt", Expect::Exact("")),
    ("whitespace.txt", Expect::Exact(" \t\n\u{3000}\r\n  \n")),
    ("utf8.txt", Expect::Contains("侦破电信网络诈骗案件1234起")),
    (
        "crlf.txt",
        Expect::Like("utf8.txt", |s| s.replace('\n', "\r\n")),
    ),
    (
        "cr_only.txt",
        Expect::Like("utf8.txt", |s| s.replace('\n', "\r")),
    ),
    ("bom_utf8.txt", Expect::Like("utf8.txt", same)),
    ("utf16le_bom.txt", Expect::Like("utf8.txt", same)),
    ("utf16be_bom.txt", Expect::Like("utf8.txt", same)),
    ("gbk.txt", Expect::Like("utf8.txt", same)),
    (
        "gb18030.txt",
        Expect::Like("utf8.txt", |s| s.replacen("某省", "㐀某省", 1)),
    ),
    ("big5.txt", Expect::Like("big5_utf8.txt", same)),
    ("big5_utf8.txt", Expect::Contains("扣押手機1200支")),
    ("binary_png.txt", Expect::Error("binary data")),
    (
        "utf16le_no_bom.txt",
        Expect::Error("UTF-16 without a byte-order mark"),
    ),
    ("damaged_utf8.txt", Expect::Error("malformed UTF-8")),
    ("control_heavy.txt", Expect::Error("control characters")),
    ("long_digits.txt", Expect::Contains("99999999999999999999")),
    ("decimal_runs.txt", Expect::Contains("3.3.3.3.")),
    (
        "nested_quotes.txt",
        Expect::Contains("『抓获“嫌疑人”12名』"),
    ),
    ("unbalanced_brackets.txt", Expect::Contains("破获案件6起}")),
];

/// Writes `bytes` to a file, reads it back as a source and extracts from
/// it. Returns the decoded text and the facts, or the error's reason;
/// panics when an invariant breaks.
fn check(bytes: &[u8]) -> Result<(String, AnnotationFile), String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.txt");
    std::fs::write(&path, bytes).unwrap();
    let text = match read_source(&path) {
        Ok(text) => text,
        Err(e) => {
            let shown = e.to_string();
            assert!(
                shown.starts_with(&path.display().to_string()),
                "error does not name the file: {shown}"
            );
            assert!(!e.reason.is_empty());
            return Err(e.reason);
        }
    };
    assert!(
        !text.starts_with('\u{feff}'),
        "byte-order mark left in the text"
    );
    let found = extract(&text);
    let indexed = Text::new(text.as_str());
    for fact in &found.facts {
        let [start, end] = fact
            .span
            .unwrap_or_else(|| panic!("fact without span: {fact:?}"));
        let at = indexed.slice(Span::new(start, end));
        assert_eq!(
            at,
            Some(fact.quote.as_str()),
            "span [{start}, {end}] does not hold the quote"
        );
    }
    Ok((text, found))
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(name)).unwrap()
}

#[test]
fn fixtures_decode_as_expected() {
    for (name, expect) in CASES {
        let got = check(&fixture(name));
        match (expect, got) {
            (Expect::Exact(want), Ok((text, _))) => assert_eq!(text, *want, "{name}"),
            (Expect::Contains(want), Ok((text, _))) => {
                assert!(text.contains(want), "{name}: {text:.200}")
            }
            (Expect::Like(other, f), Ok((text, facts))) => {
                let (base, base_facts) = check(&fixture(other)).unwrap();
                assert_eq!(text, f(&base), "{name} vs {other}");
                if text == base {
                    assert_eq!(facts, base_facts, "{name}: same text, different facts");
                }
            }
            (Expect::Error(want), Err(reason)) => {
                assert!(reason.contains(want), "{name}: {reason}")
            }
            (_, Ok((text, _))) => {
                panic!("{name}: decoded where an error was expected: {text:.100}")
            }
            (_, Err(reason)) => panic!("{name}: {reason}"),
        }
    }
}

#[test]
fn every_fixture_has_a_case() {
    let mut names: Vec<PathBuf> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    for path in names {
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(
            CASES.iter().any(|(n, _)| *n == name),
            "fixture {name} has no expectation"
        );
    }
}

/// The corpus documents re-encoded as GB18030 give the same text and facts
/// as their UTF-8 originals.
#[test]
fn gb18030_and_utf8_give_the_same_facts() {
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let sources = walkdir::WalkDir::new(corpus)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"));
    for path in sources {
        let utf8 = std::fs::read(path).unwrap();
        let text = String::from_utf8(utf8.clone()).unwrap();
        let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
        assert!(!unmappable);
        assert_ne!(gb.as_ref(), utf8.as_slice());
        assert_eq!(check(&gb), check(&utf8));
    }
}

/// A large single-line document (the 50 MB case runs in `make bench`).
#[test]
fn a_long_single_line_is_read_and_extracted() {
    let sentence =
        "全省公安机关共侦破电信网络诈骗案件1234起，抓获犯罪嫌疑人567名，冻结涉案资金3.2亿元；";
    let line = sentence.repeat(4 * 1024 * 1024 / sentence.len());
    let (text, _) = check(line.as_bytes()).unwrap();
    assert_eq!(text.len(), line.len());
}

/// Text in the genre: digits, Chinese numerals, units, scale words,
/// brackets, quotes and line breaks in any order.
fn genre_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "[0-9０-９.．%％一二三四五六七八九十百千万亿两余多近约超逾起件名人条个元次家。，、；：“”‘’「」（）()【】\r\n 案抓获犯罪嫌疑同比上升下降冻结资金�?？]{0,300}",
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_decode_or_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = check(&bytes);
    }

    #[test]
    fn any_string_keeps_spans_valid(text in any::<String>()) {
        let _ = check(text.as_bytes());
    }

    #[test]
    fn genre_text_keeps_spans_valid(text in genre_text()) {
        let _ = check(text.as_bytes());
    }
}
