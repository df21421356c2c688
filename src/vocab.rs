//! Trigger vocabularies as data: units, exclusions, metric and category
//! triggers, general-total markers and change names, read once from
//! `vocab.txt` (compiled in) into tables and Aho-Corasick automata.
//!
//! **Invariant:** every line of `vocab.txt` parses (a unit test checks it);
//! a line that does not is ignored at run time rather than panicking.

use crate::model::{Approx, Category, Metric};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::HashMap;
use std::sync::LazyLock;

const DATA: &str = include_str!("vocab.txt");

/// What kind of quantity a measure word counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitClass {
    /// 次, 人次, 家次, 波次: counts of official activity.
    Times,
    /// 起: cases.
    Case,
    /// 件: cases or items.
    Piece,
    /// 名, 人, 位: people.
    Person,
    /// 个: anything countable.
    Thing,
    /// 条, 份, 篇: records and documents.
    Record,
    /// 家, 户: organisations.
    Org,
    /// 张: cards and sheets.
    Card,
    /// 台, 套, 支, 发, 部 …: physical items.
    Item,
    /// 处: places and dens.
    Place,
    Money,
    Weight,
    Data,
}

impl UnitClass {
    fn parse(s: &str) -> Option<UnitClass> {
        Some(match s {
            "times" => UnitClass::Times,
            "case" => UnitClass::Case,
            "piece" => UnitClass::Piece,
            "person" => UnitClass::Person,
            "thing" => UnitClass::Thing,
            "record" => UnitClass::Record,
            "org" => UnitClass::Org,
            "card" => UnitClass::Card,
            "item" => UnitClass::Item,
            "place" => UnitClass::Place,
            "money" => UnitClass::Money,
            "weight" => UnitClass::Weight,
            "data" => UnitClass::Data,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerKind {
    /// Names what is counted.
    Noun,
    /// Names what is counted, but the verb decides among its metrics.
    Amb,
    /// Names the action done.
    Verb,
}

#[derive(Clone, Debug)]
pub struct MetricTrigger {
    pub kind: TriggerKind,
    /// Metrics in order of preference.
    pub metrics: Vec<Metric>,
}

/// What a category-table word says about a level of context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TopicWord {
    /// Names these labelled topics.
    Topics(Vec<Category>),
    /// Contains a topic word but names none (网络安全宣传).
    NotTopic,
    /// Names an unlabelled offence or "… and other crimes".
    OtherOffence,
    /// Names a general total (涉网案件).
    General,
    /// 各类 / 各种: a general total unless a topic word follows.
    GeneralIntro,
}

/// An automaton with the payload of each word.
pub struct Lexicon<T> {
    pub ac: AhoCorasick,
    pub payload: Vec<T>,
}

impl<T> Lexicon<T> {
    /// A DFA: the lexicons are scanned over every document, and a DFA costs a
    /// few hundred kilobytes once where the default NFA costs time per byte.
    fn new(entries: Vec<(String, T)>) -> Lexicon<T> {
        let (words, payload): (Vec<String>, Vec<T>) = entries.into_iter().unzip();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .unwrap_or_else(|_| AhoCorasick::new(Vec::<String>::new()).expect("an empty automaton always builds"));
        Lexicon { ac, payload }
    }
}

/// Words matched at a fixed position (after a number), longest first.
pub struct Anchored<T> {
    by_word: HashMap<Vec<char>, T>,
    max_len: usize,
}

impl<T: Clone> Anchored<T> {
    fn new(entries: Vec<(String, T)>) -> Anchored<T> {
        let max_len = entries.iter().map(|(w, _)| w.chars().count()).max().unwrap_or(0);
        let by_word = entries.into_iter().map(|(w, t)| (w.chars().collect(), t)).collect();
        Anchored { by_word, max_len }
    }

    /// The longest word starting at `pos`, with its length in characters.
    pub fn at(&self, chars: &[char], pos: usize) -> Option<(usize, T)> {
        let room = chars.len().saturating_sub(pos).min(self.max_len);
        (1..=room).rev().find_map(|n| self.by_word.get(&chars[pos..pos + n]).map(|t| (n, t.clone())))
    }
}

/// A short list of words matched on character slices, with a filter on
/// first characters so that scanning a text costs a few instructions per
/// character instead of one comparison per word.
pub struct WordList {
    words: Vec<Vec<char>>,
    /// Bit `c % 1024` is set for the first character `c` of some word.
    first: [u64; 16],
}

impl WordList {
    pub fn new(words: &[&str]) -> WordList {
        let words: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).filter(|w: &Vec<char>| !w.is_empty()).collect();
        let mut first = [0u64; 16];
        for w in &words {
            let c = w[0] as usize;
            first[(c >> 6) & 15] |= 1 << (c & 63);
        }
        WordList { words, first }
    }

    fn may_start(&self, c: char) -> bool {
        let c = c as usize;
        self.first[(c >> 6) & 15] >> (c & 63) & 1 == 1
    }

    /// Length of the longest word starting at `pos`.
    pub fn at(&self, chars: &[char], pos: usize) -> Option<usize> {
        let rest = chars.get(pos..)?;
        if !rest.first().is_some_and(|&c| self.may_start(c)) {
            return None;
        }
        self.words.iter().filter(|w| w[0] == rest[0] && rest.starts_with(w)).map(Vec::len).max()
    }

    /// True when `chars` starts with one of the words.
    pub fn starts(&self, chars: &[char]) -> bool {
        self.at(chars, 0).is_some()
    }

    /// True when one of the words occurs anywhere in `chars`.
    pub fn occurs_in(&self, chars: &[char]) -> bool {
        (0..chars.len()).any(|i| self.may_start(chars[i]) && self.at(chars, i).is_some())
    }
}

pub struct Vocab {
    pub units: Anchored<UnitClass>,
    pub not_after: Anchored<()>,
    pub approx_after: Anchored<Approx>,
    pub metric: Lexicon<MetricTrigger>,
    pub readership: Vec<Vec<char>>,
    pub topics: Lexicon<TopicWord>,
    pub minors: Vec<Vec<char>>,
    pub change_names: Lexicon<Metric>,
}

/// The parsed vocabulary, built once.
pub static VOCAB: LazyLock<Vocab> = LazyLock::new(|| build(DATA).0);

/// Sections of the data file: name → lines (comments stripped).
fn sections(data: &str) -> HashMap<&str, Vec<&str>> {
    let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut current = "";
    for raw in data.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name;
            continue;
        }
        out.entry(current).or_default().push(line);
    }
    out
}

