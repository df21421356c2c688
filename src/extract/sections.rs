//! The one reader of the extractor's data files (`vocab.txt`, `regions.txt`):
//! `[section]` headers, then one entry per line, fields separated by spaces,
//! `#` to the end of a line a comment.
//!
//! **Invariant:** a line that cannot be placed (an unknown section, an entry
//! before the first header) is an error that names the file and the line,
//! never silently read as something else. The data files are compiled in and
//! a unit test per file asserts they read without error, so at run time the
//! errors are only a safety net: the tables keep what did parse.

/// One entry: its line number (1-based) and its fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    pub line: usize,
    pub fields: Vec<&'a str>,
}

/// A data file read into its sections, in the order the file gives them.
#[derive(Debug, Default)]
pub struct Sections<'a> {
    file: &'static str,
    sections: Vec<(&'a str, Vec<Entry<'a>>)>,
}

impl<'a> Sections<'a> {
    /// Reads `data` (named `file` in messages), accepting only the sections
    /// listed in `known`; returns what could be read and the errors.
    pub fn read(file: &'static str, data: &'a str, known: &[&str]) -> (Sections<'a>, Vec<String>) {
        let mut out = Sections {
            file,
            sections: Vec::new(),
        };
        let mut errors = Vec::new();
        // `None` while outside any known section: its lines are skipped.
        let mut current: Option<usize> = None;
        let mut before_first = true;
        for (i, raw) in data.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                before_first = false;
                current = if known.contains(&name) {
                    out.sections.push((name, Vec::new()));
                    Some(out.sections.len() - 1)
                } else {
                    errors.push(format!("{file}:{}: unknown section `[{name}]`", i + 1));
                    None
                };
                continue;
            }
            match current {
                Some(s) => out.sections[s].1.push(Entry {
                    line: i + 1,
                    fields: line.split_whitespace().collect(),
                }),
                None if before_first => {
                    errors.push(format!("{file}:{}: entry before any `[section]`", i + 1))
                }
                None => {}
            }
        }
        (out, errors)
    }

    /// The entries of a section (of every block of it, in order).
    pub fn entries(&self, name: &str) -> impl Iterator<Item = &Entry<'a>> + '_ {
        let name = name.to_string();
        self.sections
            .iter()
            .filter(move |(n, _)| *n == name)
            .flat_map(|(_, entries)| entries)
    }

    /// Every field of every entry of a section: for sections that are plain
    /// word lists.
    pub fn words(&self, name: &str) -> Vec<&'a str> {
        self.entries(name)
            .flat_map(|e| e.fields.iter().copied())
            .collect()
    }

    /// `file:line: [section] entry` for an entry that did not parse.
    pub fn error(&self, section: &str, entry: &Entry, why: &str) -> String {
        format!(
            "{}:{}: [{section}] `{}`: {why}",
            self.file,
            entry.line,
            entry.fields.join(" ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `data` with sections `a` and `b` known; compares the words of
    /// each and the errors.
    fn check(data: &str, a: &[&str], b: &[&str], errors: &[&str]) {
        let (s, e) = Sections::read("test.txt", data, &["a", "b"]);
        assert_eq!(s.words("a"), a, "section a of {data:?}");
        assert_eq!(s.words("b"), b, "section b of {data:?}");
        assert_eq!(e, errors, "errors of {data:?}");
    }

    #[test]
    fn sections_table() {
        check(
            "[a]\nx y # comment\n\n[b]\nz\n[a]\nw",
            &["x", "y", "w"],
            &["z"],
            &[],
        );
        check(
            "[c]\nx\n[a]\ny",
            &["y"],
            &[],
            &["test.txt:1: unknown section `[c]`"],
        );
        check(
            "x\n[a]\ny",
            &["y"],
            &[],
            &["test.txt:1: entry before any `[section]`"],
        );
        check("# only a comment\n", &[], &[], &[]);
    }
}
