//! Diagnostics: one problem found in a file, and how it is shown to a person.
//!
//! The rendering is compiler-style plain text, drawn by annotate-snippets:
//! severity and message, the file with line and column, the offending line
//! with a caret under the node, and a hint. Columns count characters; carets
//! are placed by display width, so a line of Chinese (two terminal columns
//! per character) still lines up.
//!
//! **Invariant:** what a diagnostic prints is bounded whatever the file
//! holds: a long line is cut around the caret with `…`, a long underline is
//! shortened, a long message or hint keeps its start and its end. A 50 MB
//! quote is one screen, not 50 MB.

use annotate_snippets::{
    normalize_untrusted_str, AnnotationKind, Level, Origin, Renderer, Snippet,
};
use std::borrow::Cow;
use std::fmt;

/// Lines up to this many characters are shown whole.
const LINE_MAX: usize = 160;
/// Characters of a longer line shown before the underlined ones, and after.
const CONTEXT: usize = 40;
/// The most characters underlined (and shown) of a longer node.
const UNDERLINE_MAX: usize = 80;
/// The most characters of a message or a hint shown.
const TEXT_MAX: usize = 400;

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
    /// The offending line of the file (or its part around the column),
    /// shown under the location.
    pub excerpt: Option<Excerpt>,
}

/// The part of a line a diagnostic shows: the whole line when it is short,
/// else the characters around the underlined ones, `…` where it was cut.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    pub text: String,
    /// Characters of `text` before the underlined ones.
    pub before: usize,
    /// Characters of `text` underlined (none: a caret after the line's end).
    pub under: usize,
}

impl Excerpt {
    /// The excerpt of `line` for a node at 0-based character `start`,
    /// `width` characters wide. Works on a line of any length in one pass
    /// and keeps only the excerpt.
    pub fn of(line: &str, start: usize, width: usize) -> Excerpt {
        let len = line.chars().count();
        let start = start.min(len);
        let under = width.min(len - start);
        if len <= LINE_MAX {
            return Excerpt {
                text: line.to_string(),
                before: start,
                under,
            };
        }
        let from = start.saturating_sub(CONTEXT);
        let shown = under.min(UNDERLINE_MAX);
        // A node cut short ends the excerpt, so that no text after the
        // underline looks as if it were outside the node.
        let to = if shown < under {
            start + shown
        } else {
            (start + under + CONTEXT).min(len)
        };
        let byte = |c: usize| line.char_indices().nth(c).map_or(line.len(), |(b, _)| b);
        let (from_byte, to_byte) = (byte(from), byte(to));
        let mut text = String::with_capacity(to_byte - from_byte + 6);
        if from > 0 {
            text.push('…');
        }
        text.push_str(&line[from_byte..to_byte]);
        if to < len {
            text.push('…');
        }
        Excerpt {
            text,
            before: start - from + usize::from(from > 0),
            under: shown,
        }
    }

    /// The byte range of the underlined characters in `text`.
    fn span(&self) -> std::ops::Range<usize> {
        let byte = |c: usize| {
            self.text
                .char_indices()
                .nth(c)
                .map_or(self.text.len(), |(b, _)| b)
        };
        byte(self.before)..byte(self.before + self.under)
    }
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
            excerpt: None,
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

    /// Takes the offending line (its excerpt) from the whole text of the
    /// file; call after [`Diagnostic::at`] and [`Diagnostic::width`].
    pub fn with_source(self, file_text: &str) -> Diagnostic {
        let line = self
            .line
            .checked_sub(1)
            .and_then(|n| file_text.lines().nth(n));
        self.with_line(line)
    }

    /// As `with_source`, given the diagnostic's line itself (when the caller
    /// holds the file's lines, so that each diagnostic does not rescan it).
    pub fn with_line(mut self, line: Option<&str>) -> Diagnostic {
        if self.line > 0 {
            self.excerpt = line.map(|l| {
                let line = l.trim_end_matches('\r');
                Excerpt::of(line, self.column.saturating_sub(1), self.width)
            });
        }
        self
    }

