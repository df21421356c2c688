//! The fields of a fact (§3 "Fact fields") and the attributes scoring
//! compares (§6), each declared once. The writer, the fast YAML reader, the
//! validator, the scorer, the alignment, the exports and `diff` iterate these
//! lists instead of spelling the fields out: adding an attribute is a line
//! here, a field of [`Fact`], and its parsing.

use super::fact::Fact;
use std::fmt;

labels! {
    /// Every key a fact may have, in the guide's order.
    FactField {
        Quote => "quote",
        Occurrence => "occurrence",
        Value => "value",
        Unit => "unit",
        Approx => "approx",
        Metric => "metric",
        Category => "category",
        Change => "change",
        Span => "span",
    }
}

labels! {
    /// The attributes of a fact compared by scoring (§6), in the guide's order.
    Attribute {
        Unit => "unit",
        Approx => "approx",
        Metric => "metric",
        Category => "category",
        Change => "change",
    }
}

/// Fact keys, in the guide's order; `span` is for predictions only.
pub const FACT_KEYS: &[&str] = FactField::LABELS;

impl FactField {
    /// Whether every fact must give the field (§3's "required" column).
    pub const fn required(self) -> bool {
        matches!(
            self,
            FactField::Quote | FactField::Value | FactField::Unit | FactField::Metric
        )
    }

    /// The scored attribute this field is, if it is one.
    pub fn attribute(self) -> Option<Attribute> {
        Attribute::from_label(self.as_str())
    }
}

impl Attribute {
    /// Whether two facts agree on the attribute (two absent values agree).
    pub fn equal(self, a: &Fact, b: &Fact) -> bool {
        match self {
            Attribute::Unit => a.unit == b.unit,
            Attribute::Approx => a.approx == b.approx,
            Attribute::Metric => a.metric == b.metric,
            Attribute::Category => a.category == b.category,
            Attribute::Change => a.change == b.change,
        }
    }

    /// The attribute's value as text, `None` when the fact has none.
    pub fn value(self, f: &Fact) -> Option<String> {
        match self {
            Attribute::Unit => Some(f.unit.clone()),
            Attribute::Approx => f.approx.map(|a| a.to_string()),
            Attribute::Metric => Some(f.metric.to_string()),
            Attribute::Category => f.category.map(|c| c.to_string()),
            Attribute::Change => f.change.map(|c| c.to_plain()),
        }
    }

    /// The number of attributes, for per-attribute arrays.
    pub const COUNT: usize = Attribute::ALL.len();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_attribute_is_a_field_and_required_fields_are_the_guides() {
        for a in Attribute::ALL {
            assert_eq!(
                FactField::from_label(a.as_str()).and_then(FactField::attribute),
                Some(*a)
            );
        }
        let required: Vec<&str> = FactField::ALL
            .iter()
            .filter(|f| f.required())
            .map(|f| f.as_str())
            .collect();
        assert_eq!(required, ["quote", "value", "unit", "metric"]);
    }
}
