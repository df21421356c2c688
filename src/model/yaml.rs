//! The YAML writer: every file jingwang writes has the guide's key order and
//! quotes a string only where a plain scalar would be misread.

use super::fact::{AnnotationFile, Fact};
use super::fields::FactField;

impl AnnotationFile {
    /// Renders the file as YAML in the guide's key order, with `header`
    /// lines written as comments at the top.
    pub fn to_yaml(&self, header: &[&str]) -> String {
        let mut out = String::new();
        for line in header {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        if let Some(status) = self.status {
            out.push_str(&format!("status: {status}\n"));
        }
        out.push_str("document:\n");
        out.push_str(&format!(
            "  region: {}\n",
            yaml_opt_str(self.document.region.as_deref())
        ));
        out.push_str(&format!(
            "  campaign: {}\n",
            yaml_opt_str(self.document.campaign.as_deref())
        ));
        if self.facts.is_empty() {
            out.push_str("facts: []\n");
            return out;
        }
        out.push_str("facts:\n");
        for fact in &self.facts {
            let mut indent = "  - ";
            for &field in FactField::ALL {
                if let Some(text) = field_yaml(field, fact) {
                    out.push_str(indent);
                    out.push_str(field.as_str());
                    out.push_str(": ");
                    out.push_str(&text);
                    out.push('\n');
                    indent = "    ";
                }
            }
        }
        out
    }
}

/// A fact field's value as the writer spells it, `None` when the field is
/// left out (an absent optional field).
fn field_yaml(field: FactField, f: &Fact) -> Option<String> {
    match field {
        FactField::Quote => Some(yaml_str(&f.quote)),
        FactField::Occurrence => f.occurrence.map(|o| o.to_string()),
        FactField::Value => Some(f.value.map_or_else(|| "null".into(), |v| v.to_plain())),
        FactField::Unit => Some(yaml_str(&f.unit)),
        FactField::Span => f.span.map(|[s, e]| format!("[{s}, {e}]")),
        _ => field.attribute().and_then(|a| a.value(f)),
    }
}

fn yaml_opt_str(s: Option<&str>) -> String {
    s.map_or_else(|| "null".to_string(), yaml_str)
}

/// Quotes a string for YAML when a plain scalar would be misread: indicator
/// characters, leading/trailing spaces, values YAML would take for numbers,
/// booleans or null, and anything with control characters.
pub fn yaml_str(s: &str) -> String {
    let plain_ok = !s.is_empty()
        && !s.starts_with(|c: char| " -?:,[]{}#&*!|>'\"%@`~".contains(c))
        && !s.ends_with(' ')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s
            .chars()
            .any(|c| c.is_control() || c == '\u{feff}' || c == '\u{a0}' || c == '\u{3000}')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "null"
                | "~"
                | "true"
                | "false"
                | "yes"
                | "no"
                | "on"
                | "off"
                | ".nan"
                | ".inf"
                | "-.inf"
        )
        && s.parse::<f64>().is_err()
        && !s.starts_with(|c: char| c.is_ascii_digit());
    if plain_ok {
        return s.to_string();
    }
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            '\r' => q.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' => q.push_str(&format!("\\u{:04x}", c as u32)),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}
