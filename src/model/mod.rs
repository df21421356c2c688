//! The annotation data model of the guide, format version 1: label enums,
//! exact numbers, facts and files, the fields of a fact and the attributes
//! scoring compares, the YAML writer, and the format's JSON Schema.
//!
//! One type serves both ground truth and predictions: a prediction is an
//! annotation file whose facts carry `span` and whose `status` may be absent.
//! Values are exact decimals (`rust_decimal`), never floats, so `1.96亿` is
//! exactly 196000000 and `171.3` stays 171.3.
//!
//! **Invariant:** values are exact decimals; a float never stands for a value.

#[macro_use]
mod labels;
mod fact;
mod fields;
mod number;
pub mod schema;
mod yaml;

pub use fact::{AnnotationFile, DocumentFields, Fact, DOCUMENT_KEYS, TOP_KEYS};
pub use fields::{Attribute, FactField, FACT_KEYS};
pub use labels::{Approx, Category, Metric, Status};
pub use number::Number;
pub use yaml::yaml_str;

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
