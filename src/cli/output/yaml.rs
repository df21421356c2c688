//! `--format yaml` (the default): the annotation format itself. One
//! document is one YAML document; a stream of several separates them with
//! `---` and names each in a `# source:` comment. Under `-o`, one file per
//! source, named in the same comment. A source name with control
//! characters (a newline) is written escaped (`\n`), so it can never
//! break out of its comment into the YAML.

use super::{escape_controls, Extracted, Format, Stream};

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
            out.extend_from_slice(doc.file.to_yaml(&[]).as_bytes());
            return;
        }
        let comment = format!("source: {}", escape_controls(&doc.source));
        out.extend_from_slice(b"---\n");
        out.extend_from_slice(doc.file.to_yaml(&[&comment]).as_bytes());
    }

    fn file_extension(&self) -> Option<&'static str> {
        Some("yaml")
    }

    fn file(&self, doc: &Extracted, out: &mut Vec<u8>) {
        let comment = format!("source: {}", escape_controls(&doc.source));
        out.extend_from_slice(doc.file.to_yaml(&[&comment]).as_bytes());
    }
}
