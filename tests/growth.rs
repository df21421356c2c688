//! Growth on worst cases: doubling a hostile input must not much more than
//! double the work. Each case is built at two sizes in one run and timed (the
//! best of a few runs each, so a busy machine inflates both alike); a path
//! quadratic in the input makes the larger take four times as long, a linear
//! one twice. Absolute speed is `make bench`'s business, not this file's.
//!
//! Every case went quadratic before issue 12: a one-line document naming
//! quoted campaigns (the campaign reader compared each name with all before
//! it; every number was checked against every place name), many facts
//! sharing a quote (each searched the text again), many
//! overlapping facts (the validator compared every pair, rescanned the YAML
//! for each problem; the alignment solved one component of thousands).

use jingwang::annotation::check::validate_many;
use jingwang::annotation::corpus::Layout;
use jingwang::eval::corpus::score_corpus;
use jingwang::extract::extract;
use std::path::Path;
use std::time::{Duration, Instant};

/// The largest ratio of the time at twice the size to the time at the size
/// allowed: between linear (2) and quadratic (4), with room for noise.
const RATIO_MAX: f64 = 3.0;

/// The best time of `RUNS` runs of `work`.
fn best_time(mut work: impl FnMut()) -> Duration {
    const RUNS: usize = 3;
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .min()
        .unwrap()
}

/// Runs `work` on the input `make(n)` and `make(2n)` and checks the growth.
/// `n` is chosen so the smaller run takes some tens of milliseconds: long
/// enough for the timer, short enough for CI.
fn check<I>(name: &str, n: usize, make: impl Fn(usize) -> I, work: impl Fn(&I)) {
    let (small, large) = (make(n), make(2 * n));
    work(&small); // warm up: allocator, lazily built word lists
    let t1 = best_time(|| work(&small));
    let t2 = best_time(|| work(&large));
    let ratio = t2.as_secs_f64() / t1.as_secs_f64().max(1e-6);
    assert!(
        ratio <= RATIO_MAX,
        "{name}: doubling the input took {ratio:.2} times as long ({t1:?} → {t2:?}): a path is worse than linear"
    );
}

fn extract_check(name: &str, unit: &str, n: usize) {
    check(
        name,
        n,
        |n| unit.repeat(n),
        |text| {
            extract(text);
        },
    );
}

#[test]
fn one_line_naming_a_campaign_again_and_again() {
    extract_check("campaign", "开展净网行动。", 40_000);
}

#[test]
fn one_line_of_quoted_campaign_names() {
    extract_check("quoted campaigns", "“清风”行动", 30_000);
}

#[test]
fn a_clause_without_punctuation() {
    extract_check("clause", "抓获8707人", 20_000);
}

/// A report on one line (no line breaks at all): every place name and every
/// fact in its one "lead line".
#[test]
fn a_whole_report_on_one_line() {
    extract_check(
        "one-line report",
        "云岭市公安局会同青川县公安局侦破网络诈骗案件36起,抓获犯罪嫌疑人52名,同比上升12.5%,涉案金额280万元。",
        4_000,
    );
}

#[test]
fn dense_facts_with_changes() {
    extract_check("dense", "抓获犯罪嫌疑人8707人，同比上升171.3%。", 10_000);
}

/// A corpus of one source, `抓获8707人，` `n` times, whose annotation (and
/// prediction) holds two overlapping facts per repetition, each placed by
/// its occurrence: every quote is shared by `n` facts and every fact
/// overlaps its neighbours.
struct Overlapping {
    dir: tempfile::TempDir,
}

impl Overlapping {
    fn new(n: usize) -> Overlapping {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("corpus/a.txt", &"抓获8707人，".repeat(n));
        let mut facts = String::new();
        for i in 1..n {
            for quote in ["抓获8707人", "8707人，抓获"] {
                facts.push_str(&format!(
                    "  - quote: {quote}\n    occurrence: {i}\n    value: 8707\n    unit: 人\n    metric: suspects\n"
                ));
            }
        }
        let head = "document:\n  region: null\n  campaign: null\nfacts:\n";
        write(
            "annotations/a.yaml",
            &format!("status: reviewed\n{head}{facts}"),
        );
        write("predictions/a.yaml", &format!("{head}{facts}"));
        Overlapping { dir }
    }

    fn layout(&self) -> Layout {
        Layout {
            corpus: self.dir.path().join("corpus"),
            annotations: self.dir.path().join("annotations"),
            exclude: Vec::new(),
        }
    }

    fn predictions(&self) -> std::path::PathBuf {
        self.dir.path().join("predictions")
    }
}

#[test]
fn validating_many_overlapping_facts_that_share_quotes() {
    check("validate", 1_500, Overlapping::new, |c| {
        let out = validate_many(&c.layout(), &[]).unwrap();
        // Every overlap is reported: the fast path still checks.
        assert!(out.tally.errors > 0);
    });
}

#[test]
fn scoring_many_overlapping_facts_that_share_quotes() {
    check("report", 3_000, Overlapping::new, |c| {
        let out = score_corpus(&c.layout(), Some(Path::new(&c.predictions()))).unwrap();
        assert_eq!(out.report.documents, 1);
        assert!(out.problems.is_empty(), "{:?}", out.problems);
    });
}
