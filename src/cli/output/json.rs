//! `--format json`: the annotation format as JSON. One document is one
//! pretty-printed object; a stream of several is an array with one compact
//! object per line, each with its `source`. Under `-o`, one pretty file per
//! source.

use super::{Extracted, Format, Stream};

pub struct Json;

impl Format for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn about(&self) -> &'static str {
        "the annotation format as JSON; several documents as an array, one per line"
    }

    fn start(&self, stream: Stream, out: &mut Vec<u8>) {
        if stream.many {
            out.push(b'[');
        }
    }

    fn separator(&self, stream: Stream, first: bool, out: &mut Vec<u8>) {
        if stream.many {
            out.extend_from_slice(if first { b"\n" } else { b",\n" });
        }
    }

    fn document(&self, doc: &Extracted, stream: Stream, out: &mut Vec<u8>) {
        if stream.many {
            super::jsonl::document_line(doc, out);
        } else {
            self.file(doc, out);
        }
    }

    fn end(&self, stream: Stream, out: &mut Vec<u8>) {
        if stream.many {
            out.extend_from_slice(b"\n]\n");
        }
    }

    fn file_extension(&self) -> Option<&'static str> {
        Some("json")
    }

    fn file(&self, doc: &Extracted, out: &mut Vec<u8>) {
        serde_json::to_writer_pretty(&mut *out, &doc.file).expect("writing to memory");
        out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{render, sample};
    use super::*;

    #[test]
    fn a_stream_is_an_array_of_lines() {
        let many = Stream {
            many: true,
            per_fact: false,
        };
        let text = render(&Json, many, &[sample(), sample()]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert_eq!((lines[0], lines[3]), ("[", "]"));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value[1]["source"], "dir/a,b.txt");
        assert_eq!(render(&Json, many, &[]), "[\n]\n");
    }
}
