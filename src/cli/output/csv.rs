//! `--format csv`: one row per fact with its document's fields repeated,
//! a header row first; RFC 4180 quoting and CRLF line ends; numbers as
//! plain decimals, absent values empty.
//!
//! **Invariant:** a spreadsheet opening the file runs nothing. A text cell
//! (source, quote, unit, region, campaign) that starts with `=`, `+`, `-`,
//! `@`, a tab or a carriage return, which Excel, LibreOffice and Google
//! Sheets would read as a formula, is written with a `'` in front (the
//! OWASP advice for CSV injection), except a sign alone or before a plain
//! number (`-`, the name of stdin; `+86`), which no spreadsheet runs;
//! number cells are plain decimals and never need it. Control characters in a source name are written escaped
//! (`\n`), so every row is one line.

use super::{escape_controls, Extracted, Format, Stream};
use crate::model::{Approx, Category, Number};
use std::borrow::Cow;
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
        let document = &doc.file.document;
        let source = escape_controls(&doc.source);
        let field = |w: &mut csv::Writer<Rows>, bytes: &[u8]| {
            w.write_field(bytes).expect("writing to memory");
        };
        with_writer(out, |w| {
            for fact in &doc.file.facts {
                field(w, inert(&source).as_bytes());
                match fact.span {
                    Some([s, e]) => {
                        field(w, Digits::of(s as u64).as_bytes());
                        field(w, Digits::of(e as u64).as_bytes());
                    }
                    None => {
                        field(w, b"");
                        field(w, b"");
                    }
                }
                field(w, inert(&fact.quote).as_bytes());
                number(w, fact.value);
                field(w, inert(&fact.unit).as_bytes());
                field(w, fact.approx.map_or("", Approx::as_str).as_bytes());
                field(w, fact.metric.as_str().as_bytes());
                field(w, fact.category.map_or("", Category::as_str).as_bytes());
                number(w, fact.change);
                field(
                    w,
                    inert(document.region.as_deref().unwrap_or("")).as_bytes(),
                );
                field(
                    w,
                    inert(document.campaign.as_deref().unwrap_or("")).as_bytes(),
                );
                w.write_record(None::<&[u8]>).expect("writing to memory");
            }
        });
    }
}

/// A number cell: plain decimal, empty when absent.
fn number(w: &mut csv::Writer<Rows>, n: Option<Number>) {
    let written = match n {
        None => w.write_field(b""),
        Some(n) if n.0.scale() == 0 && i64::try_from(n.0.mantissa()).is_ok() => {
            let i = n.0.mantissa() as i64;
            let digits = Digits::of(i.unsigned_abs());
            if i < 0 {
                let mut signed = Vec::with_capacity(21);
                signed.push(b'-');
                signed.extend_from_slice(digits.as_bytes());
                w.write_field(&signed)
            } else {
                w.write_field(digits.as_bytes())
            }
        }
        Some(n) => w.write_field(n.to_plain()),
    };
    written.expect("writing to memory");
}

/// A whole number's decimal digits, without an allocation.
struct Digits {
    bytes: [u8; 20],
    start: usize,
}

