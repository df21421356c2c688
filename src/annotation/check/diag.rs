//! Diagnostics: one problem found in a file, and how it is shown to a person.
//!
//! The rendering is compiler-style plain text: severity and message, the file
//! with line and column, the offending line with a caret under the node, and a
//! hint. Columns count characters; carets are placed by display width, so a
//! line of Chinese (two terminal columns per character) still lines up.

use std::fmt;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How bad a problem is: errors fail validation, warnings fail it only with
/// `--strict`, notes never do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// One problem, anchored at a place in a file.
///
/// `line` and `column` are 1-based, the column in characters; `line == 0`
/// means the problem concerns the file as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// How many characters the caret underlines (at least one).
    pub width: usize,
    /// Lower-case, no trailing period.
    pub message: String,
    pub hint: Option<String>,
    /// The offending line of the file, shown under the location.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            file: file.into(),
            line: 0,
            column: 0,
            width: 1,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// Anchors the diagnostic at a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Diagnostic {
        self.line = line;
        self.column = column;
        self
    }

    pub fn width(mut self, width: usize) -> Diagnostic {
        self.width = width.max(1);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Takes the offending line from the whole text of the file.
    pub fn with_source(mut self, file_text: &str) -> Diagnostic {
        if self.line > 0 {
            self.source_line = file_text
                .lines()
                .nth(self.line - 1)
                .map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    /// The diagnostic as compiler-style plain text, ending with a newline.
    pub fn render(&self) -> String {
        let mut out = format!("{}: {}\n", self.severity, self.message);
        let gutter = if self.line > 0 {
            self.line.to_string().len()
        } else {
            1
        };
        let pad = " ".repeat(gutter);
        if self.line > 0 {
            out.push_str(&format!(
                "{pad}--> {}:{}:{}\n",
                self.file, self.line, self.column
            ));
        } else {
            out.push_str(&format!("{pad}--> {}\n", self.file));
        }
        if let Some(src) = self.source_line.as_deref().filter(|_| self.line > 0) {
            let shown = src.replace('\t', " ");
            out.push_str(&format!("{pad} |\n{} | {}\n", self.line, shown));
            out.push_str(&format!(
                "{pad} | {}\n",
                caret(&shown, self.column, self.width)
            ));
        }
        if let Some(h) = &self.hint {
            out.push_str(&format!("{pad} = hint: {h}\n"));
        }
        out
    }
}

/// Spaces up to the character column, then carets under `width` characters,
/// both measured in display columns.
fn caret(line: &str, column: usize, width: usize) -> String {
    let before: String = line.chars().take(column.saturating_sub(1)).collect();
    let under: String = line
        .chars()
        .skip(column.saturating_sub(1))
        .take(width)
        .collect();
    let under_width = under
        .chars()
        .map(|c| c.width().unwrap_or(0))
        .sum::<usize>()
        .max(1);
    format!("{}{}", " ".repeat(before.width()), "^".repeat(under_width))
}

/// Counts of diagnostics by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Tally {
    pub fn add(&mut self, diags: &[Diagnostic]) {
        for d in diags {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Note => self.notes += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_lines_up_under_wide_characters() {
        let d = Diagnostic::new(
            Severity::Error,
            "annotations/x.yaml",
            "quote not found in source",
        )
        .at(2, 12)
        .width(2)
        .hint("closest passage in corpus/x.txt:3: …抓获犯罪嫌疑人8707人…")
        .with_source("facts:\n  - quote: 抓获犯罪嫌疑人8707名\n");
        assert_eq!(
            d.render(),
            "error: quote not found in source\n \
             --> annotations/x.yaml:2:12\n  \
             |\n\
             2 |   - quote: 抓获犯罪嫌疑人8707名\n  \
             |            ^^^^\n  \
             = hint: closest passage in corpus/x.txt:3: …抓获犯罪嫌疑人8707人…\n"
        );
    }

    #[test]
    fn file_level_diagnostics_have_no_snippet() {
        let d = Diagnostic::new(Severity::Note, "corpus/y.txt", "source has no annotation");
        assert_eq!(
            d.render(),
            "note: source has no annotation\n --> corpus/y.txt\n"
        );
    }
}