    /// The diagnostic as compiler-style plain text, ending with a newline.
    pub fn render(&self) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        // The renderer shows the path as given: control characters in a
        // file name must not reach the terminal either.
        let file = normalize_untrusted_str(&self.file);
        let title = level.primary_title(bounded(&self.message));
        let mut group = match (&self.excerpt, self.line) {
            (_, 0) => title.element(Origin::path(file.as_str())),
            (Some(e), line) => title.element(
                Snippet::source(e.text.as_str())
                    .line_start(line)
                    .path(file.as_str())
                    .annotation(AnnotationKind::Primary.span(e.span())),
            ),
            (None, line) => title.element(
                Origin::path(file.as_str())
                    .line(line)
                    .char_column(self.column),
            ),
        };
        if let Some(h) = &self.hint {
            group = group.element(Level::HELP.with_name("hint").message(bounded(h)));
        }
        // Excerpts are already bounded: the renderer must not cut them again.
        let mut out = Renderer::plain()
            .term_width(usize::MAX / 2)
            .render(&[group]);
        if let Some(e) = self.excerpt.as_ref().filter(|_| self.line > 0) {
            // The renderer counts the column in the excerpt; the file's
            // column differs where the line was cut before the node or the
            // node lies past the line's end.
            let shown = format!("--> {file}:{}:{}", self.line, e.before + 1);
            let real = format!("--> {file}:{}:{}", self.line, self.column);
            out = out.replacen(&shown, &real, 1);
        }
        out.push('\n');
        out
    }
}

