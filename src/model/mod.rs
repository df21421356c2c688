//! The annotation data model of ANNOTATION_GUIDE.md, format version 1.
//!
//! One type serves both ground truth and predictions: a prediction is an
//! annotation file whose facts carry `span` and whose `status` may be absent.
//! Values are exact decimals (`rust_decimal`), never floats, so `1.96亿` is
//! exactly 196000000 and `171.3` stays 171.3.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Declares a label enum whose YAML spelling is given next to each variant,
/// with the list of all labels that validation messages and suggestions use.
macro_rules! labels {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $label)] $variant),+
        }

        impl $name {
            /// Every label, in the order the guide lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every label as written in YAML, in the same order.
            pub const LABELS: &'static [&'static str] = &[$($label),+];

            /// The label as written in YAML.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses a label as written in YAML; `None` for anything else.
            pub fn from_label(s: &str) -> Option<$name> {
                match s { $($label => Some($name::$variant),)+ _ => None }
            }

            /// All labels as strings, for messages and suggestions.
            pub fn labels() -> Vec<&'static str> {
                Self::ALL.iter().map(|l| l.as_str()).collect()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

labels! {
    /// Whether an annotation file is scored (§3).
    Status { Draft => "draft", Reviewed => "reviewed" }
}

labels! {
    /// How a number is approximated (§3 `approx`).
    Approx { Over => "over", Nearly => "nearly", About => "about" }
}

labels! {
    /// What a fact counts (§4).
    Metric {
        Cases => "cases",
        Suspects => "suspects",
        Penalized => "penalized",
        Assisted => "assisted",
        Groups => "groups",
        Organizations => "organizations",
        Accounts => "accounts",
        Information => "information",
        Items => "items",
        Money => "money",
        Actions => "actions",
        Other => "other",
    }
}

labels! {
    /// The crime or issue a fact is about (§5).
    Category {
        Fraud => "fraud",
        Gambling => "gambling",
        Pornography => "pornography",
        Drugs => "drugs",
        Weapons => "weapons",
        Hacking => "hacking",
        PersonalData => "personal_data",
        Rumors => "rumors",
        WaterArmy => "water_army",
        ExamCheating => "exam_cheating",
        Surveillance => "surveillance",
        BlackIndustry => "black_industry",
        Minors => "minors",
        NetworkSecurity => "network_security",
    }
}

mod fields;
pub use fields::{Attribute, FactField};

/// An exact decimal read from YAML or JSON.
///
/// YAML parsers hand plain scalars like `171.3` over as floats; a float with
/// at most 15 significant digits prints back to the same text, so going
/// through its shortest representation keeps the value exact for every
/// number an annotator types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Number(pub Decimal);

impl Number {
    /// Parses a plain decimal such as `37000`, `171.3` or `-20`.
    pub fn parse(s: &str) -> Option<Number> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        Decimal::from_str(s)
            .or_else(|_| Decimal::from_scientific(s))
            .ok()
            .map(|d| Number(d.normalize()))
    }

    /// Converts a float whose shortest representation is the intended decimal.
    pub fn from_f64(f: f64) -> Option<Number> {
        if !f.is_finite() {
            return None;
        }
        Number::parse(&format!("{f}"))
    }

    /// Plain decimal text without exponent or trailing zeros: `196000000`, `171.3`.
    pub fn to_plain(self) -> String {
        self.0.normalize().to_string()
    }

    /// The number as a JSON number; exact for integers and for decimals of
    /// up to 15 significant digits, which covers every count and percentage.
    pub fn to_json(self) -> serde_json::Value {
        let d = self.0.normalize();
        if d.scale() == 0 {
            if let Ok(i) = i64::try_from(d.mantissa()) {
                return serde_json::Value::from(i);
            }
        }
        match f64::from_str(&d.to_string()) {
            Ok(f) => serde_json::Number::from_f64(f)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Err(_) => serde_json::Value::Null,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_plain())
    }
}

impl From<Decimal> for Number {
    fn from(d: Decimal) -> Self {
        Number(d.normalize())
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Self {
        Number(Decimal::from(i))
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a plain decimal number such as 37000 or 171.3")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::from(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number(Decimal::from(v)))
            }
            fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Number, E> {
                Decimal::try_from_i128_with_scale(v, 0)
                    .map(Number)
                    .map_err(|_| E::custom("number too large"))
            }
            fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Number, E> {
                i128::try_from(v)
                    .ok()
                    .and_then(|v| Decimal::try_from_i128_with_scale(v, 0).ok())
                    .map(Number)
                    .ok_or_else(|| E::custom("number too large"))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Number, E> {
                Number::from_f64(v).ok_or_else(|| E::custom("not a finite decimal number"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Number, E> {
                Number::parse(v)
                    .ok_or_else(|| E::custom(format!("`{v}` is not a plain decimal number")))
            }
        }
        d.deserialize_any(V)
    }
}

/// The keys of an annotation file, in the guide's order (§3). The validator
/// and the fast YAML reader both check keys against these lists.
pub const TOP_KEYS: &[&str] = &["status", "document", "facts"];
pub const DOCUMENT_KEYS: &[&str] = &["region", "campaign"];
/// Fact keys, in the guide's order; `span` is for predictions only.
pub const FACT_KEYS: &[&str] = FactField::LABELS;

/// The document-level fields (§3 "Document fields").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentFields {
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub campaign: Option<String>,
}

/// One fact (§3 "Fact fields"); `span` appears only in predictions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub quote: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurrence: Option<u32>,
    pub value: Option<Number>,
    pub unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approx: Option<Approx>,
    pub metric: Metric,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Number>,
    /// Character offsets `[start, end)` into the source; authoritative when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
}

/// A whole annotation or prediction file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnotationFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(default)]
    pub document: DocumentFields,
    #[serde(default)]
    pub facts: Vec<Fact>,
}

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
            for field in FactField::ALL {
                if let Some(text) = field.yaml(fact) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_stay_exact() {
        let f: AnnotationFile = serde_saphyr::from_str(
            "facts:\n  - quote: q\n    value: 196000000\n    unit: 元\n    metric: money\n    change: 171.3\n",
        )
        .unwrap();
        assert_eq!(f.facts[0].value, Number::parse("196000000"));
        assert_eq!(f.facts[0].change.unwrap().to_plain(), "171.3");
    }

    #[test]
    fn yaml_round_trips() {
        let file = AnnotationFile {
            status: Some(Status::Reviewed),
            document: DocumentFields {
                region: Some("四川省".into()),
                campaign: None,
            },
            facts: vec![Fact {
                quote: "抓获犯罪嫌疑人8707人: x".into(),
                occurrence: Some(2),
                value: Number::parse("8707"),
                unit: "人".into(),
                approx: Some(Approx::Over),
                metric: Metric::Suspects,
                category: Some(Category::PersonalData),
                change: Number::parse("-20.5"),
                span: Some([3, 9]),
            }],
        };
        let back: AnnotationFile = serde_saphyr::from_str(&file.to_yaml(&["header"])).unwrap();
        assert_eq!(back, file);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let r: Result<AnnotationFile, _> = serde_saphyr::from_str("facts: []\nregion: x\n");
        assert!(r.is_err());
    }
}
