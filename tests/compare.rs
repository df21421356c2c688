//! One document's alignment read fact by fact (`eval::compare`): matched
//! pairs with their differing attributes, missed gold facts, spurious
//! predictions, and the canonical one-line form `diff` shows.
//!
//! Facts are written `START-END VALUE UNIT METRIC [approx] [category]
//! [change]` (as in tests/score.rs); a fact's quote is its span as written.
//! Each case's expected reading is what [`check`] prints: `g1=p0` for a
//! pair (gold 1, predicted 0) followed by its differences, then the missed
//! and spurious facts and both sides in canonical form.

use jingwang::annotation::load::PlacedFact;
use jingwang::eval::compare::{canonical, differences, shown, summary, Comparison};
use jingwang::model::{Approx, Category, Fact, Metric, Number};
use jingwang::text::locate::Span;

struct Case {
    name: &'static str,
    gold: &'static [&'static str],
    predicted: &'static [&'static str],
    expect: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "pairs, differences, a missed and a spurious fact",
        gold: &[
            "0-7 5300 起 cases over fraud 171.3",
            "8-20 8707 人 suspects",
            "30-35 9 人 penalized",
        ],
        predicted: &[
            "8-20 8707 名 penalized",
            "0-7 5300 起 cases over fraud 171.3",
            "40-45 1 人 suspects",
        ],
        expect: "\
matched: g0=p1 | g1=p0 unit 人/名, metric suspects/penalized
missed: g2
spurious: p2
gold:
[0, 7) 0-7  5300 起 approx=over cases category=fraud change=171.3
[8, 20) 8-20  8707 人 suspects
[30, 35) 30-35  9 人 penalized
predicted:
[0, 7) 0-7  5300 起 approx=over cases category=fraud change=171.3
[8, 20) 8-20  8707 名 penalized
[40, 45) 40-45  1 人 suspects
",
    },
    Case {
        name: "matched in the gold facts' span order, missed and spurious in span order",
        gold: &[
            "10-15 2 人 suspects",
            "0-5 1 人 suspects",
            "40-45 4 人 suspects",
            "20-25 3 人 suspects",
        ],
        predicted: &[
            "0-5 1 人 suspects about",
            "10-15 2 人 suspects -20",
            "60-65 6 起 cases",
            "50-55 5 起 cases",
        ],
        expect: "\
matched: g1=p0 approx (none)/about | g0=p1 change (none)/-20
missed: g3 g2
spurious: p3 p2
gold:
[0, 5) 0-5  1 人 suspects
[10, 15) 10-15  2 人 suspects
[20, 25) 20-25  3 人 suspects
[40, 45) 40-45  4 人 suspects
predicted:
[0, 5) 0-5  1 人 approx=about suspects
[10, 15) 10-15  2 人 suspects change=-20
[50, 55) 50-55  5 起 cases
[60, 65) 60-65  6 起 cases
",
    },
    Case {
        name: "facts on one span in canonical order, null values, a category",
        gold: &["0-5 null 条 information gambling", "0-5 7 条 information"],
        predicted: &["0-5 null 条 information", "0-5 7 条 information"],
        expect: "\
matched: g0=p0 category gambling/(none) | g1=p1
missed:
spurious:
gold:
[0, 5) 0-5  7 条 information
[0, 5) 0-5  null 条 information category=gambling
predicted:
[0, 5) 0-5  7 条 information
[0, 5) 0-5  null 条 information
",
    },
    Case {
        name: "nothing on either side",
        gold: &[],
        predicted: &[],
        expect: "matched:\nmissed:\nspurious:\ngold:\npredicted:\n",
    },
];

#[test]
fn hand_made_cases() {
    let mut failures = Vec::new();
    for case in CASES {
        let gold: Vec<PlacedFact> = case.gold.iter().map(|s| fact(s)).collect();
        let predicted: Vec<PlacedFact> = case.predicted.iter().map(|s| fact(s)).collect();
        let got = check(&gold, &predicted);
        if got != case.expect {
            failures.push(format!(
                "{}\n--- want\n{}--- got\n{got}",
                case.name, case.expect
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The only caller of the comparison. Checks that its readings agree with
/// its pairs (partners both ways, every fact matched or missed or spurious
/// exactly once), then prints it.
fn check(gold: &[PlacedFact], predicted: &[PlacedFact]) -> String {
    let c = Comparison::new(gold, predicted);
    for g in 0..gold.len() {
        let want = c.pairs.iter().find(|p| p.gold == g).map(|p| p.predicted);
        assert_eq!(c.partner_of_gold(g), want, "partner of gold {g}");
    }
    for p in 0..predicted.len() {
        let want = c.pairs.iter().find(|q| q.predicted == p).map(|q| q.gold);
        assert_eq!(c.partner_of_predicted(p), want, "partner of predicted {p}");
    }
    let index = |facts: &[PlacedFact], f: &PlacedFact| {
        facts
            .iter()
            .position(|x| std::ptr::eq(x, f))
            .expect("a reading returns the comparison's own facts")
    };
    let matched = c.matched();
    let (missed, spurious) = (c.missed(), c.spurious());
    assert_eq!(matched.len() + missed.len(), gold.len());
    assert_eq!(matched.len() + spurious.len(), predicted.len());
    let mut out = String::from("matched:");
    let pairs: Vec<String> = matched
        .iter()
        .map(|(g, p)| {
            let (gi, pi) = (index(gold, g), index(predicted, p));
            assert_eq!(c.partner_of_gold(gi), Some(pi));
            let diffs: Vec<String> = differences(&g.fact, &p.fact)
                .into_iter()
                .map(|a| format!("{a} {}/{}", shown(a, &g.fact), shown(a, &p.fact)))
                .collect();
            format!(" g{gi}=p{pi} {}", diffs.join(", "))
                .trim_end()
                .to_string()
        })
        .collect();
    out.push_str(&pairs.join(" |"));
    out.push_str("\nmissed:");
    for f in &missed {
        let i = index(gold, f);
        assert_eq!(c.partner_of_gold(i), None);
        out.push_str(&format!(" g{i}"));
    }
    out.push_str("\nspurious:");
    for f in &spurious {
        let i = index(predicted, f);
        assert_eq!(c.partner_of_predicted(i), None);
        out.push_str(&format!(" p{i}"));
    }
    out.push('\n');
    for (side, facts) in [("gold", gold), ("predicted", predicted)] {
        let lines = canonical(facts);
        for f in facts {
            assert!(lines.contains(&format!("  {}\n", summary(&f.fact))));
        }
        out.push_str(&format!("{side}:\n{lines}"));
    }
    out
}

/// Reads the shorthand `START-END VALUE UNIT METRIC [approx] [category] [change]`.
fn fact(s: &str) -> PlacedFact {
    let words: Vec<&str> = s.split_whitespace().collect();
    let (start, end) = words[0].split_once('-').expect("span START-END");
    let mut fact = Fact {
        quote: words[0].to_string(),
        occurrence: None,
        value: (words[1] != "null").then(|| Number::parse(words[1]).expect("value")),
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
            fact.change = Some(Number::parse(w).expect("change"));
        }
    }
    PlacedFact {
        span: Span::new(start.parse().unwrap(), end.parse().unwrap()),
        fact,
    }
}