impl Digits {
    fn of(mut n: u64) -> Digits {
        let mut bytes = [0u8; 20];
        let mut start = bytes.len();
        loop {
            start -= 1;
            bytes[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        Digits { bytes, start }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[self.start..]
    }
}

/// A text cell a spreadsheet will not run as a formula. A sign followed
/// by nothing or by a plain number (`-` for stdin, `+86`) is read as text
/// or a number, never run, and is left as it is.
fn inert(cell: &str) -> Cow<'_, str> {
    let risky = match cell.as_bytes() {
        [b'=' | b'@' | b'\t' | b'\r', ..] => true,
        [b'+' | b'-', rest @ ..] => !rest.is_empty() && !is_plain_number(rest),
        _ => false,
    };
    if risky {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Digits with at most one decimal point among them: `86`, `20.5`.
fn is_plain_number(s: &[u8]) -> bool {
    let mut parts = s.split(|&b| b == b'.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    parts.next().is_none()
        && !whole.is_empty()
        && whole.iter().all(u8::is_ascii_digit)
        && fraction.is_none_or(|f| !f.is_empty() && f.iter().all(u8::is_ascii_digit))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fact, render, sample, text};
    use super::*;
    use crate::model::{AnnotationFile, DocumentFields};
    use proptest::prelude::*;

    /// The rows as the csv crate writes them from whole records of
    /// strings: the reference the field-by-field writer must equal.
    fn reference(doc: &Extracted) -> String {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        w.write_record(HEADER).unwrap();
        let plain = |n: Option<Number>| n.map_or_else(String::new, Number::to_plain);
        let document = &doc.file.document;
        for f in &doc.file.facts {
            let [start, end] = f.span.map_or([String::new(), String::new()], |[s, e]| {
                [s.to_string(), e.to_string()]
            });
            w.write_record([
                inert(&escape_controls(&doc.source)).as_ref(),
                &start,
                &end,
                &inert(&f.quote),
                &plain(f.value),
                &inert(&f.unit),
                f.approx.map_or("", Approx::as_str),
                f.metric.as_str(),
                f.category.map_or("", Category::as_str),
                &plain(f.change),
                &inert(document.region.as_deref().unwrap_or("")),
                &inert(document.campaign.as_deref().unwrap_or("")),
            ])
            .unwrap();
        }
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    proptest! {
        #[test]
        fn rows_are_the_csv_crates_records(
            source in text(),
            region in proptest::option::of(text()),
            campaign in proptest::option::of(text()),
            facts in proptest::collection::vec(fact(), 0..4),
        ) {
            let file = AnnotationFile {
                status: None,
                document: DocumentFields { region, campaign },
                facts,
            };
            let doc = Extracted { source, file };
            let got = render(&Csv, Stream::default(), std::slice::from_ref(&doc));
            prop_assert_eq!(got, reference(&doc));
        }
    }

    #[test]
    fn csv_quotes_and_keeps_every_column() {
        let text = render(&Csv, Stream::default(), &[sample()]);
        assert_eq!(
            text,
            "source,span_start,span_end,quote,value,unit,approx,metric,category,change,region,campaign\r\n\
             \"dir/a,b.txt\",3,13,\"共破获\"\"案件\"\"12起\",12,起,,cases,fraud,-20.5,某省,\r\n"
        );
    }

    #[test]
    fn formulas_are_inert_and_names_stay_on_one_line() {
        let mut doc = sample();
        doc.source = "=cmd|' /C calc'!A0\n.txt".into();
        doc.file.facts[0].quote = "-1+1".into();
        doc.file.facts[0].unit = "@SUM(A1)".into();
        doc.file.document.region = Some("+1+cmd".into());
        doc.file.document.campaign = Some("\t=1".into());
        let text = render(&Csv, Stream::default(), &[doc]);
        let row = text.lines().nth(1).unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
        let cells: Vec<String> = csv::Reader::from_reader(text.as_bytes())
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(cells[0], "'=cmd|' /C calc'!A0\\n.txt", "{row}");
        assert_eq!(cells[3], "'-1+1");
        assert_eq!(cells[5], "'@SUM(A1)");
        assert_eq!(cells[9], "-20.5", "numbers stay numbers");
        assert_eq!(cells[10], "'+1+cmd");
        assert_eq!(cells[11], "'\t=1");
        for harmless in ["-", "+86", "-20.5", "某省", ""] {
            assert_eq!(inert(harmless), harmless);
        }
        for risky in ["-1+1", "+1.2.3", "-.5", "=1", "@A1", "-cmd|"] {
            assert_eq!(inert(risky), format!("'{risky}"));
        }
    }
}
