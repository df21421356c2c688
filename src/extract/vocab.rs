//! Trigger vocabularies as data: units, exclusions, metric and category
//! triggers, general-total markers and change names, read once from
//! `vocab.txt` (compiled in) into tables and one word index.
//!
//! **Invariant:** every line of `vocab.txt` parses (a unit test checks it);
//! a line that does not is ignored at run time rather than panicking.

use crate::model::{Approx, Category, Metric};
use crate::text::charset::CharSet;
use std::collections::HashMap;
use std::sync::LazyLock;

const DATA: &str = include_str!("vocab.txt");

/// What kind of quantity a measure word counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitClass {
    /// 次, 人次, 家次, 波次: counts of official activity.
    Times,
    /// 起, 宗, 例: cases.
    Case,
    /// 件: cases or items.
    Piece,
    /// 名, 人, 位: people.
    Person,
    /// 个, 款: anything countable.
    Thing,
    /// 条, 份, 篇: records and documents.
    Record,
    /// 家, 户: organisations.
    Org,
    /// 张: cards and sheets.
    Card,
    /// 台, 套, 支, 发, 部 …: physical items.
    Item,
    /// 处, 股, 伙: dens, places and gangs.
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

/// The words of one trigger table, with the payload of each.
pub struct Lexicon<T> {
    pub words: Vec<String>,
    pub payload: Vec<T>,
}

impl<T> Lexicon<T> {
    fn new(entries: Vec<(String, T)>) -> Lexicon<T> {
        let (words, payload) = entries.into_iter().unzip();
        Lexicon { words, payload }
    }
}

/// A word of a lexicon found in a text: character range and entry index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordMatch {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// The trigger lexicons' words in a text, leftmost-longest within each
/// lexicon (at each point the longest word starting first, then on after it).
#[derive(Debug, Default)]
pub struct Found {
    pub metric: Vec<WordMatch>,
    pub topics: Vec<WordMatch>,
    pub change_names: Vec<WordMatch>,
    /// Names of the document-field table (`docfields::names`).
    pub region_names: Vec<WordMatch>,
    /// Words marking page furniture (`segment::FURNITURE_WORDS`).
    pub furniture: Vec<WordMatch>,
    /// Words introducing a year-over-year comparison (`change::MARKERS`).
    pub change_markers: Vec<WordMatch>,
    /// Words naming minors (`[minors]`): a fact's clause is asked whether
    /// it holds one, which the matches answer without scanning the clause
    /// again, as no such word contains the punctuation clauses end at.
    pub minors: Vec<WordMatch>,
}

/// One word of a [`WordIndex`]: its first three characters (`'\0'` after
/// the end of a shorter word), the rest, its lexicon and its entry in that
/// lexicon.
struct IndexedWord {
    key: Key,
    /// Range of the rest in `WordIndex::rest`.
    rest: (usize, usize),
    lexicon: usize,
    entry: usize,
}

/// A word's first one, two or three characters, `'\0'`-padded.
type Key = (char, char, char);

/// Buckets per word in a [`WordIndex`] (rounded up to a power of two), so
/// that most buckets hold one key.
const BUCKETS_PER_WORD: usize = 4;

/// A 16-bit hash of the first two characters of a position or word.
#[inline]
fn key_hash(key: (char, char)) -> usize {
    let h = (key.0 as u32).wrapping_mul(0x9e37_79b1) ^ (key.1 as u32).wrapping_mul(0x85eb_ca6b);
    (h >> 16) as usize
}

/// A 16-bit hash of a whole key; its low bits pick the bucket.
#[inline]
fn bucket_hash(key: Key) -> usize {
    let h = (key.0 as u32).wrapping_mul(0x9e37_79b1)
        ^ (key.1 as u32).wrapping_mul(0x85eb_ca6b)
        ^ (key.2 as u32).wrapping_mul(0xc2b2_ae35);
    (h >> 16) as usize
}

/// A 64K-bit set of hashes, a filter before a bucket look-up.
struct HashBits(Box<[u64; 1024]>);

impl HashBits {
    fn new() -> HashBits {
        HashBits(Box::new([0u64; 1024]))
    }

