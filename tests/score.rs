//! The scorer of guide §6 on hand-made documents, and its invariants on
//! random ones.
//!
//! Facts are written in a one-line shorthand: `START-END VALUE UNIT METRIC
//! [approx] [category] [change]`, e.g. `0-7 5300 起 cases over fraud 171.3`
//! (`null` for an illegible value). A line `@ REGION CAMPAIGN` sets the
//! document fields (`-` for null). Each case's expected result is the
//! summary [`summary`] prints, so a failure shows every figure at once.
//!
//! The alignment is held to a brute-force oracle that tries every pairing
//! of small random documents and compares every key of the alignment's
//! order (pairs, total overlap, strict pairs, agreeing attributes).

use jingwang::annotation::load::PlacedFact;
use jingwang::eval::align::{align, Pair};
use jingwang::eval::score::{score, Agreement, Counts, DocumentInput, Report, Side};
use jingwang::model::{Approx, Attribute, Category, DocumentFields, Fact, Metric, Number};
use jingwang::text::locate::Span;
use proptest::prelude::*;
use serde_json::{json, Value};

struct Doc {
    draft: bool,
    gold: &'static [&'static str],
    predicted: &'static [&'static str],
}

const fn doc(gold: &'static [&'static str], predicted: &'static [&'static str]) -> Doc {
    Doc {
        draft: false,
        gold,
        predicted,
    }
}

const fn draft(gold: &'static [&'static str], predicted: &'static [&'static str]) -> Doc {
    Doc {
        draft: true,
        gold,
        predicted,
    }
}

