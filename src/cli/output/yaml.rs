//! `--format yaml` (the default): the annotation format itself. One
//! document is one YAML document; a stream of several separates them with
//! `---` and names each in a `# source:` comment. Under `-o`, one file per
//! source, named in the same comment. A source name with control
//! characters (a newline) is written escaped (`\n`), so it can never
//! break out of its comment into the YAML.
//!
//! The bytes are the model's (`AnnotationFile::to_yaml`), written here key
//! by key straight into the output buffer: the model's writer formats
//! every line into a string of its own and decides how to write each
//! string by trying it as a float, which made YAML output cost three
//! quarters as much as extraction itself. A string whose plain form is not
//! certain at a glance, and any number that is not whole, is still written
//! by the model; the tests check every byte against `to_yaml`.

use super::jsonl::integer;
use super::{escape_controls, Extracted, Format, Stream};
use crate::model::{yaml_str, AnnotationFile, Number};

pub struct Yaml;

impl Format for Yaml {
    fn name(&self) -> &'static str {
        "yaml"
    }

    fn about(&self) -> &'static str {
        "the annotation format; several documents separated by `---`, each named in a `# source:` comment"
    }

    fn document(&self, doc: &Extracted, stream: Stream, out: &mut Vec<u8>) {
        if !stream.many {
            write(&doc.file, None, out);
            return;
        }
        out.extend_from_slice(b"---\n");
        write(&doc.file, Some(&doc.source), out);
    }

    fn file_extension(&self) -> Option<&'static str> {
        Some("yaml")
    }

    fn file(&self, doc: &Extracted, out: &mut Vec<u8>) {
        write(&doc.file, Some(&doc.source), out);
    }
}

/// `file` as `to_yaml` writes it, with a `# source:` comment when a source
/// is given.
fn write(file: &AnnotationFile, source: Option<&str>, out: &mut Vec<u8>) {
    if let Some(source) = source {
        out.extend_from_slice(b"# source: ");
        out.extend_from_slice(escape_controls(source).as_bytes());
        out.push(b'\n');
    }
    if let Some(status) = file.status {
        line(out, b"status: ", status.as_str().as_bytes());
    }
    out.extend_from_slice(b"document:\n  region: ");
    optional_string(out, file.document.region.as_deref());
    out.extend_from_slice(b"\n  campaign: ");
    optional_string(out, file.document.campaign.as_deref());
    out.push(b'\n');
    if file.facts.is_empty() {
        out.extend_from_slice(b"facts: []\n");
        return;
    }
    out.extend_from_slice(b"facts:\n");
    for fact in &file.facts {
        out.extend_from_slice(b"  - quote: ");
        string(out, &fact.quote);
        if let Some(o) = fact.occurrence {
            out.extend_from_slice(b"\n    occurrence: ");
            integer(out, o);
        }
        out.extend_from_slice(b"\n    value: ");
        match fact.value {
            Some(n) => number(out, n),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b"\n    unit: ");
        string(out, &fact.unit);
        out.push(b'\n');
        if let Some(a) = fact.approx {
            line(out, b"    approx: ", a.as_str().as_bytes());
        }
        line(out, b"    metric: ", fact.metric.as_str().as_bytes());
        if let Some(c) = fact.category {
            line(out, b"    category: ", c.as_str().as_bytes());
        }
        if let Some(c) = fact.change {
            out.extend_from_slice(b"    change: ");
            number(out, c);
            out.push(b'\n');
        }
        if let Some([s, e]) = fact.span {
            out.extend_from_slice(b"    span: [");
            integer(out, s as u64);
            out.extend_from_slice(b", ");
            integer(out, e as u64);
            out.extend_from_slice(b"]\n");
        }
    }
}

fn line(out: &mut Vec<u8>, key: &[u8], value: &[u8]) {
    out.extend_from_slice(key);
    out.extend_from_slice(value);
    out.push(b'\n');
}

fn optional_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// A string as `yaml_str` writes it: as it is when it is surely plain,
/// else by `yaml_str` itself.
fn string(out: &mut Vec<u8>, s: &str) {
    if surely_plain(s.as_bytes()) {
        out.extend_from_slice(s.as_bytes());
    } else {
        out.extend_from_slice(yaml_str(s).as_bytes());
    }
}

