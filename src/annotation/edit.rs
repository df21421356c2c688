//! Edits of an annotation file made in place: accepting, rejecting or
//! relabelling a fact, adding one, marking the file reviewed (`jingwang
//! serve`).
//!
//! The file is edited line by line, in the block style `annotate` writes and
//! annotators keep: the lines of untouched facts, every comment and the order
//! of everything stay byte for byte as they were; a changed field keeps its
//! line's indentation and trailing comment. Lines are found through the
//! positions of `yaml_tree`, never by guessing from the text alone.
//!
//! **Invariant:** an edit either returns text that parses to exactly the
//! file it was asked for (the old file with that one change), or refuses
//! with an [`EditError`] and changes nothing. Anything outside the plain
//! block style (flow collections, multi-line values, keys sharing a line)
//! is refused rather than rewritten.

use crate::annotation::load::parse_annotation;
use crate::annotation::yaml_tree::{self, Kind, Node};
use crate::model::{AnnotationFile, Fact, FactField, Status, FACT_KEYS};
use std::fmt;

/// One change to an annotation file. Fact indexes count from 0 in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Sets `status`.
    Status(Status),
    /// Removes a fact.
    Remove { index: usize },
    /// Gives a fact new fields: only the lines of fields that differ change.
    Replace { index: usize, fact: Fact },
    /// Inserts a fact so that it becomes fact `index` (`index` = the number
    /// of facts appends). Its `span`, if any, is not written.
    Insert { index: usize, fact: Fact },
}

/// Why an edit was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError {
    pub message: String,
    pub hint: Option<String>,
}

impl EditError {
    fn new(message: impl Into<String>) -> EditError {
        EditError {
            message: message.into(),
            hint: None,
        }
    }

    fn unsafe_layout(message: impl Into<String>) -> EditError {
        EditError {
            message: message.into(),
            hint: Some(
                "edit this file in a text editor (one `key: value` per line, as `jingwang annotate` writes), then reload"
                    .into(),
            ),
        }
    }
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " (hint: {h})")?;
        }
        Ok(())
    }
}

/// Applies `edit` to the YAML text of an annotation file.
pub fn apply(yaml: &str, edit: &Edit) -> Result<String, EditError> {
    let old = parse_annotation(yaml).map_err(|e| EditError {
        message: format!("the file does not parse ({e}), so it cannot be edited here"),
        hint: Some("fix it in a text editor; `jingwang validate` shows every problem".into()),
    })?;
    let expected = expected_file(&old, edit)?;
    let mut doc = Document::read(yaml)?;
    match edit {
        Edit::Status(status) => doc.set_status(*status)?,
        Edit::Remove { index } => doc.remove_fact(*index)?,
        Edit::Replace { index, fact } => doc.replace_fact(*index, &old.facts[*index], fact)?,
        Edit::Insert { index, fact } => doc.insert_fact(*index, fact)?,
    }
    let new = doc.text();
    match parse_annotation(&new) {
        Ok(file) if file == expected => Ok(new),
        _ => Err(EditError::unsafe_layout(
            "the edit could not be made without touching other lines of the file",
        )),
    }
}

/// The file as it must read after the edit.
fn expected_file(old: &AnnotationFile, edit: &Edit) -> Result<AnnotationFile, EditError> {
    let mut file = old.clone();
    let n = file.facts.len();
    let out_of_range =
        |i: usize| EditError::new(format!("there is no fact {} (the file has {n})", i + 1));
    match edit {
        Edit::Status(s) => file.status = Some(*s),
        Edit::Remove { index } if *index < n => {
            file.facts.remove(*index);
        }
        Edit::Replace { index, fact } if *index < n => {
            file.facts[*index] = Fact {
                span: None,
                ..fact.clone()
            };
            if old.facts[*index].span.is_some() {
                return Err(EditError::new(
                    "the fact has a `span`; annotations place facts by quote and occurrence",
                ));
            }
        }
        Edit::Insert { index, fact } if *index <= n => file.facts.insert(
            *index,
            Fact {
                span: None,
                ..fact.clone()
            },
        ),
        Edit::Remove { index } | Edit::Replace { index, .. } | Edit::Insert { index, .. } => {
            return Err(out_of_range(*index))
        }
    }
    Ok(file)
}

/// A top-level key and the line it is on (0-based).
struct TopKey {
    name: String,
    line: usize,
}

/// Where one fact is written.
struct FactLines {
    /// The `- ` line.
    first: usize,
    /// Its last line that is not blank or a comment.
    last: usize,
    /// Column of the `-`.
    dash: usize,
    /// Each key and its line.
    keys: Vec<(FactField, usize)>,
}