    fn insert(&mut self, h: usize) {
        self.0[(h >> 6) & 1023] |= 1 << (h & 63);
    }

    #[inline(always)]
    fn get(&self, h: usize) -> u64 {
        self.0[(h >> 6) & 1023] >> (h & 63) & 1
    }
}

/// True when `hay` starts with `needle`; inline, as the words are a few
/// characters and a `memcmp` call costs more than the comparison.
#[inline]
fn starts_with_chars(hay: &[char], needle: &[char]) -> bool {
    needle.len() <= hay.len() && needle.iter().zip(hay).all(|(a, b)| a == b)
}

/// Several lexicons matched in one pass over a text's characters, each
/// lexicon leftmost-longest, as an Aho-Corasick automaton per lexicon
/// would find them (a test holds it to that). Works on characters, not
/// bytes: a bitmap of hashed first-two-character pairs (8 KB, in L1)
/// marks the positions where a word may start, gathered 64 positions at a
/// time; at those, words are looked up by their first three characters
/// (two or one for shorter words), so a position compares only the few
/// words that share them, and gives character offsets without a
/// byte-to-character pass. A byte DFA over the same words is several
/// hundred kilobytes and missed the cache on every Chinese character (a
/// quarter of extraction time when it was used); keys of two characters
/// left up to 22 words to compare at some positions (网络…).
pub struct WordIndex {
    /// Bit `key_hash` of its first two characters is set for every word
    /// of two characters or more: most positions are rejected by it.
    starts: HashBits,
    /// Bit `c & 0xffff` is set when some one-character word is `c`.
    single: Box<CharSet>,
    /// Bit `bucket_hash(key)` set for the keys of two-character words and
    /// of longer words: whether a look-up is worth making.
    pairs: HashBits,
    triples: HashBits,
    /// Words by bucket, each bucket's words together (one allocation, so a
    /// look-up touches one or two cache lines): longest first, then by
    /// lexicon and entry.
    words: Vec<IndexedWord>,
    /// For each bucket, its range in `words`.
    buckets: Vec<(usize, usize)>,
    /// The characters after the key of every word.
    rest: Vec<char>,
    /// `buckets.len() - 1`; the length is a power of two.
    mask: usize,
    lexicons: usize,
}

impl WordIndex {
    pub fn new(lexicons: &[&[String]]) -> WordIndex {
        let mut single = Box::new(CharSet::new(&[]));
        let (mut starts, mut pairs, mut triples) =
            (HashBits::new(), HashBits::new(), HashBits::new());
        let total: usize = lexicons.iter().map(|l| l.len()).sum();
        let n = (total * BUCKETS_PER_WORD).next_power_of_two();
        let mut rest = Vec::new();
        let mut all: Vec<(usize, IndexedWord)> = Vec::new();
        for (lexicon, words) in lexicons.iter().enumerate() {
            for (entry, w) in words.iter().enumerate() {
                let chars: Vec<char> = w.chars().collect();
                let key = match chars[..] {
                    [] => continue,
                    [a] => {
                        single.insert(a);
                        (a, '\0', '\0')
                    }
                    [a, b] => {
                        starts.insert(key_hash((a, b)));
                        pairs.insert(bucket_hash((a, b, '\0')));
                        (a, b, '\0')
                    }
                    [a, b, c, ..] => {
                        starts.insert(key_hash((a, b)));
                        triples.insert(bucket_hash((a, b, c)));
                        (a, b, c)
                    }
                };
                let start = rest.len();
                rest.extend(chars.iter().skip(3));
                let word = IndexedWord {
                    key,
                    rest: (start, rest.len()),
                    lexicon,
                    entry,
                };
                all.push((bucket_hash(key) & (n - 1), word));
            }
        }
        all.sort_by_key(|(b, w)| {
            (
                *b,
                std::cmp::Reverse(w.rest.1 - w.rest.0),
                w.lexicon,
                w.entry,
            )
        });
        let mut buckets = vec![(0, 0); n];
        for (i, (b, _)) in all.iter().enumerate() {
            if buckets[*b].1 == 0 {
                buckets[*b].0 = i;
            }
            buckets[*b].1 = i + 1;
        }
        WordIndex {
            starts,
            single,
            pairs,
            triples,
            words: all.into_iter().map(|(_, w)| w).collect(),
            buckets,
            rest,
            mask: n - 1,
            lexicons: lexicons.len(),
        }
    }