fn words<'a>(secs: &HashMap<&str, Vec<&'a str>>, name: &str) -> Vec<&'a str> {
    secs.get(name).into_iter().flatten().flat_map(|l| l.split_whitespace()).collect()
}

/// Lines of a two-or-three-field section, each parsed by `f`; the lines
/// that do not parse are returned as errors.
fn pairs<'a, T>(
    secs: &HashMap<&str, Vec<&'a str>>,
    name: &str,
    errors: &mut Vec<String>,
    f: impl Fn(&[&'a str]) -> Option<T>,
) -> Vec<(String, T)> {
    let mut out = Vec::new();
    for line in secs.get(name).into_iter().flatten() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match f(&fields[1..]) {
            Some(t) => out.push((fields[0].to_string(), t)),
            None => errors.push(format!("[{name}] {line}")),
        }
    }
    out
}

fn metric_trigger(f: &[&str]) -> Option<MetricTrigger> {
    let kind = match *f.first()? {
        "noun" => TriggerKind::Noun,
        "amb" => TriggerKind::Amb,
        "verb" => TriggerKind::Verb,
        _ => return None,
    };
    let metrics: Option<Vec<Metric>> = f.get(1)?.split(',').map(Metric::from_label).collect();
    Some(MetricTrigger { kind, metrics: metrics? })
}