/// The file as lines, with what the editor needs to know about them.
struct Document {
    bom: bool,
    eol: &'static str,
    lines: Vec<String>,
    top: Vec<TopKey>,
    /// `facts:` line, when the file has the key.
    facts_line: Option<usize>,
    facts: Vec<FactLines>,
}

impl Document {
    fn read(yaml: &str) -> Result<Document, EditError> {
        let (bom, body) = match yaml.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, yaml),
        };
        let crlf = body.contains("\r\n");
        let lines: Vec<String> = body
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
            .collect();
        if lines.iter().any(|l| l.contains('\r'))
            || (crlf && body.split('\n').rev().skip(1).any(|l| !l.ends_with('\r')))
        {
            return Err(EditError::unsafe_layout(
                "the file mixes line endings, so an edit could not keep them",
            ));
        }
        let root = yaml_tree::parse(body)
            .map_err(|e| EditError::new(format!("the file does not parse: {}", e.message)))?;
        let Kind::Map(entries) = &root.kind else {
            return Err(EditError::unsafe_layout("the file is not a mapping"));
        };
        let mut doc = Document {
            bom,
            eol: if crlf { "\r\n" } else { "\n" },
            lines,
            top: Vec::new(),
            facts_line: None,
            facts: Vec::new(),
        };
        for (key, _) in entries {
            if key.pos.column != 1 {
                return Err(EditError::unsafe_layout(
                    "the top-level keys are not at the start of their lines",
                ));
            }
            doc.top.push(TopKey {
                name: key.name.clone(),
                line: key.pos.line - 1,
            });
        }
        if let Some((key, node)) = entries.iter().find(|(k, _)| k.name == "facts") {
            doc.facts_line = Some(key.pos.line - 1);
            doc.read_facts(key.pos.line - 1, node)?;
        }
        Ok(doc)
    }

    /// The line after which the facts block ends (the next top-level key, or
    /// the end of the file).
    fn facts_end(&self) -> usize {
        let facts = self.facts_line.unwrap_or(0);
        self.top
            .iter()
            .map(|k| k.line)
            .filter(|&l| l > facts)
            .min()
            .unwrap_or(self.lines.len())
    }

    fn read_facts(&mut self, facts_line: usize, node: &Node) -> Result<(), EditError> {
        let items = match &node.kind {
            Kind::Seq(items) => items,
            Kind::Null => return Ok(()),
            _ => return Err(EditError::unsafe_layout("`facts` is not a list")),
        };
        let mut starts = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Kind::Map(entries) = &item.kind else {
                return Err(EditError::unsafe_layout(format!(
                    "fact {} is not a mapping",
                    i + 1
                )));
            };
            let mut keys = Vec::new();
            for (key, _) in entries {
                let field = FactField::from_label(&key.name).ok_or_else(|| {
                    EditError::new(format!("fact {} has an unknown key `{}`", i + 1, key.name))
                })?;
                keys.push((field, key.pos.line - 1, key.pos.column - 1));
            }
            let Some(&(_, first, column)) = keys.first() else {
                return Err(EditError::unsafe_layout(format!(
                    "fact {} is an empty mapping",
                    i + 1
                )));
            };
            let prefix: String = self.lines[first].chars().take(column).collect();
            let dash = prefix.len().saturating_sub(2);
            if first <= facts_line || prefix != format!("{}- ", " ".repeat(dash)) {
                return Err(EditError::unsafe_layout(format!(
                    "fact {} does not start with `- key: value` on a line of its own",
                    i + 1
                )));
            }
            starts.push(first);
            self.facts.push(FactLines {
                first,
                last: first,
                dash,
                keys: keys.iter().map(|&(f, l, _)| (f, l)).collect(),
            });
            for &(field, line, column) in &keys[1..] {
                let prefix: String = self.lines[line].chars().take(column).collect();
                if prefix != " ".repeat(dash + 2) {
                    return Err(EditError::unsafe_layout(format!(
                        "`{field}` of fact {} is not on a line of its own under the first key",
                        i + 1
                    )));
                }
            }
        }
        let end = self.facts_end();
        for i in 0..self.facts.len() {
            let bound = starts.get(i + 1).copied().unwrap_or(end);
            let f = &mut self.facts[i];
            let mut last = bound - 1;
            while last > f.first && is_blank_or_comment(&self.lines[last]) {
                last -= 1;
            }
            f.last = last;
            // Every line of the block must be one of its keys, a comment or
            // blank: a value spread over several lines is not edited here.
            let key_lines: Vec<usize> = f.keys.iter().map(|k| k.1).collect();
            let mut seen = std::collections::HashSet::new();
            for line in f.first..=f.last {
                let is_key = key_lines.contains(&line);
                if is_key && !seen.insert(line) {
                    return Err(EditError::unsafe_layout(format!(
                        "fact {} has two keys on one line",
                        i + 1
                    )));
                }
                if !is_key && !is_blank_or_comment(&self.lines[line]) {
                    return Err(EditError::unsafe_layout(format!(
                        "fact {} has a value spread over several lines (line {})",
                        i + 1,
                        line + 1
                    )));
                }
            }
        }
        Ok(())
    }

    fn text(&self) -> String {
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        out.push_str(&self.lines.join(self.eol));
        out
    }

    fn set_status(&mut self, status: Status) -> Result<(), EditError> {
        if let Some(k) = self.top.iter().find(|k| k.name == "status") {
            let line = k.line;
            self.lines[line] = with_value(&self.lines[line], "status", status.as_str())?;
            return Ok(());
        }
        // No status yet: it goes first, before the first key (after any
        // header comments).
        let at = self.top.iter().map(|k| k.line).min().unwrap_or(0);
        self.lines.insert(at, format!("status: {status}"));
        Ok(())
    }

    fn remove_fact(&mut self, index: usize) -> Result<(), EditError> {
        let f = &self.facts[index];
        let (first, last) = (f.first, f.last);
        self.lines.drain(first..=last);
        if self.facts.len() == 1 {
            // The list becomes empty: `facts:` alone would read as null.
            let line = self.facts_line.expect("a fact implies a facts key");
            self.lines[line] = with_value(&self.lines[line], "facts", "[]")?;
        }
        Ok(())
    }

    fn replace_fact(&mut self, index: usize, old: &Fact, new: &Fact) -> Result<(), EditError> {
        let f = &self.facts[index];
        let (dash, keys) = (f.dash, f.keys.clone());
        // Removals and insertions shift the lines below them: work from the
        // bottom of the fact up.
        let mut changes: Vec<(usize, Change)> = Vec::new();
        let (old_fields, new_fields) = (written_fields(old), written_fields(new));
        for field in FactField::ALL.iter().copied() {
            if field == FactField::Span {
                continue;
            }
            let (before, after) = (old_fields.get(&field), new_fields.get(&field).cloned());
            if before == after.as_ref() {
                continue;
            }
            let line = keys.iter().find(|k| k.0 == field).map(|k| k.1);
            match (line, after) {
                (Some(line), Some(text)) => changes.push((line, Change::Set(field, text))),
                (Some(line), None) if line == keys[0].1 => {
                    return Err(EditError::unsafe_layout(format!(
                        "`{field}` is the fact's first key and cannot be removed in place"
                    )))
                }
                (Some(line), None) => changes.push((line, Change::Remove)),
                (None, Some(text)) => {
                    // After the nearest key that comes before it in the guide's order.
                    let order = |f: FactField| FACT_KEYS.iter().position(|k| *k == f.as_str());
                    let after_line = keys
                        .iter()
                        .filter(|k| order(k.0) < order(field))
                        .map(|k| k.1)
                        .max()
                        .ok_or_else(|| {
                            EditError::unsafe_layout(format!(
                                "no key before which `{field}` could go"
                            ))
                        })?;
                    changes.push((
                        after_line,
                        Change::InsertAfter(format!("{}{field}: {text}", " ".repeat(dash + 2))),
                    ));
                }
                (None, None) => {}
            }
        }
        changes.sort_by_key(|c| std::cmp::Reverse(c.0));
        for (line, change) in changes {
            match change {
                Change::Set(field, text) => {
                    self.lines[line] = with_value(&self.lines[line], field.as_str(), &text)?;
                }
                Change::Remove => {
                    self.lines.remove(line);
                }
                Change::InsertAfter(text) => self.lines.insert(line + 1, text),
            }
        }
        Ok(())
    }

    fn insert_fact(&mut self, index: usize, fact: &Fact) -> Result<(), EditError> {
        let dash = self.facts.first().map_or(2, |f| f.dash);
        let mut new_lines = Vec::new();
        let fields = written_fields(fact);
        for field in FactField::ALL.iter().copied() {
            if field == FactField::Span {
                continue;
            }
            if let Some(text) = fields.get(&field) {
                let indent = if new_lines.is_empty() {
                    format!("{}- ", " ".repeat(dash))
                } else {
                    " ".repeat(dash + 2)
                };
                new_lines.push(format!("{indent}{field}: {text}"));
            }
        }
        let at = if index > 0 {
            self.facts[index - 1].last + 1
        } else if let Some(line) = self.facts_line {
            if self.facts.is_empty() {
                self.lines[line] = with_value(&self.lines[line], "facts", "")?;
            }
            line + 1
        } else {
            // No `facts` key at all: a new one at the end.
            let mut at = self.lines.len();
            if self.lines.last().is_some_and(|l| l.is_empty()) {
                at -= 1;
            }
            self.lines.insert(at, "facts:".into());
            at + 1
        };
        for (k, line) in new_lines.into_iter().enumerate() {
            self.lines.insert(at + k, line);
        }
        Ok(())
    }
}

