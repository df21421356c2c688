//! Facts, document fields and whole annotation files (§3): one type serves
//! ground truth and predictions.

use super::labels::{Approx, Category, Metric, Status};
use super::number::Number;
use serde::{Deserialize, Serialize};

/// The keys of an annotation file, in the guide's order (§3). The validator
/// and the fast YAML reader both check keys against these lists.
pub const TOP_KEYS: &[&str] = &["status", "document", "facts"];
pub const DOCUMENT_KEYS: &[&str] = &["region", "campaign"];

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