/// Builds the vocabulary and lists the lines that did not parse.
fn build(data: &str) -> (Vocab, Vec<String>) {
    let secs = sections(data);
    let mut errors = Vec::new();
    let units = pairs(&secs, "units", &mut errors, |f| UnitClass::parse(f.first()?));
    let approx = pairs(&secs, "approx_after", &mut errors, |f| Approx::from_label(f.first()?));
    let metric = pairs(&secs, "metric", &mut errors, metric_trigger);
    let topic_words = pairs(&secs, "category", &mut errors, |f| {
        let cats: Option<Vec<Category>> = f.first()?.split(',').map(Category::from_label).collect();
        Some(TopicWord::Topics(cats?))
    });
    let change_names = pairs(&secs, "change_names", &mut errors, |f| Metric::from_label(f.first()?));
    let mut topics = topic_words;
    let extra: [(&str, TopicWord); 4] = [
        ("not_category", TopicWord::NotTopic),
        ("other_offence", TopicWord::OtherOffence),
        ("general", TopicWord::General),
        ("general_intro", TopicWord::GeneralIntro),
    ];
    for (name, kind) in extra {
        topics.extend(words(&secs, name).into_iter().map(|w| (w.to_string(), kind.clone())));
    }
    let chars_of = |name: &str| words(&secs, name).into_iter().map(|w| w.chars().collect()).collect();
    let vocab = Vocab {
        units: Anchored::new(units),
        not_after: Anchored::new(words(&secs, "not_after").into_iter().map(|w| (w.to_string(), ())).collect()),
        approx_after: Anchored::new(approx),
        metric: Lexicon::new(metric),
        readership: chars_of("readership"),
        topics: Lexicon::new(topics),
        minors: chars_of("minors"),
        change_names: Lexicon::new(change_names),
    };
    (vocab, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Looks a word up in the anchored unit table.
    fn check(text: &str, unit_len: Option<usize>, class: Option<UnitClass>) {
        let chars: Vec<char> = text.chars().collect();
        let got = VOCAB.units.at(&chars, 0);
        assert_eq!(got.map(|g| g.0), unit_len, "unit length in {text:?}");
        assert_eq!(got.map(|g| g.1), class, "unit class in {text:?}");
    }

    /// Sections whose lines are `word fields…`; in the others every field is a word.
    const PAIR_SECTIONS: &[&str] = &["units", "approx_after", "metric", "category", "change_names"];

    /// The table a section's words go into: the category word lists share one automaton.
    fn table_of(section: &str) -> &str {
        match section {
            "not_category" | "other_offence" | "general" | "general_intro" => "category",
            s => s,
        }
    }

    /// Words listed more than once in one table, as `[table] word`, sorted: a
    /// repeated entry is dead weight at best and a silent override at worst.
    fn duplicates(data: &str) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for (name, lines) in sections(data) {
            for line in lines {
                let fields = line.split_whitespace();
                let keys: Vec<&str> = if PAIR_SECTIONS.contains(&name) { fields.take(1).collect() } else { fields.collect() };
                for word in keys {
                    if !seen.insert((table_of(name), word)) {
                        out.push(format!("[{}] {word}", table_of(name)));
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn data_file_parses() {
        let (_, errors) = build(DATA);
        assert!(errors.is_empty(), "unparsed vocabulary lines: {errors:?}");
    }

    #[test]
    fn no_table_lists_a_word_twice() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("vocab.txt", DATA, &[]),
            ("repeated unit", "[units]\n场 times\n起 case\n场 times\n场 times", &["[units] 场"]),
            ("same word, two tables", "[metric]\n信息 noun information\n[category]\n信息 personal_data", &[]),
            ("word lists sharing a table", "[general]\n涉网案件\n[general_intro]\n各类 涉网案件", &["[category] 涉网案件"]),
            ("repeated in one line", "[readership]\n阅读量 观看 阅读量", &["[readership] 阅读量"]),
        ];
        for (label, data, expected) in cases {
            assert_eq!(duplicates(data), *expected, "duplicates in {label}");
        }
    }

    #[test]
    fn units_table() {
        let cases: &[(&str, Option<usize>, Option<UnitClass>)] = &[
            ("人次", Some(2), Some(UnitClass::Times)),
            ("人,", Some(1), Some(UnitClass::Person)),
            ("千克毒品", Some(2), Some(UnitClass::Weight)),
            ("年", None, None),
            ("", None, None),
        ];
        for (text, len, class) in cases {
            check(text, *len, *class);
        }
    }
}