    /// Calls `f` with each word matching at `i` and its length, longest
    /// first, then by lexicon and entry, until `f` returns true: the words
    /// of three characters and more, then of two, then of one. A '\0' in
    /// the text is part of no word.
    #[inline(always)]
    fn each_match_at(
        &self,
        chars: &[char],
        i: usize,
        mut f: impl FnMut(&IndexedWord, usize) -> bool,
    ) {
        let c = chars[i];
        let d = chars.get(i + 1).copied().unwrap_or('\0');
        let e = chars.get(i + 2).copied().unwrap_or('\0');
        if d != '\0' {
            if e != '\0'
                && self.triples.get(bucket_hash((c, d, e))) == 1
                && self.each_in_bucket(chars, i, (c, d, e), 3, &mut f)
            {
                return;
            }
            if self.pairs.get(bucket_hash((c, d, '\0'))) == 1
                && self.each_in_bucket(chars, i, (c, d, '\0'), 2, &mut f)
            {
                return;
            }
        }
        if self.single.contains(c) {
            self.each_in_bucket(chars, i, (c, '\0', '\0'), 1, &mut f);
        }
    }

    /// The words with `key` (of `skip` characters) matching at `i`, to `f`
    /// until it returns true; true when it did.
    #[inline(always)]
    fn each_in_bucket(
        &self,
        chars: &[char],
        i: usize,
        key: Key,
        skip: usize,
        f: &mut impl FnMut(&IndexedWord, usize) -> bool,
    ) -> bool {
        let after = &chars[i + skip..];
        let (from, to) = self.buckets[bucket_hash(key) & self.mask];
        for w in &self.words[from..to] {
            let rest = &self.rest[w.rest.0..w.rest.1];
            if w.key == key && starts_with_chars(after, rest) && f(w, skip + rest.len()) {
                return true;
            }
        }
        false
    }

    /// Calls `f` with each position of `chars` where a word may start (its
    /// key's bit or its one-character bit is set), in order, until `f`
    /// returns true.
    ///
    /// Half the characters of a report pass one test or the other, at
    /// random, so a branch per character mispredicted every third
    /// character or so (callgrind's branch simulation: the scan was a
    /// third of all mispredictions). The bits are gathered 64 positions at
    /// a time without a branch, and only the set ones are visited.
    #[inline(always)]
    fn each_candidate(&self, chars: &[char], mut f: impl FnMut(usize) -> bool) {
        let n = chars.len();
        let mut base = 0;
        while base < n {
            let end = (base + 64).min(n);
            let mut mask = 0u64;
            // Each character with the one after it (zipped: no bounds
            // check per character); the text's last character pairs with
            // '\0', its one-character key.
            let firsts = &chars[base..end];
            let seconds = &chars[base + 1..(end + 1).min(n)];
            for (j, (&c, &d)) in firsts.iter().zip(seconds).enumerate() {
                mask |= u64::from(self.may_start(c, d)) << j;
            }
            if seconds.len() < firsts.len() {
                let j = firsts.len() - 1;
                mask |= u64::from(self.may_start(firsts[j], '\0')) << j;
            }
            while mask != 0 {
                let i = base + mask.trailing_zeros() as usize;
                mask &= mask - 1;
                if f(i) {
                    return;
                }
            }
            base = end;
        }
    }

    /// Whether a word may start with `c` followed by `d`: its pair's bit or
    /// `c`'s one-character bit, computed without a branch.
    #[inline(always)]
    fn may_start(&self, c: char, d: char) -> bool {
        (self.starts.get(key_hash((c, d))) | self.single.bit(c)) == 1
    }

    /// Length of the longest word (of any lexicon) starting at `i`.
    #[inline]
    pub fn longest_at(&self, chars: &[char], i: usize) -> Option<usize> {
        if i >= chars.len() {
            return None;
        }
        let mut longest = None;
        self.each_match_at(chars, i, |_, len| {
            longest = Some(len);
            true
        });
        longest
    }