/// `text`, or its start and end around `…` when it is longer than
/// [`TEXT_MAX`] characters.
fn bounded(text: &str) -> Cow<'_, str> {
    let half = TEXT_MAX / 2;
    let mut ends = text.char_indices().map(|(b, _)| b);
    let Some(head_end) = ends.nth(half) else {
        return Cow::Borrowed(text);
    };
    let Some(tail_start) = text.char_indices().rev().map(|(b, _)| b).nth(half - 1) else {
        return Cow::Borrowed(text);
    };
    if tail_start <= head_end {
        return Cow::Borrowed(text);
    }
    Cow::Owned(format!("{} … {}", &text[..head_end], &text[tail_start..]))
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

    /// Renders `d` and compares with `want` (lines joined by `\n`).
    fn check(d: &Diagnostic, want: &[String]) {
        let got = d.render();
        let want = want.join("\n") + "\n";
        assert_eq!(got, want, "\n--- got ---\n{got}--- want ---\n{want}");
    }

    #[test]
    fn rendering() {
        let error = |file: &str, message: &str| Diagnostic::new(Severity::Error, file, message);
        let long = format!(
            "  - quote: {}抓获8707名{}",
            "网".repeat(500),
            "络".repeat(500)
        );
        let cases: Vec<(Diagnostic, Vec<String>)> = vec![
            (
                // Carets by display width under Chinese text.
                error("annotations/x.yaml", "quote not found in source")
                    .at(2, 12)
                    .width(2)
                    .hint("closest passage in corpus/x.txt:3: …抓获犯罪嫌疑人8707人…")
                    .with_source("facts:\n  - quote: 抓获犯罪嫌疑人8707名\n"),
                vec![
                    "error: quote not found in source".into(),
                    " --> annotations/x.yaml:2:12".into(),
                    "  |".into(),
                    "2 |   - quote: 抓获犯罪嫌疑人8707名".into(),
                    "  |            ^^^^".into(),
                    "  |".into(),
                    "  = hint: closest passage in corpus/x.txt:3: …抓获犯罪嫌疑人8707人…".into(),
                ],
            ),
            (
                Diagnostic::new(Severity::Note, "corpus/y.txt", "source has no annotation"),
                vec![
                    "note: source has no annotation".into(),
                    "--> corpus/y.txt".into(),
                ],
            ),
            (
                // A line but no text to show (an empty file's line 1).
                Diagnostic::new(Severity::Warning, "a.yaml", "empty")
                    .at(1, 1)
                    .hint("fill it"),
                vec![
                    "warning: empty".into(),
                    "--> a.yaml:1:1".into(),
                    " = hint: fill it".into(),
                ],
            ),
            (
                // A tab shows as spaces, the caret under all of them; the
                // carriage return of a CRLF file is not shown.
                error("a.yaml", "tab used for indentation")
                    .at(2, 1)
                    .with_source("a:\r\n\tb: 1\r\n"),
                vec![
                    "error: tab used for indentation".into(),
                    " --> a.yaml:2:1".into(),
                    "  |".into(),
                    "2 |     b: 1".into(),
                    "  | ^^^^".into(),
                ],
            ),
            (
                // A column past the line's end: the caret after it, the
                // column as given.
                error("a.yaml", "expected a value")
                    .at(1, 9)
                    .with_source("metric:"),
                vec![
                    "error: expected a value".into(),
                    " --> a.yaml:1:9".into(),
                    "  |".into(),
                    "1 | metric:".into(),
                    "  |        ^".into(),
                ],
            ),
            (
                // A long line is cut around the caret, the column is the
                // file's (and a control character of the path is shown as
                // a symbol).
                error("a\u{1b}.yaml", "value not in quote")
                    .at(3, 512)
                    .width(7)
                    .with_source(&format!("a\nb\n{long}\n")),
                vec![
                    "error: value not in quote".into(),
                    " --> a␛.yaml:3:512".into(),
                    "  |".into(),
                    format!("3 | …{}抓获8707名{}…", "网".repeat(40), "络".repeat(40)),
                    format!("  |  {}^^^^^^^^^^", " ".repeat(80)),
                ],
            ),
            (
                // A long node is underlined up to a limit, and the excerpt
                // stops there.
                error("a.yaml", "quote is 1006 characters long")
                    .at(1, 12)
                    .width(1006)
                    .with_source(&long),
                vec![
                    "error: quote is 1006 characters long".into(),
                    " --> a.yaml:1:12".into(),
                    "  |".into(),
                    format!("1 |   - quote: {}…", "网".repeat(80)),
                    format!("  |            {}", "^".repeat(160)),
                ],
            ),
        ];
        for (d, want) in &cases {
            check(d, want);
        }
    }

    #[test]
    fn long_messages_and_hints_keep_their_ends() {
        let quote = "网".repeat(1000);
        let d = Diagnostic::new(
            Severity::Error,
            "a.yaml",
            format!("quote `{quote}` not found"),
        )
        .hint(format!("copy the exact text of a.txt:1:1: {quote}"));
        check(
            &d,
            &[
                format!(
                    "error: quote `{} … {}` not found",
                    "网".repeat(193),
                    "网".repeat(189)
                ),
                "--> a.yaml".into(),
                format!(
                    " = hint: copy the exact text of a.txt:1:1: {} … {}",
                    "网".repeat(166),
                    "网".repeat(200)
                ),
            ],
        );
    }

    /// A 50 MB line, quote, message and hint print a few lines, not 50 MB.
    #[test]
    fn a_huge_line_prints_a_bounded_diagnostic() {
        let quote = "网".repeat(50 << 20 >> 2);
        let yaml = format!("facts:\n  - quote: {quote}抓获5人{quote}\n");
        for column in [12, 12 + quote.chars().count(), yaml.chars().count()] {
            let d = Diagnostic::new(Severity::Warning, "a.yaml", format!("quote {quote}"))
                .at(2, column)
                .width(quote.chars().count() * 2)
                .hint(quote.clone())
                .with_source(&yaml);
            let shown = d.render();
            assert!(
                shown.len() < 4096,
                "{} bytes for column {column}",
                shown.len()
            );
            assert!(
                shown.contains(&format!(" --> a.yaml:2:{column}\n")),
                "{shown}"
            );
        }
    }
}
