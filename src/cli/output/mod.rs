//! Output shapes of `jingwang extract`: one extracted document rendered as
//! YAML, JSON, a JSON line, one JSON line per fact, or CSV rows.
//!
//! **Invariant:** every shape carries the same information: the source,
//! the document fields, and for each fact its span, quote, value and
//! attributes. Flat shapes (per-fact JSON lines, CSV) have the same
//! columns for every row, null or empty when absent, so loaders such as
//! DuckDB and pandas infer one schema.

use crate::model::{AnnotationFile, Approx, Category, Fact, Metric, Number};
use serde::Serialize;

/// One document's extraction, named by where it came from.
#[derive(Clone, Debug)]
pub struct Extracted {
    /// The path as given (or the `source` of a JSON line; `-` for stdin).
    pub source: String,
    pub file: AnnotationFile,
}

/// CSV columns, in order.
pub const CSV_HEADER: [&str; 12] = [
    "source",
    "span_start",
    "span_end",
    "quote",
    "value",
    "unit",
    "approx",
    "metric",
    "category",
    "change",
    "region",
    "campaign",
];

/// The document as YAML; `with_source` adds the `---` separator and a
/// `# source:` comment, for a stream of several documents.
pub fn yaml(doc: &Extracted, with_source: bool) -> String {
    if !with_source {
        return doc.file.to_yaml(&[]);
    }
    let comment = format!("source: {}", one_line(&doc.source));
    format!("---\n{}", doc.file.to_yaml(&[&comment]))
}

/// The document as one pretty JSON object: the annotation format in JSON.
pub fn json_pretty(file: &AnnotationFile) -> String {
    serde_json::to_string_pretty(file).expect("annotation files serialise") + "\n"
}

/// The document as one JSON line: `source`, then the annotation format.
pub fn json_line(doc: &Extracted) -> String {
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
    serde_json::to_string(&line).expect("annotation files serialise") + "\n"
}

/// A fact flattened with its document, for per-fact JSON lines.
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

fn fact_row<'a>(doc: &'a Extracted, fact: &'a Fact) -> FactRow<'a> {
    FactRow {
        source: &doc.source,
        span: fact.span,
        quote: &fact.quote,
        value: fact.value,
        unit: &fact.unit,
        approx: fact.approx,
        metric: fact.metric,
        category: fact.category,
        change: fact.change,
        region: doc.file.document.region.as_deref(),
        campaign: doc.file.document.campaign.as_deref(),
    }
}

/// One JSON line per fact; a document without facts gives no line.
pub fn fact_lines(doc: &Extracted) -> String {
    let mut out = String::new();
    for fact in &doc.file.facts {
        out.push_str(&serde_json::to_string(&fact_row(doc, fact)).expect("facts serialise"));
        out.push('\n');
    }
    out
}

/// A CSV writer with the quoting and line ends of RFC 4180.
pub fn csv_writer<W: std::io::Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// The header row.
pub fn csv_header() -> Vec<u8> {
    let mut w = csv_writer(Vec::new());
    w.write_record(CSV_HEADER).expect("writing to memory");
    w.into_inner().expect("writing to memory")
}

/// One CSV row per fact; numbers as plain decimals, absent values empty.
pub fn csv_rows(doc: &Extracted) -> Vec<u8> {
    let mut w = csv_writer(Vec::new());
    for fact in &doc.file.facts {
        let row = fact_row(doc, fact);
        let [start, end] = row.span.map_or([String::new(), String::new()], |[s, e]| {
            [s.to_string(), e.to_string()]
        });
        let plain = |n: Option<Number>| n.map_or_else(String::new, Number::to_plain);
        w.write_record([
            row.source,
            &start,
            &end,
            row.quote,
            &plain(row.value),
            row.unit,
            row.approx.map_or("", Approx::as_str),
            row.metric.as_str(),
            row.category.map_or("", Category::as_str),
            &plain(row.change),
            row.region.unwrap_or(""),
            row.campaign.unwrap_or(""),
        ])
        .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// A source name fit for a one-line comment.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocumentFields;

    fn sample() -> Extracted {
        Extracted {
            source: "dir/a,b.txt".into(),
            file: AnnotationFile {
                status: None,
                document: DocumentFields {
                    region: Some("某省".into()),
                    campaign: None,
                },
                facts: vec![Fact {
                    quote: "共破获\"案件\"12起".into(),
                    occurrence: None,
                    value: Number::parse("12"),
                    unit: "起".into(),
                    approx: None,
                    metric: Metric::Cases,
                    category: Some(Category::Fraud),
                    change: Number::parse("-20.5"),
                    span: Some([3, 13]),
                }],
            },
        }
    }

    #[test]
    fn csv_quotes_and_keeps_every_column() {
        let mut bytes = csv_header();
        bytes.extend(csv_rows(&sample()));
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "source,span_start,span_end,quote,value,unit,approx,metric,category,change,region,campaign\r\n\
             \"dir/a,b.txt\",3,13,\"共破获\"\"案件\"\"12起\",12,起,,cases,fraud,-20.5,某省,\r\n"
        );
    }

    #[test]
    fn fact_lines_have_every_key() {
        let line = fact_lines(&sample());
        let v: serde_json::Value = serde_json::from_str(line.trim_end()).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 11);
        assert_eq!(v["approx"], serde_json::Value::Null);
        assert_eq!(v["span"], serde_json::json!([3, 13]));
    }
}
