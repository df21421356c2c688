//! Facts, document fields and whole annotation files (§3): one type serves
//! ground truth and predictions.

use super::labels::{Approx, Category, Metric, Status};
use super::number::Number;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The keys of an annotation file, in the guide's order (§3). The validator
/// and the fast YAML reader both check keys against these lists.
pub const TOP_KEYS: &[&str] = &["status", "document", "facts"];
pub const DOCUMENT_KEYS: &[&str] = &["region", "campaign"];

/// The document-level fields (§3 "Document fields").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentFields {
    /// The jurisdiction whose police report the figures, in Simplified
    /// characters and full official form (四川省, 长治市; 全国 for national
    /// figures); null when the article does not say (guide §3).
    #[serde(default)]
    pub region: Option<String>,
    /// The most specific named campaign whose results the article as a whole
    /// reports (净网2022), without quotation marks; null when none (guide §3).
    #[serde(default)]
    pub campaign: Option<String>,
}

/// One fact (§3 "Fact fields"); `span` appears only in predictions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = value_required)]
pub struct Fact {
    /// An exact substring of the source holding the number, its unit and the
    /// words that say what is counted; at most about 40 characters (guide §3).
    pub quote: String,
    /// Which occurrence of the quote in the source is meant, from 1, when it
    /// occurs more than once (guide §3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub occurrence: Option<u32>,
    /// The number as a plain decimal after applying 万 and 亿 (3.7万余条 →
    /// 37000); null when a digit is illegible (guide §3).
    pub value: Option<Number>,
    /// The measure word after the number, in Simplified characters, without
    /// 万 or 亿; money in 元 (guide §3).
    pub unit: String,
    /// `over`, `nearly` or `about`; left out when the number is exact (guide §3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approx: Option<Approx>,
    /// What is counted (guide §4).
    pub metric: Metric,
    /// The crime or issue the figure is about; left out for general totals
    /// (guide §5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// The year-over-year (同比) change in percent, signed: 同比下降20% → -20
    /// (guide §3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Number>,
    /// Character offsets `[start, end)` into the source; authoritative when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
}

impl Fact {
    /// A fact with only its quote: no value, no unit, no labels beyond
    /// `metric: other`. Readers fill it in field by field.
    pub fn quoting(quote: String) -> Fact {
        Fact {
            quote,
            occurrence: None,
            value: None,
            unit: String::new(),
            approx: None,
            metric: Metric::Other,
            category: None,
            change: None,
            span: None,
        }
    }
}

/// A whole annotation or prediction file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = status_required)]
pub struct AnnotationFile {
    /// `draft` while writing, `reviewed` once checked; only reviewed files are
    /// scored (guide §3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(default)]
    pub document: DocumentFields,
    /// The facts, in the order of their place in the source (guide §3).
    #[serde(default)]
    pub facts: Vec<Fact>,
}

/// Annotation files must give their `status` (§3), `draft` or `reviewed`;
/// the model leaves it optional only because prediction files share the
/// type, and the schema describes annotation files.
fn status_required(schema: &mut schemars::Schema) {
    require(schema, "status");
    if let Some(alternatives) = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut("status"))
        .and_then(|s| s.get_mut("anyOf"))
        .and_then(|a| a.as_array_mut())
    {
        alternatives.retain(|a| a.get("type").is_none_or(|t| t != "null"));
    }
}

/// Every fact gives its `value` (§3), null when a digit is illegible; the
/// model reads a missing value as null, the schema asks for it.
fn value_required(schema: &mut schemars::Schema) {
    require(schema, "value");
}

/// Adds `key` to the schema's required properties.
fn require(schema: &mut schemars::Schema, key: &str) {
    if let Some(required) = schema
        .ensure_object()
        .entry("required")
        .or_insert_with(|| serde_json::Value::Array(Vec::new()))
        .as_array_mut()
    {
        if !required.iter().any(|r| r == key) {
            required.push(key.into());
        }
    }
}
