//! `--format jsonl`: one JSON line per document (`source`, then the
//! annotation format), or with `--per-fact` one line per fact with its
//! document's fields repeated, every key on every line.
//!
//! The lines are written by hand, key by key, straight into the output
//! buffer: serde's derived serialisation of the flattened document was a
//! tenth of a one-thread run on small documents. The bytes are serde's
//! (strings escaped by serde_json, numbers as the model serialises them),
//! which the tests check against the derived serialisation.

use super::{Extracted, Format, Stream};
use crate::model::{AnnotationFile, Fact, Number};
use serde::Serializer;

pub struct Jsonl;

impl Format for Jsonl {
    fn name(&self) -> &'static str {
        "jsonl"
    }

    fn about(&self) -> &'static str {
        "one JSON line per document, or per fact with --per-fact"
    }

    fn has_per_fact(&self) -> bool {
        true
    }

    fn document(&self, doc: &Extracted, stream: Stream, out: &mut Vec<u8>) {
        if stream.per_fact {
            // A document without facts gives no line.
            for fact in &doc.file.facts {
                fact_line(doc, fact, out);
                out.push(b'\n');
            }
        } else {
            document_line(doc, out);
            out.push(b'\n');
        }
    }
}

/// The document as one JSON object on one line, without the line end:
/// `source`, then the annotation file's keys in the model's order.
pub(super) fn document_line(doc: &Extracted, out: &mut Vec<u8>) {
    let AnnotationFile {
        status,
        document,
        facts,
    } = &doc.file;
    out.extend_from_slice(b"{\"source\":");
    string(out, &doc.source);
    if let Some(status) = status {
        out.extend_from_slice(b",\"status\":");
        string(out, status.as_str());
    }
    out.extend_from_slice(b",\"document\":{\"region\":");
    optional_string(out, document.region.as_deref());
    out.extend_from_slice(b",\"campaign\":");
    optional_string(out, document.campaign.as_deref());
    out.extend_from_slice(b"},\"facts\":[");
    for (i, fact) in facts.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        fact_object(fact, out);
    }
    out.extend_from_slice(b"]}");
}

/// One fact as the model serialises it: absent optional keys left out.
fn fact_object(fact: &Fact, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"quote\":");
    string(out, &fact.quote);
    if let Some(occurrence) = fact.occurrence {
        out.extend_from_slice(b",\"occurrence\":");
        integer(out, occurrence);
    }
    out.extend_from_slice(b",\"value\":");
    optional_number(out, fact.value);
    out.extend_from_slice(b",\"unit\":");
    string(out, &fact.unit);
    if let Some(approx) = fact.approx {
        out.extend_from_slice(b",\"approx\":");
        string(out, approx.as_str());
    }
    out.extend_from_slice(b",\"metric\":");
    string(out, fact.metric.as_str());
    if let Some(category) = fact.category {
        out.extend_from_slice(b",\"category\":");
        string(out, category.as_str());
    }
    if let Some(change) = fact.change {
        out.extend_from_slice(b",\"change\":");
        number(out, change);
    }
    if let Some(span) = fact.span {
        out.extend_from_slice(b",\"span\":");
        pair(out, span);
    }
    out.push(b'}');
}

/// One fact flattened with its document (`--per-fact`): every key on
/// every line, null when absent, so loaders infer one schema.
fn fact_line(doc: &Extracted, fact: &Fact, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"source\":");
    string(out, &doc.source);
    out.extend_from_slice(b",\"span\":");
    match fact.span {
        Some(span) => pair(out, span),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"quote\":");
    string(out, &fact.quote);
    out.extend_from_slice(b",\"value\":");
    optional_number(out, fact.value);
    out.extend_from_slice(b",\"unit\":");
    string(out, &fact.unit);
    out.extend_from_slice(b",\"approx\":");
    optional_string(out, fact.approx.map(|a| a.as_str()));
    out.extend_from_slice(b",\"metric\":");
    string(out, fact.metric.as_str());
    out.extend_from_slice(b",\"category\":");
    optional_string(out, fact.category.map(|c| c.as_str()));
    out.extend_from_slice(b",\"change\":");
    optional_number(out, fact.change);
    out.extend_from_slice(b",\"region\":");
    optional_string(out, doc.file.document.region.as_deref());
    out.extend_from_slice(b",\"campaign\":");
    optional_string(out, doc.file.document.campaign.as_deref());
    out.push(b'}');
}

/// A JSON string as serde_json writes it. Most strings (Chinese text)
/// need no escape at all: those are found eight bytes at a time and copied
/// whole; the others go through serde_json's escaping.
fn string(out: &mut Vec<u8>, s: &str) {
    if needs_escape(s.as_bytes()) {
        serde_json::Serializer::new(&mut *out)
            .serialize_str(s)
            .expect("writing to memory");
        return;
    }
    out.reserve(s.len() + 2);
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
}