/// A number as `Number::to_plain` writes it: a whole one directly, any
/// other by the model.
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
    out.extend_from_slice(n.to_plain().as_bytes());
}

/// Bytes that may make a string not plain, looked at more closely.
const CLOSER: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[0x7f] = true;
    // `: ` and ` #`; and the lead bytes of U+0080–U+00A0 (C1 controls,
    // no-break space), U+3000 (ideographic space) and U+FEFF.
    table[b':' as usize] = true;
    table[b'#' as usize] = true;
    table[0xc2] = true;
    table[0xe3] = true;
    table[0xef] = true;
    table
};

/// True only when `yaml_str` would write `s` as it is (a false answer
/// just sends the string to `yaml_str`). The first byte must not be
/// ASCII that starts an indicator, a number, or a word YAML reads as a
/// null, a boolean or a float (`null`, `~`, `true`, `yes`, `on`, `.nan`,
/// `inf`); then no control character, no-break or ideographic space or
/// byte-order mark anywhere, no `: ` or ` #`, no space or `:` at the end.
fn surely_plain(s: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (s.first(), s.last()) else {
        return false;
    };
    if first.is_ascii() && !first.is_ascii_uppercase() && !first.is_ascii_lowercase() {
        return false;
    }
    if matches!(
        first.to_ascii_lowercase(),
        b'n' | b't' | b'f' | b'y' | b'o' | b'i'
    ) {
        return false;
    }
    if last == b' ' || last == b':' {
        return false;
    }
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if CLOSER[b as usize] {
            let next = s.get(i + 1).copied().unwrap_or(0);
            let after = s.get(i + 2).copied().unwrap_or(0);
            let bad = match b {
                b':' => next == b' ',
                b'#' => i > 0 && s[i - 1] == b' ',
                0xc2 => (0x80..=0xa0).contains(&next),
                0xe3 => next == 0x80 && after == 0x80,
                0xef => next == 0xbb && after == 0xbf,
                _ => true,
            };
            if bad {
                return false;
            }
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fact, sample, text};
    use super::*;
    use crate::model::{DocumentFields, Status};
    use proptest::prelude::*;

    /// The hand-written YAML must be the model's, byte for byte.
    fn check(file: &AnnotationFile, source: &str) {
        let many = Stream {
            many: true,
            per_fact: false,
        };
        let doc = Extracted {
            source: source.to_string(),
            file: file.clone(),
        };
        let mut out = Vec::new();
        Yaml.document(&doc, Stream::default(), &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), file.to_yaml(&[]));
        let comment = format!("source: {}", escape_controls(source));
        let mut out = Vec::new();
        Yaml.document(&doc, many, &mut out);
        let want = format!("---\n{}", file.to_yaml(&[&comment]));
        assert_eq!(String::from_utf8(out).unwrap(), want);
    }

    #[test]
    fn yaml_is_the_models_on_the_corpus() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        for entry in walkdir::WalkDir::new(root) {
            let path = entry.unwrap().into_path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = crate::text::source::read_source(&path).unwrap();
                let mut file = crate::extract::extract(&text);
                check(&file, &path.display().to_string());
                file.status = Some(Status::Draft);
                file.facts.iter_mut().for_each(|f| f.occurrence = Some(3));
                check(&file, "a\nb");
            }
        }
        check(&sample().file, "x");
    }

    proptest! {
        #[test]
        fn yaml_is_the_models_on_any_document(
            source in text(),
            status in proptest::option::of(proptest::sample::select(Status::ALL)),
            region in proptest::option::of(text()),
            campaign in proptest::option::of(text()),
            facts in proptest::collection::vec(fact(), 0..4),
        ) {
            let file = AnnotationFile {
                status,
                document: DocumentFields { region, campaign },
                facts,
            };
            check(&file, &source);
        }

        #[test]
        fn surely_plain_strings_are_plain(s in text()) {
            if surely_plain(s.as_bytes()) {
                prop_assert_eq!(yaml_str(&s), s);
            }
        }
    }
}