    /// Each lexicon's leftmost-longest words in `chars`, by lexicon.
    pub fn scan(&self, chars: &[char]) -> Vec<Vec<WordMatch>> {
        // Sized for a typical report (a word every few dozen characters), so
        // the vectors rarely grow: reallocation was a tenth of extraction.
        let guess = chars.len() / 32;
        let mut out: Vec<Vec<WordMatch>> = (0..self.lexicons)
            .map(|_| Vec::with_capacity(guess))
            .collect();
        // Where each lexicon's next word may start: its matches never overlap.
        let mut free = vec![0usize; self.lexicons];
        self.each_candidate(chars, |i| {
            self.each_match_at(chars, i, |w, len| {
                if i >= free[w.lexicon] {
                    out[w.lexicon].push(WordMatch {
                        start: i,
                        end: i + len,
                        entry: w.entry,
                    });
                    free[w.lexicon] = i + len;
                }
                false
            });
            false
        });
        out
    }
}

/// Words matched at a fixed position (after a number), longest first.
pub struct Anchored<T> {
    /// Words by their first character modulo `BUCKETS`, longest first, so a
    /// look-up compares a handful of words and hashes nothing.
    buckets: Vec<Vec<(Vec<char>, T)>>,
}

const BUCKETS: usize = 1024;

impl<T: Clone> Anchored<T> {
    fn new(entries: Vec<(String, T)>) -> Anchored<T> {
        let mut buckets: Vec<Vec<(Vec<char>, T)>> = (0..BUCKETS).map(|_| Vec::new()).collect();
        for (w, t) in entries {
            let word: Vec<char> = w.chars().collect();
            if let Some(&c) = word.first() {
                buckets[c as usize % BUCKETS].push((word, t));
            }
        }
        for b in &mut buckets {
            b.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        Anchored { buckets }
    }

    /// The longest word starting at `pos`, with its length in characters.
    pub fn at(&self, chars: &[char], pos: usize) -> Option<(usize, T)> {
        let rest = chars.get(pos..)?;
        let bucket = &self.buckets[*rest.first()? as usize % BUCKETS];
        bucket
            .iter()
            .find(|(w, _)| rest.starts_with(w))
            .map(|(w, t)| (w.len(), t.clone()))
    }
}

/// A short list of words matched on character slices, through a
/// [`WordIndex`] of one lexicon.
pub struct WordList {
    index: WordIndex,
}

impl WordList {
    pub fn new(words: &[&str]) -> WordList {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        WordList {
            index: WordIndex::new(&[&words]),
        }
    }

    /// Length of the longest word starting at `pos`.
    #[inline]
    pub fn at(&self, chars: &[char], pos: usize) -> Option<usize> {
        self.index.longest_at(chars, pos)
    }

    /// True when `chars` starts with one of the words.
    pub fn starts(&self, chars: &[char]) -> bool {
        self.at(chars, 0).is_some()
    }