/// Whether any byte is one JSON escapes: a control character below
/// 0x20, `"` or `\`.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Exact for "is there such a byte in the word" (a borrow can only mark
    // bytes above one that is there).
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    let below_space = |v: u64| v.wrapping_sub(ONES * 0x20) & !v & HIGHS != 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let v = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if below_space(v)
            || zero_in(v ^ (ONES * u64::from(b'"')))
            || zero_in(v ^ (ONES * u64::from(b'\\')))
        {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

fn optional_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// An integer in decimal, without the formatting machinery (spans are
/// most of the numbers written).
pub(super) fn integer(out: &mut Vec<u8>, n: impl Into<u64>) {
    let mut n: u64 = n.into();
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

fn pair(out: &mut Vec<u8>, [start, end]: [usize; 2]) {
    out.push(b'[');
    integer(out, start as u64);
    out.push(b',');
    integer(out, end as u64);
    out.push(b']');
}

/// A number as the model serialises it (`Number::to_json`): a whole
/// number written directly, any other through the model.
fn number(out: &mut Vec<u8>, n: Number) {
    if n.0.scale() == 0 {
        if let Ok(i) = i64::try_from(n.0.mantissa()) {
            if i < 0 {
                out.push(b'-');
            }
            integer(out, i.unsigned_abs());
            return;
        }
    }
    serde_json::to_writer(&mut *out, &n).expect("writing to memory");
}

fn optional_number(out: &mut Vec<u8>, n: Option<Number>) {
    match n {
        Some(n) => number(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fact, render, sample, text};
    use super::*;
    use crate::model::{Approx, Category, DocumentFields, Metric, Status};
    use proptest::prelude::*;
    use serde::Serialize;

    /// What serde's derived serialisation makes of a document line and a
    /// per-fact line: the reference the hand-written lines must equal.
    fn by_serde(doc: &Extracted) -> (String, String) {
        #[derive(Serialize)]
        struct Line<'a> {
            source: &'a str,
            #[serde(flatten)]
            file: &'a AnnotationFile,
        }
        #[derive(Serialize)]
        struct FactRow<'a> {
            source: &'a str,
            span: Option<[usize; 2]>,
            quote: &'a str,
            value: Option<Number>,
            unit: &'a str,
            approx: Option<Approx>,
            metric: Metric,
            category: Option<Category>,
            change: Option<Number>,
            region: Option<&'a str>,
            campaign: Option<&'a str>,
        }
        let line = Line {
            source: &doc.source,
            file: &doc.file,
        };
        let mut facts = String::new();
        for f in &doc.file.facts {
            let row = FactRow {
                source: &doc.source,
                span: f.span,
                quote: &f.quote,
                value: f.value,
                unit: &f.unit,
                approx: f.approx,
                metric: f.metric,
                category: f.category,
                change: f.change,
                region: doc.file.document.region.as_deref(),
                campaign: doc.file.document.campaign.as_deref(),
            };
            facts += &serde_json::to_string(&row).unwrap();
            facts.push('\n');
        }
        (serde_json::to_string(&line).unwrap() + "\n", facts)
    }

    fn check(doc: &Extracted) {
        let (line, facts) = by_serde(doc);
        let many = Stream {
            many: true,
            per_fact: false,
        };
        let per_fact = Stream {
            many: true,
            per_fact: true,
        };
        assert_eq!(render(&Jsonl, many, std::slice::from_ref(doc)), line);
        assert_eq!(render(&Jsonl, per_fact, std::slice::from_ref(doc)), facts);
    }

    #[test]
    fn lines_are_serdes_on_the_corpus() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        for entry in walkdir::WalkDir::new(root) {
            let path = entry.unwrap().into_path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = crate::text::source::read_source(&path).unwrap();
                let source = path.display().to_string();
                let mut file = crate::extract::extract(&text);
                // Annotations carry a status and occurrences; check those too.
                file.status = Some(Status::Reviewed);
                if let Some(f) = file.facts.first_mut() {
                    f.occurrence = Some(2);
                }
                check(&Extracted { source, file });
            }
        }
        check(&sample());
    }

    proptest! {
        #[test]
        fn lines_are_serdes_on_any_document(
            source in text(),
            status in proptest::option::of(proptest::sample::select(Status::ALL)),
            region in proptest::option::of(".{0,6}"),
            campaign in proptest::option::of(".{0,6}"),
            facts in proptest::collection::vec(fact(), 0..4),
        ) {
            let file = AnnotationFile {
                status,
                document: DocumentFields { region, campaign },
                facts,
            };
            check(&Extracted { source, file });
        }
    }

    #[test]
    fn fact_lines_have_every_key() {
        let per_fact = Stream {
            many: true,
            per_fact: true,
        };
        let line = render(&Jsonl, per_fact, &[sample()]);
        let v: serde_json::Value = serde_json::from_str(line.trim_end()).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 11);
        assert_eq!(v["approx"], serde_json::Value::Null);
        assert_eq!(v["span"], serde_json::json!([3, 13]));
    }
}
