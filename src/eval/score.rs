//! The scorer of §6: per-document counts and their micro-averaged totals.
//!
//! Everything here is a pure function over facts already placed in their
//! source (`load::PlacedFact`), so scoring can be tested without files.
//!
//! Conventions where the guide leaves a ratio undefined:
//! - precision is 0 when nothing was predicted, recall 0 when there is no
//!   gold fact, F1 0 when precision and recall are both 0;
//! - an attribute share over zero pairs, and a document-field share over
//!   zero documents, has no value (`None`: `null` in JSON, `–` in tables).

use crate::annotation::load::PlacedFact;
use crate::eval::align::{align, Pair};
use crate::model::{Attribute, DocumentFields, Fact, Metric};
use serde::Serialize;
use std::collections::BTreeMap;

/// One side (gold or predicted) of a document.
#[derive(Clone, Debug, Default)]
pub struct Side {
    pub fields: DocumentFields,
    pub facts: Vec<PlacedFact>,
}

/// A document to score: its name, whether its annotation is a draft, and
/// both sides.
#[derive(Clone, Debug, Default)]
pub struct DocumentInput {
    pub name: String,
    /// Not reviewed (a draft, or no status): listed as pending, not scored.
    pub draft: bool,
    pub gold: Side,
    pub predicted: Side,
}

/// Detection counts and the ratios derived from them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.predicted).unwrap_or(0.0)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.gold).unwrap_or(0.0)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: &Counts) {
        self.tp += other.tp;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Counts", 6)?;
        st.serialize_field("tp", &self.tp)?;
        st.serialize_field("predicted", &self.predicted)?;
        st.serialize_field("gold", &self.gold)?;
        st.serialize_field("precision", &self.precision())?;
        st.serialize_field("recall", &self.recall())?;
        st.serialize_field("f1", &self.f1())?;
        st.end()
    }
}

/// How many of `total` compared things were equal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Agreement {
    pub equal: usize,
    pub total: usize,
}

impl Agreement {
    /// The share of equal things; `None` when nothing was compared.
    pub fn share(&self) -> Option<f64> {
        ratio(self.equal, self.total)
    }

    fn count(&mut self, equal: bool) {
        self.total += 1;
        self.equal += usize::from(equal);
    }

    fn add(&mut self, other: &Agreement) {
        self.equal += other.equal;
        self.total += other.total;
    }
}

impl Serialize for Agreement {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.share().serialize(s)
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// Agreement on each attribute over the pairs, in the order of
/// [`Attribute::ALL`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Attributes(pub [Agreement; Attribute::COUNT]);

impl Attributes {
    fn add(&mut self, other: &Attributes) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            a.add(b);
        }
    }

    /// `(name, agreement)` for each attribute.
    pub fn named(&self) -> impl Iterator<Item = (&'static str, Agreement)> + '_ {
        Attribute::ALL
            .iter()
            .zip(&self.0)
            .map(|(attribute, a)| (attribute.as_str(), *a))
    }
}

impl Serialize for Attributes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(Attribute::COUNT))?;
        for (name, a) in self.named() {
            m.serialize_entry(name, &a)?;
        }
        m.end()
    }
}

/// Agreement on the document fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DocumentAgreement {
    pub region: Agreement,
    pub campaign: Agreement,
}

impl DocumentAgreement {
    fn add(&mut self, other: &DocumentAgreement) {
        self.region.add(&other.region);
        self.campaign.add(&other.campaign);
    }
}

/// Per-metric detection counts, one entry for every label of §4.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricCounts(pub BTreeMap<Metric, Counts>);

impl Default for MetricCounts {
    fn default() -> Self {
        MetricCounts(
            Metric::ALL
                .iter()
                .map(|&m| (m, Counts::default()))
                .collect(),
        )
    }
}

impl MetricCounts {
    fn add(&mut self, other: &MetricCounts) {
        for (m, c) in &other.0 {
            self.0.entry(*m).or_default().add(c);
        }
    }
}

impl Serialize for MetricCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (metric, c) in &self.0 {
            m.serialize_entry(metric.as_str(), c)?;
        }
        m.end()
    }
}