struct Case {
    name: &'static str,
    docs: &'static [Doc],
    expect: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "identical facts",
        docs: &[doc(&["0-7 5300 起 cases 171.3", "8-20 8707 人 suspects"], &["0-7 5300 起 cases 171.3", "8-20 8707 人 suspects"])],
        expect: "docs=1 pending=[] facts=2/2/2 P=1.000 R=1.000 F1=1.000 strict=2 sF1=1.000 \
                 unit=1.000 approx=1.000 metric=1.000 category=1.000 change=1.000 region=1.000 campaign=1.000 \
                 metrics=[cases 1/1/1, suspects 1/1/1]",
    },
    Case {
        name: "partial overlap is enough to pair",
        docs: &[doc(&["0-10 5300 起 cases"], &["9-14 5300 起 cases"])],
        expect: "docs=1 pending=[] facts=1/1/1 P=1.000 R=1.000 F1=1.000 strict=1 sF1=1.000 \
                 unit=1.000 approx=1.000 metric=1.000 category=1.000 change=1.000 region=1.000 campaign=1.000 \
                 metrics=[cases 1/1/1]",
    },
    Case {
        name: "touching spans do not overlap",
        docs: &[doc(&["0-10 5300 起 cases"], &["10-14 5300 起 cases"])],
        expect: "docs=1 pending=[] facts=0/1/1 P=0.000 R=0.000 F1=0.000 strict=0 sF1=0.000 \
                 unit=– approx=– metric=– category=– change=– region=1.000 campaign=1.000 \
                 metrics=[cases 0/1/1]",
    },
    Case {
        name: "two predictions for one gold fact: one pair, one spurious",
        docs: &[doc(&["0-10 5300 起 cases"], &["0-10 5300 起 cases", "2-6 5300 起 cases"])],
        expect: "docs=1 pending=[] facts=1/2/1 P=0.500 R=1.000 F1=0.667 strict=1 sF1=0.667 \
                 unit=1.000 approx=1.000 metric=1.000 category=1.000 change=1.000 region=1.000 campaign=1.000 \
                 metrics=[cases 1/2/1]",
    },
    Case {
        name: "values must be equal",
        docs: &[doc(&["0-10 5300 起 cases"], &["0-10 5301 起 cases"])],
        expect: "docs=1 pending=[] facts=0/1/1 P=0.000 R=0.000 F1=0.000 strict=0 sF1=0.000 \
                 unit=– approx=– metric=– category=– change=– region=1.000 campaign=1.000 \
                 metrics=[cases 0/1/1]",
    },
    Case {
        name: "values compare as exact decimals, not as text",
        docs: &[doc(&["0-10 1.50 亿元 money", "12-20 0.1 吨 items"], &["0-10 1.5 亿元 money", "12-20 0.10000000000000001 吨 items"])],
        expect: "docs=1 pending=[] facts=1/2/2 P=0.500 R=0.500 F1=0.500 strict=1 sF1=0.500 \
                 unit=1.000 approx=1.000 metric=1.000 category=1.000 change=1.000 region=1.000 campaign=1.000 \
                 metrics=[items 0/1/1, money 1/1/1]",
    },
    Case {
        name: "two nulls are equal, null and a number are not",
        docs: &[doc(&["0-8 null 名 suspects", "10-18 null 起 cases"], &["0-8 null 名 suspects", "10-18 8 起 cases"])],
        expect: "docs=1 pending=[] facts=1/2/2 P=0.500 R=0.500 F1=0.500 strict=1 sF1=0.500 \
                 unit=1.000 approx=1.000 metric=1.000 category=1.000 change=1.000 region=1.000 campaign=1.000 \
                 metrics=[cases 0/1/1, suspects 1/1/1]",
    },
    Case {
        name: "attribute mismatches count per attribute and break strict",
        docs: &[doc(
            &["0-5 10 人 suspects over fraud 12.5", "10-15 20 起 cases", "20-25 30 条 information about", "30-35 40 个 groups gambling", "40-45 50 家 organizations -20"],
            &["0-5 10 名 suspects over fraud 12.5", "10-15 20 起 cases nearly", "20-25 30 条 accounts about", "30-35 40 个 groups", "40-45 50 家 organizations 20"],
        )],
        expect: "docs=1 pending=[] facts=5/5/5 P=1.000 R=1.000 F1=1.000 strict=0 sF1=0.000 \
                 unit=0.800 approx=0.800 metric=0.800 category=0.800 change=0.800 region=1.000 campaign=1.000 \
                 metrics=[cases 1/1/1, suspects 1/1/1, groups 1/1/1, organizations 1/1/1, accounts 0/1/0, information 0/0/1]",
    },
    Case {
        name: "empty documents: nothing to pair, attributes undefined",
        docs: &[doc(&[], &[])],
        expect: "docs=1 pending=[] facts=0/0/0 P=0.000 R=0.000 F1=0.000 strict=0 sF1=0.000 \
                 unit=– approx=– metric=– category=– change=– region=1.000 campaign=1.000 metrics=[]",
    },
    Case {
        name: "nothing predicted",
        docs: &[doc(&["0-5 10 人 suspects"], &[])],
        expect: "docs=1 pending=[] facts=0/0/1 P=0.000 R=0.000 F1=0.000 strict=0 sF1=0.000 \
                 unit=– approx=– metric=– category=– change=– region=1.000 campaign=1.000 \
                 metrics=[suspects 0/0/1]",
    },
    Case {
        name: "drafts are listed as pending and not scored",
        docs: &[doc(&["0-5 10 人 suspects"], &["0-5 10 人 suspects"]), draft(&["0-5 10 人 suspects"], &[])],
        expect: "docs=1 pending=[doc1] facts=1/1/1 P=1.000 R=1.000 F1=1.000 strict=1 sF1=1.000 \
                 unit=1.000 approx=1.000 metric=1.000 category=1.000 change=1.000 region=1.000 campaign=1.000 \
                 metrics=[suspects 1/1/1]",
    },
    Case {
        name: "micro-averaging sums counts before dividing",
        docs: &[
            doc(&["0-5 10 人 suspects"], &["0-5 10 人 suspects"]),
            doc(&["0-5 10 人 suspects"], &["20-25 1 人 suspects", "30-35 2 人 suspects", "40-45 3 人 suspects"]),
        ],
        expect: "docs=2 pending=[] facts=1/4/2 P=0.250 R=0.500 F1=0.333 strict=1 sF1=0.333 \
                 unit=1.000 approx=1.000 metric=1.000 category=1.000 change=1.000 region=1.000 campaign=1.000 \
                 metrics=[suspects 1/4/2]",
    },
    Case {
        name: "greedy in order would pair p0 with g0 and strand p1",
        docs: &[doc(&["0-4 5 人 suspects", "6-10 5 人 suspects"], &["0-10 5 人 suspects", "0-3 5 人 suspects"])],
        expect: "docs=1 pending=[] facts=2/2/2 P=1.000 R=1.000 F1=1.000 strict=2 sF1=1.000 \
                 unit=1.000 approx=1.000 metric=1.000 category=1.000 change=1.000 region=1.000 campaign=1.000 \
                 metrics=[suspects 2/2/2]",
    },
    Case {
        name: "greedy by overlap would take the 8-character pair and lose two",
        docs: &[doc(&["0-2 5 人 suspects", "2-12 5 人 suspects"], &["0-10 5 人 suspects", "8-12 5 人 suspects"])],
        expect: "docs=1 pending=[] facts=2/2/2 P=1.000 R=1.000 F1=1.000 strict=2 sF1=1.000 \
                 unit=1.000 approx=1.000 metric=1.000 category=1.000 change=1.000 region=1.000 campaign=1.000 \
                 metrics=[suspects 2/2/2]",
    },
    Case {
        // Both pairings have two pairs; crossing ones overlap 1+1, straight
        // ones 5+5 and win although their metrics disagree.
        name: "ties in pairs are broken by the larger total overlap",
        docs: &[doc(&["0-5 5 人 cases", "5-10 5 人 suspects"], &["0-6 5 人 suspects", "4-10 5 人 cases"])],
        expect: "docs=1 pending=[] facts=2/2/2 P=1.000 R=1.000 F1=1.000 strict=0 sF1=0.000 \
                 unit=1.000 approx=1.000 metric=0.000 category=1.000 change=1.000 region=1.000 campaign=1.000 \
                 metrics=[cases 0/1/1, suspects 0/1/1]",
    },
    Case {
        // p0 overlaps g0 by 2 characters and g1, its exact copy, by 1: the
        // overlap key comes before the strict one.
        name: "the larger overlap beats a pair agreeing on everything",
        docs: &[doc(&["1-5 null 起 suspects fraud", "3-4 null 起 cases 12"], &["3-5 null 起 cases 12"])],
        expect: "docs=1 pending=[] facts=1/1/2 P=1.000 R=0.500 F1=0.667 strict=0 sF1=0.000 \
                 unit=1.000 approx=1.000 metric=0.000 category=0.000 change=0.000 region=1.000 campaign=1.000 \
                 metrics=[cases 0/1/1, suspects 0/0/1]",
    },
    Case {
        name: "per metric: a pair counts for L only when both facts have L",
        docs: &[doc(&["0-5 5 起 cases", "6-9 7 人 suspects", "10-15 9 人 penalized"], &["0-5 5 起 cases", "6-9 7 人 penalized", "10-15 9 人 penalized"])],
        expect: "docs=1 pending=[] facts=3/3/3 P=1.000 R=1.000 F1=1.000 strict=2 sF1=0.667 \
                 unit=1.000 approx=1.000 metric=0.667 category=1.000 change=1.000 region=1.000 campaign=1.000 \
                 metrics=[cases 1/1/1, suspects 0/0/1, penalized 1/2/1]",
    },
    Case {
        name: "document fields: share of documents equal, null equals null",
        docs: &[
            doc(&["@ 四川省 净网2022"], &["@ 四川省 净网"]),
            doc(&["@ - -"], &["@ - -"]),
            doc(&["@ 甘肃省 -"], &["@ - 净网"]),
            doc(&["@ 全国 昆仑2021"], &["@ 全国 昆仑2021"]),
        ],
        expect: "docs=4 pending=[] facts=0/0/0 P=0.000 R=0.000 F1=0.000 strict=0 sF1=0.000 \
                 unit=– approx=– metric=– category=– change=– region=0.750 campaign=0.500 metrics=[]",
    },
    Case {
        name: "only drafts: nothing scored, shares undefined",
        docs: &[draft(&["0-5 10 人 suspects"], &[])],
        expect: "docs=0 pending=[doc0] facts=0/0/0 P=0.000 R=0.000 F1=0.000 strict=0 sF1=0.000 \
                 unit=– approx=– metric=– category=– change=– region=– campaign=– metrics=[]",
    },
];

