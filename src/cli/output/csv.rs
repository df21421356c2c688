//! `--format csv`: one row per fact with its document's fields repeated,
//! a header row first; RFC 4180 quoting and CRLF line ends; numbers as
//! plain decimals, absent values empty.

use super::{Extracted, Format, Stream};
use crate::model::{Approx, Category, Number};
use std::cell::RefCell;

pub struct Csv;

/// The columns, in order.
const HEADER: [&str; 12] = [
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

thread_local! {
    /// Each worker's CSV writer, kept so its buffer is not made per document.
    static WRITER: RefCell<csv::Writer<Rows>> = RefCell::new(
        csv::WriterBuilder::new()
            .has_headers(false)
            .terminator(csv::Terminator::CRLF)
            .from_writer(Rows::default()),
    );
}

/// What the CSV writer wrote, taken out after each document (the writer
/// only lends its destination by shared reference).
#[derive(Default)]
struct Rows(RefCell<Vec<u8>>);

impl std::io::Write for Rows {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.get_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `write` on this thread's CSV writer and appends what it wrote.
fn with_writer(out: &mut Vec<u8>, write: impl FnOnce(&mut csv::Writer<Rows>)) {
    WRITER.with_borrow_mut(|w| {
        write(w);
        w.flush().expect("writing to memory");
        let mut rows = w.get_ref().0.borrow_mut();
        out.extend_from_slice(&rows);
        rows.clear();
    });
}

impl Format for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn about(&self) -> &'static str {
        "one row per fact, with a header row"
    }

    fn start(&self, _stream: Stream, out: &mut Vec<u8>) {
        with_writer(out, |w| w.write_record(HEADER).expect("writing to memory"));
    }

    fn document(&self, doc: &Extracted, _stream: Stream, out: &mut Vec<u8>) {
        with_writer(out, |w| {
            let document = &doc.file.document;
            for fact in &doc.file.facts {
                let [start, end] = fact.span.map_or([String::new(), String::new()], |[s, e]| {
                    [s.to_string(), e.to_string()]
                });
                let plain = |n: Option<Number>| n.map_or_else(String::new, Number::to_plain);
                w.write_record([
                    doc.source.as_str(),
                    &start,
                    &end,
                    &fact.quote,
                    &plain(fact.value),
                    &fact.unit,
                    fact.approx.map_or("", Approx::as_str),
                    fact.metric.as_str(),
                    fact.category.map_or("", Category::as_str),
                    &plain(fact.change),
                    document.region.as_deref().unwrap_or(""),
                    document.campaign.as_deref().unwrap_or(""),
                ])
                .expect("writing to memory");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{render, sample};
    use super::*;

    #[test]
    fn csv_quotes_and_keeps_every_column() {
        let text = render(&Csv, Stream::default(), &[sample()]);
        assert_eq!(
            text,
            "source,span_start,span_end,quote,value,unit,approx,metric,category,change,region,campaign\r\n\
             \"dir/a,b.txt\",3,13,\"共破获\"\"案件\"\"12起\",12,起,,cases,fraud,-20.5,某省,\r\n"
        );
    }
}