/// Everything §6 counts, for one document or summed over many.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    pub facts: Counts,
    pub strict: Counts,
    pub attributes: Attributes,
    pub metrics: MetricCounts,
    pub document_fields: DocumentAgreement,
}

impl Scores {
    fn add(&mut self, other: &Scores) {
        self.facts.add(&other.facts);
        self.strict.add(&other.strict);
        self.attributes.add(&other.attributes);
        self.metrics.add(&other.metrics);
        self.document_fields.add(&other.document_fields);
    }
}

/// One scored document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentScore {
    pub name: String,
    #[serde(flatten)]
    pub scores: Scores,
}

/// The micro-averaged result over a set of documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// Number of scored documents.
    pub documents: usize,
    /// Drafts: listed, not scored.
    pub pending: Vec<String>,
    #[serde(flatten)]
    pub totals: Scores,
    pub by_document: Vec<DocumentScore>,
}

/// Scores one document against its gold side (drafts included: skipping
/// them is the caller's choice, see [`score`]).
pub fn score_document(doc: &DocumentInput) -> DocumentScore {
    let (predicted, gold) = (&doc.predicted.facts, &doc.gold.facts);
    let pairs = align(predicted, gold);
    let facts = Counts {
        tp: pairs.len(),
        predicted: predicted.len(),
        gold: gold.len(),
    };
    let strict_tp = pairs
        .iter()
        .filter(|p| all_attributes_equal(&fact_pair(doc, p)))
        .count();
    let mut attributes = Attributes::default();
    for p in &pairs {
        let (pf, gf) = fact_pair(doc, p);
        for (agreement, attribute) in attributes.0.iter_mut().zip(Attribute::ALL) {
            agreement.count(attribute.equal(pf, gf));
        }
    }
    let (gd, pd) = (&doc.gold.fields, &doc.predicted.fields);
    let mut document_fields = DocumentAgreement::default();
    document_fields.region.count(gd.region == pd.region);
    document_fields.campaign.count(gd.campaign == pd.campaign);
    let scores = Scores {
        facts,
        strict: Counts {
            tp: strict_tp,
            ..facts
        },
        attributes,
        metrics: metric_counts(predicted, gold, &pairs),
        document_fields,
    };
    DocumentScore {
        name: doc.name.clone(),
        scores,
    }
}

fn fact_pair<'a>(doc: &'a DocumentInput, p: &Pair) -> (&'a Fact, &'a Fact) {
    (
        &doc.predicted.facts[p.predicted].fact,
        &doc.gold.facts[p.gold].fact,
    )
}

fn all_attributes_equal((a, b): &(&Fact, &Fact)) -> bool {
    Attribute::ALL.iter().all(|attribute| attribute.equal(a, b))
}

fn metric_counts(predicted: &[PlacedFact], gold: &[PlacedFact], pairs: &[Pair]) -> MetricCounts {
    let mut counts = MetricCounts::default();
    for f in predicted {
        counts.0.entry(f.fact.metric).or_default().predicted += 1;
    }
    for f in gold {
        counts.0.entry(f.fact.metric).or_default().gold += 1;
    }
    for p in pairs {
        let (pm, gm) = (predicted[p.predicted].fact.metric, gold[p.gold].fact.metric);
        if pm == gm {
            counts.0.entry(pm).or_default().tp += 1;
        }
    }
    counts
}

/// Sums already-scored documents into a report (micro-averaging: counts are
/// summed before any ratio is taken).
pub fn total(by_document: Vec<DocumentScore>, pending: Vec<String>) -> Report {
    let mut totals = Scores::default();
    for d in &by_document {
        totals.add(&d.scores);
    }
    Report {
        documents: by_document.len(),
        pending,
        totals,
        by_document,
    }
}

/// Scores every reviewed document; drafts are listed as pending.
pub fn score(docs: &[DocumentInput]) -> Report {
    let pending = docs
        .iter()
        .filter(|d| d.draft)
        .map(|d| d.name.clone())
        .collect();
    let scored = docs
        .iter()
        .filter(|d| !d.draft)
        .map(score_document)
        .collect();
    total(scored, pending)
}