/// Each field of a fact as the YAML writer spells it (absent optional
/// fields left out): the file's own writer renders the fact, so edited lines
/// read as `annotate` writes them.
fn written_fields(fact: &Fact) -> std::collections::HashMap<FactField, String> {
    let file = AnnotationFile {
        facts: vec![fact.clone()],
        ..AnnotationFile::default()
    };
    let yaml = file.to_yaml(&[]);
    yaml.lines()
        .skip_while(|l| *l != "facts:")
        .skip(1)
        .filter_map(|l| {
            let l = l.trim_start_matches([' ', '-']);
            let (key, value) = l.split_once(": ")?;
            Some((FactField::from_label(key)?, value.to_string()))
        })
        .collect()
}

enum Change {
    Set(FactField, String),
    Remove,
    InsertAfter(String),
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// `line` (which holds `key: old  # comment` after some indentation or
/// `- `) with its value replaced by `value`, indentation and trailing
/// comment kept. An empty `value` leaves `key:` alone (a block follows).
fn with_value(line: &str, key: &str, value: &str) -> Result<String, EditError> {
    let indent = line.len() - line.trim_start_matches([' ', '-']).len();
    let rest = &line[indent..];
    let after_key = rest
        .strip_prefix(key)
        .and_then(|r| r.strip_prefix(':'))
        .ok_or_else(|| EditError::unsafe_layout(format!("`{key}:` is not where it was read")))?;
    let value_start = after_key.len() - after_key.trim_start_matches(' ').len();
    let old = &after_key[value_start..];
    let end = scalar_end(old)
        .ok_or_else(|| EditError::unsafe_layout(format!("the value of `{key}` is not one line")))?;
    let trailing = &old[end..];
    let head = &line[..indent + key.len() + 1];
    Ok(if value.is_empty() {
        format!("{head}{trailing}")
    } else {
        format!("{head} {value}{trailing}")
    })
}

/// Where a one-line scalar written at the start of `s` ends (the rest is
/// spaces and perhaps a comment); `None` for anything else.
fn scalar_end(s: &str) -> Option<usize> {
    let end = match s.chars().next() {
        Some('"') => {
            let mut escaped = false;
            let mut close = None;
            for (i, c) in s.char_indices().skip(1) {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => {
                        close = Some(i + 1);
                        break;
                    }
                    _ => {}
                }
            }
            close?
        }
        Some('\'') => {
            let b = s.as_bytes();
            let mut i = 1;
            loop {
                match b.get(i)? {
                    b'\'' if b.get(i + 1) == Some(&b'\'') => i += 2,
                    b'\'' => break i + 1,
                    _ => i += 1,
                }
            }
        }
        // An empty list is the one flow collection written on a key's line.
        Some('[') if s.starts_with("[]") => 2,
        Some('|' | '>' | '[' | '{' | '&' | '*' | '!') => return None,
        _ => s.find(" #").unwrap_or(s.len()),
    };
    let trailing = &s[end..];
    let t = trailing.trim_start_matches(' ');
    (t.is_empty() || t.starts_with('#')).then_some(s[..end].trim_end_matches(' ').len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_replaced_with_their_comments_kept() {
        let cases = [
            (
                "  metric: cases",
                "metric",
                "suspects",
                "  metric: suspects",
            ),
            (
                "    metric: cases   # why",
                "metric",
                "items",
                "    metric: items   # why",
            ),
            ("  - unit: \"a # b\" # c", "unit", "起", "  - unit: 起 # c"),
            ("status: draft", "status", "reviewed", "status: reviewed"),
            ("facts: [] # none", "facts", "", "facts: # none"),
        ];
        for (line, key, value, want) in cases {
            assert_eq!(with_value(line, key, value).unwrap(), want, "{line}");
        }
        assert!(with_value("  metric: |", "metric", "x").is_err());
        assert!(with_value("  unit: \"open", "unit", "x").is_err());
    }
}
