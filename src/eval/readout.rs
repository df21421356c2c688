//! One document's comparison of ground truth and predictions as plain text,
//! one line per fact: the golden snapshots keep it for every reviewed
//! document, so a change to the extractor or to an annotation shows as the
//! lines of that document that changed.
//!
//! The text holds what scoring reads (guide §6) and nothing that moves when
//! something unrelated changes: the document's fact scores, its document
//! fields, each gold fact in source order marked as matched, matched with
//! attribute differences (`gold → predicted`) or missed, and each spurious
//! prediction. Facts are shown by the source line they start on and the gold
//! quote (the prediction's quote for a spurious fact); the extractor's own
//! quote of a matched fact is not shown, since where a quote starts is not
//! scored.

use crate::annotation::load::PlacedFact;
use crate::eval::compare::{differences, shown, summary, Comparison};
use crate::eval::score::{score_document, Counts, DocumentInput};
use crate::text::locate::Text;
use std::fmt::Write;

/// How each fact is marked, padded to one width so the quotes line up.
const MATCHED: &str = "matched ";
const DIFFERS: &str = "differs ";
const MISSED: &str = "missed  ";
const SPURIOUS: &str = "spurious";

/// The comparison of one document's gold and predicted sides.
pub fn comparison_text(text: &Text, doc: &DocumentInput) -> String {
    let (gold, predicted) = (&doc.gold.facts, &doc.predicted.facts);
    let comparison = Comparison::new(gold, predicted);
    let score = score_document(doc).scores;
    let mut out = String::new();
    let _ = writeln!(out, "document  {}", doc.name);
    let _ = writeln!(out, "facts     {}", counts(&score.facts));
    let _ = writeln!(out, "strict    {}", counts(&score.strict));
    let fields = [
        (
            "region",
            &doc.gold.fields.region,
            &doc.predicted.fields.region,
        ),
        (
            "campaign",
            &doc.gold.fields.campaign,
            &doc.predicted.fields.campaign,
        ),
    ];
    for (name, g, p) in fields {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "null".into());
        let line = if g == p {
            format!("equal: {}", show(g))
        } else {
            format!("differs: {} → {}", show(g), show(p))
        };
        let _ = writeln!(out, "{name:<9} {line}");
    }
    let _ = writeln!(out, "\ngold facts in source order ({})", gold.len());
    let mut by_span: Vec<usize> = (0..gold.len()).collect();
    by_span.sort_by_key(|&i| gold[i].span);
    for i in by_span {
        let g = &gold[i];
        let line = match comparison.partner_of_gold(i) {
            None => fact_line(MISSED, text, g),
            Some(p) => {
                let diffs: Vec<String> = differences(&g.fact, &predicted[p].fact)
                    .into_iter()
                    .map(|a| {
                        format!(
                            "{a} {} → {}",
                            shown(a, &g.fact),
                            shown(a, &predicted[p].fact)
                        )
                    })
                    .collect();
                if diffs.is_empty() {
                    fact_line(MATCHED, text, g)
                } else {
                    format!("{} | {}", fact_line(DIFFERS, text, g), diffs.join("; "))
                }
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    let spurious = comparison.spurious();
    let _ = writeln!(out, "\nspurious predictions ({})", spurious.len());
    for f in spurious {
        out.push_str(&fact_line(SPURIOUS, text, f));
        out.push('\n');
    }
    out
}

/// `P 0.950  R 0.905  F1 0.927  (tp 19, predicted 20, gold 21)`.
fn counts(c: &Counts) -> String {
    format!(
        "P {:.3}  R {:.3}  F1 {:.3}  (tp {}, predicted {}, gold {})",
        c.precision(),
        c.recall(),
        c.f1(),
        c.tp,
        c.predicted,
        c.gold
    )
}

/// `matched  line 3    侦破案件2.4万余起 | 24000 起 approx=over cases`.
fn fact_line(mark: &str, text: &Text, f: &PlacedFact) -> String {
    let (line, _) = text.line_col(f.span.start);
    let quote = f.fact.quote.replace('\r', "").replace('\n', "⏎");
    format!("  {mark} line {line:<4} {quote} | {}", summary(&f.fact))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::score::Side;
    use crate::model::{Fact, Metric, Number};
    use crate::text::locate::Span;

    fn fact(text: &Text, quote: &str, value: &str, metric: Metric) -> PlacedFact {
        let start = text.find_all(quote)[0].start;
        PlacedFact {
            span: Span::new(start, start + quote.chars().count()),
            fact: Fact {
                quote: quote.into(),
                occurrence: None,
                value: Number::parse(value),
                unit: quote.chars().last().unwrap().to_string(),
                approx: None,
                metric,
                category: None,
                change: None,
                span: None,
            },
        }
    }

    /// Renders a two-line document where the gold side has a matched fact,
    /// a fact whose metric differs and a missed one, and the prediction a
    /// spurious one; compares line by line.
    fn check(expected: &[&str]) {
        let text = Text::new("标题\n破获案件12起,抓获嫌疑人30名,查处人员5名。\n关停网站7家。");
        let mut doc = DocumentInput {
            name: "x".into(),
            ..Default::default()
        };
        doc.gold = Side {
            fields: Default::default(),
            facts: vec![
                fact(&text, "破获案件12起", "12", Metric::Cases),
                fact(&text, "抓获嫌疑人30名", "30", Metric::Suspects),
                fact(&text, "查处人员5名", "5", Metric::Penalized),
            ],
        };
        doc.predicted = Side {
            fields: crate::model::DocumentFields {
                region: Some("四川省".into()),
                campaign: None,
            },
            facts: vec![
                fact(&text, "破获案件12起", "12", Metric::Cases),
                fact(&text, "嫌疑人30名", "30", Metric::Penalized),
                fact(&text, "关停网站7家", "7", Metric::Accounts),
            ],
        };
        let got = comparison_text(&text, &doc);
        assert_eq!(got.lines().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn one_line_per_fact() {
        check(&[
            "document  x",
            "facts     P 0.667  R 0.667  F1 0.667  (tp 2, predicted 3, gold 3)",
            "strict    P 0.333  R 0.333  F1 0.333  (tp 1, predicted 3, gold 3)",
            "region    differs: null → 四川省",
            "campaign  equal: null",
            "",
            "gold facts in source order (3)",
            "  matched  line 2    破获案件12起 | 12 起 cases",
            "  differs  line 2    抓获嫌疑人30名 | 30 名 suspects | metric suspects → penalized",
            "  missed   line 2    查处人员5名 | 5 名 penalized",
            "",
            "spurious predictions (1)",
            "  spurious line 3    关停网站7家 | 7 家 accounts",
        ]);
    }
}