#[test]
fn hand_made_cases() {
    let mut failures = Vec::new();
    for case in CASES {
        let inputs: Vec<DocumentInput> = case
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| input(i, d.draft, d.gold, d.predicted))
            .collect();
        let got = summary(&check(&inputs).report);
        let want = case.expect.split_whitespace().collect::<Vec<_>>().join(" ");
        if got != want {
            failures.push(format!("{}\n  want: {want}\n  got:  {got}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What [`check`] hands back: the report, and the alignment of each
/// scored document (in the report's order).
struct Checked {
    report: Report,
    alignments: Vec<Vec<Pair>>,
}

/// The only caller of the scorer and of the alignment. Checks what must
/// hold of every report and every alignment (whatever the case), then hands
/// both back for case-specific checks.
fn check(docs: &[DocumentInput]) -> Checked {
    let report = score(docs);
    let t = &report.totals;
    assert!(
        t.facts.tp <= t.facts.predicted.min(t.facts.gold),
        "tp beyond predicted or gold: {:?}",
        t.facts
    );
    assert!(t.strict.tp <= t.facts.tp, "strict tp beyond tp");
    assert_eq!(report.documents + report.pending.len(), docs.len());
    let tp_sum: usize = report.by_document.iter().map(|d| d.scores.facts.tp).sum();
    assert_eq!(tp_sum, t.facts.tp, "totals are the sum of the documents");
    let metric_tp: usize = t.metrics.0.values().map(|c| c.tp).sum();
    assert!(metric_tp <= t.facts.tp);
    let scored: Vec<&DocumentInput> = docs.iter().filter(|d| !d.draft).collect();
    assert_eq!(scored.len(), report.by_document.len());
    let mut alignments = Vec::new();
    for (doc, scores) in scored.iter().zip(&report.by_document) {
        let (predicted, gold) = (&doc.predicted.facts, &doc.gold.facts);
        let pairs = align(predicted, gold);
        let indexes: Vec<(usize, usize)> = pairs.iter().map(|p| (p.predicted, p.gold)).collect();
        let k = key(predicted, gold, &indexes);
        for (pair, (p, g)) in pairs.iter().zip(&indexes) {
            assert_eq!(
                Some(pair.overlap),
                pairable(&predicted[*p], &gold[*g]),
                "pair {pair:?} of {}: not pairable, or a wrong overlap",
                doc.name
            );
        }
        assert!(
            pairs.windows(2).all(|w| w[0].predicted < w[1].predicted),
            "pairs of {} not sorted by predicted index, or a prediction paired twice: {pairs:?}",
            doc.name
        );
        let mut golds: Vec<usize> = pairs.iter().map(|p| p.gold).collect();
        golds.sort_unstable();
        golds.dedup();
        assert_eq!(
            golds.len(),
            pairs.len(),
            "a gold fact paired twice: {pairs:?}"
        );
        let s = &scores.scores;
        assert_eq!(
            s.facts.tp, k.pairs,
            "{}: tp is not the number of pairs",
            doc.name
        );
        assert_eq!(
            (s.facts.predicted, s.facts.gold),
            (predicted.len(), gold.len())
        );
        assert_eq!(s.strict.tp, k.strict, "{}: strict tp", doc.name);
        let equal: usize = s.attributes.0.iter().map(|a| a.equal).sum();
        assert_eq!(equal, k.agreeing, "{}: agreeing attributes", doc.name);
        assert!(s.attributes.0.iter().all(|a| a.total == k.pairs));
        alignments.push(pairs);
    }
    json_agrees(&report);
    Checked { report, alignments }
}

/// The report's JSON (what `report --format json` prints) holds the same
/// figures as the report.
fn json_agrees(report: &Report) {
    let json = serde_json::to_value(report).expect("a report serialises");
    let counts = |c: &Counts| {
        json!({"tp": c.tp, "predicted": c.predicted, "gold": c.gold,
               "precision": c.precision(), "recall": c.recall(), "f1": c.f1()})
    };
    let share = |a: &Agreement| json!(a.share());
    let t = &report.totals;
    let mut want = json!({
        "documents": report.documents,
        "pending": report.pending,
        "facts": counts(&t.facts),
        "strict": counts(&t.strict),
        "attributes": {},
        "metrics": {},
        "document_fields": {
            "region": share(&t.document_fields.region),
            "campaign": share(&t.document_fields.campaign),
        },
    });
    for (name, a) in t.attributes.named() {
        want["attributes"][name] = share(&a);
    }
    for (metric, c) in &t.metrics.0 {
        want["metrics"][metric.as_str()] = counts(c);
    }
    let by_document: Vec<Value> = report
        .by_document
        .iter()
        .map(|d| json!({"name": d.name, "facts": counts(&d.scores.facts), "strict": counts(&d.scores.strict)}))
        .collect();
    let mut got = json.clone();
    let got_documents = got
        .as_object_mut()
        .and_then(|o| o.remove("by_document"))
        .expect("by_document in the report's JSON");
    assert_eq!(got, want, "the report's JSON");
    let got_documents: Vec<Value> = got_documents
        .as_array()
        .expect("by_document is a list")
        .iter()
        .map(|d| json!({"name": d["name"], "facts": d["facts"], "strict": d["strict"]}))
        .collect();
    assert_eq!(got_documents, by_document, "the documents' JSON");
}

/// Every figure of a report on one line.
fn summary(r: &Report) -> String {
    let t = &r.totals;
    let share = |s: Option<f64>| s.map_or_else(|| "–".to_string(), |x| format!("{x:.3}"));
    let f = &t.facts;
    let mut out = format!(
        "docs={} pending=[{}] facts={}/{}/{} P={:.3} R={:.3} F1={:.3} strict={} sF1={:.3}",
        r.documents,
        r.pending.join(","),
        f.tp,
        f.predicted,
        f.gold,
        f.precision(),
        f.recall(),
        f.f1(),
        t.strict.tp,
        t.strict.f1()
    );
    for (name, a) in t.attributes.named() {
        out.push_str(&format!(" {name}={}", share(a.share())));
    }
    let d = &t.document_fields;
    out.push_str(&format!(
        " region={} campaign={}",
        share(d.region.share()),
        share(d.campaign.share())
    ));
    let metrics: Vec<String> = t
        .metrics
        .0
        .iter()
        .filter(|(_, c)| c.predicted + c.gold > 0)
        .map(|(m, c)| format!("{m} {}/{}/{}", c.tp, c.predicted, c.gold))
        .collect();
    out.push_str(&format!(" metrics=[{}]", metrics.join(", ")));
    out
}

fn input(i: usize, draft: bool, gold: &[&str], predicted: &[&str]) -> DocumentInput {
    DocumentInput {
        name: format!("doc{i}"),
        draft,
        gold: side(gold),
        predicted: side(predicted),
    }
}

fn side(lines: &[&str]) -> Side {
    let mut side = Side::default();
    for line in lines {
        match line.strip_prefix("@ ") {
            Some(fields) => side.fields = document_fields(fields),
            None => side.facts.push(fact(line)),
        }
    }
    side
}

fn document_fields(s: &str) -> DocumentFields {
    let mut words = s
        .split_whitespace()
        .map(|w| (w != "-").then(|| w.to_string()));
    DocumentFields {
        region: words.next().flatten(),
        campaign: words.next().flatten(),
    }
}

/// Reads the shorthand `START-END VALUE UNIT METRIC [approx] [category] [change]`.
fn fact(s: &str) -> PlacedFact {
    let words: Vec<&str> = s.split_whitespace().collect();
    let (start, end) = words[0].split_once('-').expect("span START-END");
    let mut fact = Fact {
        quote: String::new(),
        occurrence: None,
        value: if words[1] == "null" {
            None
        } else {
            Some(Number::parse(words[1]).expect("value"))
        },
        unit: words[2].to_string(),
        approx: None,
        metric: Metric::from_label(words[3]).expect("metric label"),
        category: None,
        change: None,
        span: None,
    };
    for w in &words[4..] {
        if let Some(a) = Approx::from_label(w) {
            fact.approx = Some(a);
        } else if let Some(c) = Category::from_label(w) {
            fact.category = Some(c);
        } else {
            fact.change =
                Some(Number::parse(w).unwrap_or_else(|| panic!("unknown word `{w}` in `{s}`")));
        }
    }
    PlacedFact {
        span: Span::new(start.parse().unwrap(), end.parse().unwrap()),
        fact,
    }
}

// ---- invariants on random documents ----

fn arb_fact() -> impl Strategy<Value = PlacedFact> {
    let values = prop::sample::select(vec![None, Some(1i64), Some(2), Some(30)]);
    let metrics = prop::sample::select(vec![Metric::Cases, Metric::Suspects, Metric::Money]);
    let units = prop::sample::select(vec!["起", "人"]);
    let approx = prop::option::of(prop::sample::select(vec![Approx::Over, Approx::About]));
    let category = prop::option::of(prop::sample::select(vec![
        Category::Fraud,
        Category::Gambling,
    ]));
    let change = prop::option::of(prop::sample::select(vec![12i64, -20]));
    (
        0usize..40,
        1usize..8,
        values,
        units,
        metrics,
        approx,
        category,
        change,
    )
        .prop_map(
            |(start, len, value, unit, metric, approx, category, change)| PlacedFact {
                span: Span::new(start, start + len),
                fact: Fact {
                    quote: String::new(),
                    occurrence: None,
                    value: value.map(Number::from),
                    unit: unit.to_string(),
                    approx,
                    metric,
                    category,
                    change: change.map(Number::from),
                    span: None,
                },
            },
        )
}

fn arb_facts() -> impl Strategy<Value = Vec<PlacedFact>> {
    prop::collection::vec(arb_fact(), 0..12)
}

fn one_doc(gold: &[PlacedFact], predicted: &[PlacedFact]) -> Vec<DocumentInput> {
    vec![DocumentInput {
        name: "random".into(),
        draft: false,
        gold: Side {
            fields: DocumentFields::default(),
            facts: gold.to_vec(),
        },
        predicted: Side {
            fields: DocumentFields::default(),
            facts: predicted.to_vec(),
        },
    }]
}

proptest! {
    #[test]
    fn swapping_sides_swaps_precision_and_recall(gold in arb_facts(), predicted in arb_facts()) {
        let a = check(&one_doc(&gold, &predicted)).report.totals;
        let b = check(&one_doc(&predicted, &gold)).report.totals;
        prop_assert_eq!(a.facts.tp, b.facts.tp);
        prop_assert_eq!(a.facts.precision(), b.facts.recall());
        prop_assert_eq!(a.facts.recall(), b.facts.precision());
        prop_assert_eq!(a.strict.tp, b.strict.tp);
    }

    #[test]
    fn gold_against_itself_is_perfect(gold in prop::collection::vec(arb_fact(), 1..12)) {
        let t = check(&one_doc(&gold, &gold)).report.totals;
        prop_assert_eq!(t.facts.precision(), 1.0);
        prop_assert_eq!(t.facts.recall(), 1.0);
        prop_assert_eq!(t.strict.f1(), 1.0);
        for (_, a) in t.attributes.named() {
            prop_assert_eq!(a.share(), Some(1.0));
        }
    }

    #[test]
    fn pairs_never_exceed_either_side(gold in arb_facts(), predicted in arb_facts()) {
        let t = check(&one_doc(&gold, &predicted)).report.totals;
        prop_assert!(t.facts.tp <= t.facts.predicted.min(t.facts.gold));
        prop_assert!(t.strict.tp <= t.facts.tp);
    }

    #[test]
    fn the_alignment_is_the_best_pairing_by_every_key(
        (gold, predicted) in (
            prop::collection::vec(prop_oneof![3 => dense_fact(), 1 => arb_fact()], 0..7),
            prop::collection::vec(prop_oneof![3 => dense_fact(), 1 => arb_fact()], 0..7),
        ),
    ) {
        let checked = check(&one_doc(&gold, &predicted));
        let got: Vec<(usize, usize)> =
            checked.alignments[0].iter().map(|p| (p.predicted, p.gold)).collect();
        prop_assert_eq!(
            key(&predicted, &gold, &got),
            best_key(&predicted, &gold, 0, &mut vec![false; gold.len()], &mut Vec::new())
        );
    }
}

/// Facts crowded into a few characters, with few values and attribute
/// values, so that pairings tie on the first keys of the order and the
/// later keys decide (mixed with [`arb_fact`]'s spread-out facts).
fn dense_fact() -> impl Strategy<Value = PlacedFact> {
    (
        0usize..6,
        1usize..5,
        prop::sample::select(vec![None, Some(1i64), Some(2)]),
        prop::sample::select(vec!["起", "人"]),
        prop::sample::select(vec![Metric::Cases, Metric::Suspects]),
        prop::option::of(Just(Approx::Over)),
        prop::option::of(Just(Category::Fraud)),
        prop::option::of(Just(12i64)),
    )
        .prop_map(
            |(start, len, value, unit, metric, approx, category, change)| PlacedFact {
                span: Span::new(start, start + len),
                fact: Fact {
                    quote: String::new(),
                    occurrence: None,
                    value: value.map(Number::from),
                    unit: unit.to_string(),
                    approx,
                    metric,
                    category,
                    change: change.map(Number::from),
                    span: None,
                },
            },
        )
}

/// The keys of the alignment's order (guide §6, then `eval::align`), in
/// the order they are compared: a derived `Ord` compares them so.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    pairs: usize,
    overlap: usize,
    /// Pairs agreeing on every attribute.
    strict: usize,
    /// Attributes agreeing, summed over the pairs.
    agreeing: usize,
}

/// Characters two facts' spans share, when they are pairable (overlapping
/// spans, equal values).
fn pairable(p: &PlacedFact, g: &PlacedFact) -> Option<usize> {
    let overlap = p
        .span
        .end
        .min(g.span.end)
        .saturating_sub(p.span.start.max(g.span.start));
    (overlap > 0 && p.fact.value == g.fact.value).then_some(overlap)
}

/// The keys of a pairing given as (predicted, gold) indexes.
fn key(predicted: &[PlacedFact], gold: &[PlacedFact], pairs: &[(usize, usize)]) -> Key {
    let mut k = Key::default();
    for &(p, g) in pairs {
        let (pf, gf) = (&predicted[p], &gold[g]);
        let agreeing = Attribute::ALL
            .iter()
            .filter(|a| a.equal(&pf.fact, &gf.fact))
            .count();
        k.pairs += 1;
        k.overlap += pairable(pf, gf).unwrap_or(0);
        k.strict += usize::from(agreeing == Attribute::ALL.len());
        k.agreeing += agreeing;
    }
    k
}

/// The best key of any one-to-one pairing, by trying every one (small
/// inputs only): the oracle the alignment is checked against.
fn best_key(
    predicted: &[PlacedFact],
    gold: &[PlacedFact],
    p: usize,
    used: &mut Vec<bool>,
    pairs: &mut Vec<(usize, usize)>,
) -> Key {
    if p == predicted.len() {
        return key(predicted, gold, pairs);
    }
    let mut best = best_key(predicted, gold, p + 1, used, pairs);
    for g in 0..gold.len() {
        if !used[g] && pairable(&predicted[p], &gold[g]).is_some() {
            used[g] = true;
            pairs.push((p, g));
            best = best.max(best_key(predicted, gold, p + 1, used, pairs));
            pairs.pop();
            used[g] = false;
        }
    }
    best
}
