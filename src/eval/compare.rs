//! One document's alignment read fact by fact: which gold facts were
//! matched (and on which attributes the pair differs), which were missed,
//! which predictions are spurious. `diff`, the golden comparison snapshots
//! and the review pages all show a document through this one reading.

use crate::annotation::load::PlacedFact;
use crate::eval::align::{align, Pair};
use crate::model::{Attribute, Fact};

/// The outcome of one document's alignment.
pub struct Comparison<'a> {
    pub gold: &'a [PlacedFact],
    pub predicted: &'a [PlacedFact],
    /// The alignment's pairs, sorted by predicted index.
    pub pairs: Vec<Pair>,
    /// For each gold fact, the predicted fact it is paired with.
    gold_partner: Vec<Option<usize>>,
    /// For each predicted fact, the gold fact it is paired with.
    predicted_partner: Vec<Option<usize>>,
}

impl<'a> Comparison<'a> {
    pub fn new(gold: &'a [PlacedFact], predicted: &'a [PlacedFact]) -> Comparison<'a> {
        let pairs = align(predicted, gold);
        let mut gold_partner = vec![None; gold.len()];
        let mut predicted_partner = vec![None; predicted.len()];
        for p in &pairs {
            gold_partner[p.gold] = Some(p.predicted);
            predicted_partner[p.predicted] = Some(p.gold);
        }
        Comparison {
            gold,
            predicted,
            pairs,
            gold_partner,
            predicted_partner,
        }
    }

    /// The predicted fact paired with gold fact `i`, if any.
    pub fn partner_of_gold(&self, i: usize) -> Option<usize> {
        self.gold_partner[i]
    }

    /// The gold fact paired with predicted fact `i`, if any.
    pub fn partner_of_predicted(&self, i: usize) -> Option<usize> {
        self.predicted_partner[i]
    }

    /// The pairs as (gold, predicted) facts, in the gold facts' span order.
    pub fn matched(&self) -> Vec<(&'a PlacedFact, &'a PlacedFact)> {
        let mut by_span: Vec<&Pair> = self.pairs.iter().collect();
        by_span.sort_by_key(|p| self.gold[p.gold].span);
        by_span
            .into_iter()
            .map(|p| (&self.gold[p.gold], &self.predicted[p.predicted]))
            .collect()
    }

    /// Gold facts no prediction is paired with, in span order.
    pub fn missed(&self) -> Vec<&'a PlacedFact> {
        unpaired(self.gold, &self.gold_partner)
    }

    /// Predicted facts paired with no gold fact, in span order.
    pub fn spurious(&self) -> Vec<&'a PlacedFact> {
        unpaired(self.predicted, &self.predicted_partner)
    }
}

fn unpaired<'a>(facts: &'a [PlacedFact], partner: &[Option<usize>]) -> Vec<&'a PlacedFact> {
    let mut v: Vec<&PlacedFact> = facts
        .iter()
        .zip(partner)
        .filter(|(_, p)| p.is_none())
        .map(|(f, _)| f)
        .collect();
    v.sort_by_key(|f| f.span);
    v
}

/// The attributes on which two paired facts differ, in the guide's order.
pub fn differences(gold: &Fact, predicted: &Fact) -> Vec<Attribute> {
    Attribute::ALL
        .iter()
        .copied()
        .filter(|a| !a.equal(gold, predicted))
        .collect()
}

/// An attribute's value for display: `(none)` when the fact has none.
pub fn shown(a: Attribute, f: &Fact) -> String {
    a.value(f).unwrap_or_else(|| "(none)".into())
}

/// The fact's value and attributes on one line, in the guide's key order:
/// `5300 起 approx=over cases category=fraud change=171.3`.
pub fn summary(f: &Fact) -> String {
    let mut parts = vec![
        f.value
            .map_or_else(|| "null".to_string(), |v| v.to_string()),
        f.unit.clone(),
    ];
    for a in Attribute::ALL {
        match (a, a.value(f)) {
            (Attribute::Unit, _) | (_, None) => {}
            (Attribute::Metric, Some(v)) => parts.push(v),
            (_, Some(v)) => parts.push(format!("{a}={v}")),
        }
    }
    parts.join(" ")
}

/// One line per fact, in span order: the canonical form in which both sides
/// of a document are diffed.
pub fn canonical(facts: &[PlacedFact]) -> String {
    let mut sorted: Vec<&PlacedFact> = facts.iter().collect();
    sorted.sort_by(|a, b| {
        a.span
            .cmp(&b.span)
            .then_with(|| summary(&a.fact).cmp(&summary(&b.fact)))
    });
    sorted
        .iter()
        .map(|f| {
            format!(
                "[{}, {}) {}  {}\n",
                f.span.start,
                f.span.end,
                f.fact.quote,
                summary(&f.fact)
            )
        })
        .collect()
}
