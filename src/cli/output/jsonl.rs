//! `--format jsonl`: one JSON line per document (`source`, then the
//! annotation format), or with `--per-fact` one line per fact with its
//! document's fields repeated, every key on every line.

use super::{Extracted, FactRow, Format, Stream};
use crate::model::AnnotationFile;
use serde::Serialize;

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
                serde_json::to_writer(&mut *out, &FactRow::new(doc, fact))
                    .expect("writing to memory");
                out.push(b'\n');
            }
        } else {
            document_line(doc, out);
            out.push(b'\n');
        }
    }
}

/// The document as one JSON object on one line, without the line end.
pub(super) fn document_line(doc: &Extracted, out: &mut Vec<u8>) {
    #[derive(Serialize)]
    struct Line<'a> {
        source: &'a str,
        #[serde(flatten)]
        file: &'a AnnotationFile,
    }
    let line = Line {
        source: &doc.source,
        file: &doc.file,
    };
    serde_json::to_writer(&mut *out, &line).expect("writing to memory");
}

#[cfg(test)]
mod tests {
    use super::super::tests::{render, sample};
    use super::*;

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