    /// True when one of the words occurs anywhere in `chars`.
    pub fn occurs_in(&self, chars: &[char]) -> bool {
        let mut found = false;
        self.index.each_candidate(chars, |i| {
            self.index.each_match_at(chars, i, |_, _| {
                found = true;
                true
            });
            found
        });
        found
    }
}

pub struct Vocab {
    pub units: Anchored<UnitClass>,
    pub not_after: Anchored<()>,
    pub approx_after: Anchored<Approx>,
    pub metric: Lexicon<MetricTrigger>,
    pub readership: WordList,
    pub topics: Lexicon<TopicWord>,
    pub joint_work: WordList,
    pub change_names: Lexicon<Metric>,
    scanner: WordIndex,
}

impl Vocab {
    /// Every trigger word in `chars` (normalised), by lexicon.
    pub fn scan(&self, chars: &[char]) -> Found {
        let mut per = self.scanner.scan(chars).into_iter();
        let mut next = || per.next().unwrap_or_default();
        Found {
            metric: next(),
            topics: next(),
            change_names: next(),
            region_names: next(),
            furniture: next(),
            change_markers: next(),
            minors: next(),
        }
    }
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
    secs.get(name)
        .into_iter()
        .flatten()
        .flat_map(|l| l.split_whitespace())
        .collect()
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
    Some(MetricTrigger {
        kind,
        metrics: metrics?,
    })
}

/// Builds the vocabulary and lists the lines that did not parse.
fn build(data: &str) -> (Vocab, Vec<String>) {
    let secs = sections(data);
    let mut errors = Vec::new();
    let units = pairs(&secs, "units", &mut errors, |f| {
        UnitClass::parse(f.first()?)
    });
    let approx = pairs(&secs, "approx_after", &mut errors, |f| {
        Approx::from_label(f.first()?)
    });
    let metric = pairs(&secs, "metric", &mut errors, metric_trigger);
    let topic_words = pairs(&secs, "category", &mut errors, |f| {
        let cats: Option<Vec<Category>> = f.first()?.split(',').map(Category::from_label).collect();
        Some(TopicWord::Topics(cats?))
    });
    let change_names = pairs(&secs, "change_names", &mut errors, |f| {
        Metric::from_label(f.first()?)
    });
    let mut topics = topic_words;
    let extra: [(&str, TopicWord); 4] = [
        ("not_category", TopicWord::NotTopic),
        ("other_offence", TopicWord::OtherOffence),
        ("general", TopicWord::General),
        ("general_intro", TopicWord::GeneralIntro),
    ];
    for (name, kind) in extra {
        topics.extend(
            words(&secs, name)
                .into_iter()
                .map(|w| (w.to_string(), kind.clone())),
        );
    }
    let list_of = |name: &str| WordList::new(&words(&secs, name));
    let minors = words(&secs, "minors");
    for w in &minors {
        if w.chars().any(|c| !c.is_alphanumeric()) {
            errors.push(format!("[minors] {w}: a word must not hold punctuation"));
        }
    }
    let (metric, topics, change_names) = (
        Lexicon::new(metric),
        Lexicon::new(topics),
        Lexicon::new(change_names),
    );
    // The document fields' names, the furniture words and the change
    // markers ride along: one pass over the text finds all.
    let owned = |words: &[&str]| -> Vec<String> { words.iter().map(|w| w.to_string()).collect() };
    let scanner = WordIndex::new(&[
        &metric.words,
        &topics.words,
        &change_names.words,
        crate::extract::docfields::names(),
        &owned(crate::extract::segment::FURNITURE_WORDS),
        &owned(crate::extract::change::MARKERS),
        &owned(&minors),
    ]);
    let vocab = Vocab {
        units: Anchored::new(units),
        not_after: Anchored::new(
            words(&secs, "not_after")
                .into_iter()
                .map(|w| (w.to_string(), ()))
                .collect(),
        ),
        approx_after: Anchored::new(approx),
        metric,
        readership: list_of("readership"),
        topics,
        joint_work: list_of("joint_work"),
        change_names,
        scanner,
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
    const PAIR_SECTIONS: &[&str] = &[
        "units",
        "approx_after",
        "metric",
        "category",
        "change_names",
    ];

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
                let keys: Vec<&str> = if PAIR_SECTIONS.contains(&name) {
                    fields.take(1).collect()
                } else {
                    fields.collect()
                };
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
    fn a_minors_word_with_punctuation_is_an_error() {
        let (_, errors) = build("[minors]\n未成年 儿童,少年");
        assert_eq!(
            errors,
            ["[minors] 儿童,少年: a word must not hold punctuation"]
        );
    }

    #[test]
    fn no_table_lists_a_word_twice() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("vocab.txt", DATA, &[]),
            (
                "repeated unit",
                "[units]\n场 times\n起 case\n场 times\n场 times",
                &["[units] 场"],
            ),
            (
                "same word, two tables",
                "[metric]\n信息 noun information\n[category]\n信息 personal_data",
                &[],
            ),
            (
                "word lists sharing a table",
                "[general]\n涉网案件\n[general_intro]\n各类 涉网案件",
                &["[category] 涉网案件"],
            ),
            (
                "repeated in one line",
                "[readership]\n阅读量 观看 阅读量",
                &["[readership] 阅读量"],
            ),
        ];
        for (label, data, expected) in cases {
            assert_eq!(duplicates(data), *expected, "duplicates in {label}");
        }
    }

    /// The leftmost-longest matches of one lexicon, from its own automaton,
    /// in character offsets.
    fn one_lexicon(words: &[String], text: &str) -> Vec<WordMatch> {
        use aho_corasick::{AhoCorasick, MatchKind};
        let char_at = |byte: usize| text[..byte].chars().count();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(words)
            .unwrap();
        ac.find_iter(text)
            .map(|m| WordMatch {
                start: char_at(m.start()),
                end: char_at(m.end()),
                entry: m.pattern().as_usize(),
            })
            .collect()
    }

    #[test]
    fn one_scan_finds_what_an_automaton_per_lexicon_finds() {
        let mut texts: Vec<String> = [
            "全市公安机关侦破电信网络诈骗案件120起,抓获犯罪嫌疑人86名,案件数和抓获人数分别同比上升12.5%、30%。",
            "清理涉未成年人有害信息300条,关停网站35家,查处网络安全检查中发现的安全隐患12处。",
            "打掉黑卡黑号团伙5个,冻结涉案资金400万元,挽回损失3000元,涉黄涉赌网站被封禁。",
            "侵犯公民个人信息等网络犯罪案件,网络违法犯罪案件数同比下降,各类违法人员",
            "责任编辑:王某 来源:某某网 版权所有 浙江杭州宁夏回族自治区公安厅“净网2022”",
            "",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        // And every document of the corpus, normalised as the extractor sees it.
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        for entry in walkdir::WalkDir::new(corpus).sort_by_file_name() {
            let path = entry.expect("corpus/ is readable").into_path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text =
                    crate::text::source::read_source(&path).expect("corpus documents decode");
                texts.push(crate::text::normalize::normalize(&text).text());
            }
        }
        let v = &*VOCAB;
        let furniture: Vec<String> = crate::extract::segment::FURNITURE_WORDS
            .iter()
            .map(|w| w.to_string())
            .collect();
        for text in &texts {
            let found = v.scan(&text.chars().collect::<Vec<_>>());
            let markers: Vec<String> = crate::extract::change::MARKERS
                .iter()
                .map(|w| w.to_string())
                .collect();
            let minors: Vec<String> = words(&sections(DATA), "minors")
                .iter()
                .map(|w| w.to_string())
                .collect();
            let lexicons: [(&str, &[WordMatch], &[String]); 7] = [
                ("metric", &found.metric, &v.metric.words),
                ("topics", &found.topics, &v.topics.words),
                ("change", &found.change_names, &v.change_names.words),
                (
                    "regions",
                    &found.region_names,
                    crate::extract::docfields::names(),
                ),
                ("furniture", &found.furniture, &furniture),
                ("change markers", &found.change_markers, &markers),
                ("minors", &found.minors, &minors),
            ];
            for (name, got, words) in lexicons {
                let head: String = text.chars().take(20).collect();
                assert_eq!(got, one_lexicon(words, text), "{name} words in {head:?}…");
            }
        }
    }

    #[test]
    fn units_table() {
        let cases: &[(&str, Option<usize>, Option<UnitClass>)] = &[
            ("人次", Some(2), Some(UnitClass::Times)),
            ("人,", Some(1), Some(UnitClass::Person)),
            ("千克毒品", Some(2), Some(UnitClass::Weight)),
            ("宗,拘捕疑犯", Some(1), Some(UnitClass::Case)),
            ("例网络诈骗案件", Some(1), Some(UnitClass::Case)),
            ("款违规应用", Some(1), Some(UnitClass::Thing)),
            ("股犯罪团伙", Some(1), Some(UnitClass::Place)),
            ("伙,抓获", Some(1), Some(UnitClass::Place)),
            ("块硬盘", Some(1), Some(UnitClass::Item)),
            ("本假证件", Some(1), Some(UnitClass::Item)),
            ("册非法出版物", Some(1), Some(UnitClass::Item)),
            ("卷胶片", Some(1), Some(UnitClass::Item)),
            ("年", None, None),
            ("", None, None),
        ];
        for (text, len, class) in cases {
            check(text, *len, *class);
        }
    }
}
