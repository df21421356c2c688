//! Every word list as data: units and other measure words, exclusions,
//! approximation words, metric and category triggers, general-total
//! markers, change markers and names, furniture and rumour words, read once
//! from `vocab.txt` (compiled in) into tables and one word index. The
//! extractor and the validator read the same lists.
//!
//! **Invariant:** no trigger word lives in code; every line of `vocab.txt`
//! parses (a unit test checks it); a line that does not is ignored at run
//! time rather than panicking.

use crate::extract::regions::REGIONS;
use crate::extract::sections::Sections;
use crate::extract::word_index::{Anchored, WordIndex, WordList, WordMatch};
use crate::model::{Approx, Category, Metric};
use std::sync::LazyLock;

const DATA: &str = include_str!("vocab.txt");
/// The topic lexicon: the Criminal Law's charges and each category's
/// campaign vocabulary (guide §5).
const TOPICS: &str = include_str!("topics.txt");

/// The sections of `topics.txt`.
const TOPIC_SECTIONS: &[&str] = &["charges", "vocabulary", "not_topic"];

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
    /// 笔: transactions.
    Transaction,
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
            "transaction" => UnitClass::Transaction,
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

/// The trigger lexicons' words in a text, leftmost-longest within each
/// lexicon (at each point the longest word starting first, then on after it).
#[derive(Debug, Default)]
pub struct Found {
    pub metric: Vec<WordMatch>,
    pub topics: Vec<WordMatch>,
    pub change_names: Vec<WordMatch>,
    /// Names of the gazetteer (`regions`).
    pub region_names: Vec<WordMatch>,
    /// Words marking page furniture (`[furniture_words]`).
    pub furniture: Vec<WordMatch>,
    /// Words introducing a year-over-year comparison (`[change_markers]`).
    pub change_markers: Vec<WordMatch>,
    /// Words naming minors (`[minors]`): a fact's clause is asked whether
    /// it holds one, which the matches answer without scanning the clause
    /// again, as no such word contains the punctuation clauses end at.
    pub minors: Vec<WordMatch>,
}

/// Every word list of the extractor (and of the validator, which reads
/// quotes with the same words), read from `vocab.txt`.
pub struct Vocab {
    pub units: Anchored<UnitClass>,
    /// Measure words that follow numbers without making them facts of the
    /// extractor (种, 项, 页 …): with `units`, what the validator accepts as
    /// the word after a quote's number.
    pub other_measure_words: Anchored<()>,
    pub not_after: Anchored<()>,
    /// Approximation words before a number, longest first.
    pub approx_before: Vec<(Vec<char>, Approx)>,
    pub approx_after: Anchored<Approx>,
    pub metric: Lexicon<MetricTrigger>,
    pub readership: WordList,
    pub topics: Lexicon<TopicWord>,
    pub joint_work: WordList,
    pub change_names: Lexicon<Metric>,
    pub change_fillers: WordList,
    pub change_up: WordList,
    pub change_down: WordList,
    pub related_list_headings: WordList,
    pub widget_starts: WordList,
    pub image_extensions: WordList,
    pub rumour_markers: WordList,
    /// 为, 帮助 before a served crime; two-character words ending in 为
    /// that are not it; the services; the words of fighting a crime.
    pub serve_intro: WordList,
    pub not_serving: WordList,
    pub services: WordList,
    pub fight_words: WordList,
    /// Entries of `topics` that name a trade (黑产).
    pub trade_words: Vec<usize>,
    pub case_lists: WordList,
    pub differences: WordList,
    pub comparisons: WordList,
    pub currency_after: WordList,
    pub letters_before_numbers: WordList,
    pub price_words: WordList,
    pub conversions: WordList,
    pub money_context: WordList,
    pub attack_words: WordList,
    pub average_words: WordList,
    pub sum_words: WordList,
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

    /// The measure word (a unit of the extractor or another measure word)
    /// starting at `pos`, with its length.
    pub fn measure_word_at(&self, chars: &[char], pos: usize) -> Option<usize> {
        let unit = self.units.at(chars, pos).map(|(n, _)| n);
        let other = self.other_measure_words.at(chars, pos).map(|(n, _)| n);
        unit.max(other)
    }
}

/// The parsed vocabulary, built once.
pub static VOCAB: LazyLock<Vocab> = LazyLock::new(|| build(DATA, TOPICS).0);

/// The sections of `vocab.txt`; any other is an error.
const SECTIONS: &[&str] = &[
    "units",
    "other_measure_words",
    "not_after",
    "approx_before",
    "approx_after",
    "metric",
    "readership",
    "category",
    "not_category",
    "other_offence",
    "general",
    "general_intro",
    "joint_work",
    "minors",
    "change_names",
    "change_markers",
    "change_fillers",
    "change_up",
    "change_down",
    "furniture_words",
    "related_list_headings",
    "widget_starts",
    "image_extensions",
    "rumour_markers",
    "serve_intro",
    "not_serving",
    "services",
    "fight_words",
    "trade_words",
    "case_lists",
    "differences",
    "comparisons",
    "currency_after",
    "letters_before_numbers",
    "price_words",
    "conversions",
    "money_context",
    "attack_words",
    "average_words",
    "sum_words",
];

/// The entries `word payload…` of a section, each payload parsed by `f`;
/// the entries that do not parse are errors.
fn pairs<T>(
    secs: &Sections,
    name: &str,
    errors: &mut Vec<String>,
    f: impl Fn(&[&str]) -> Option<T>,
) -> Vec<(String, T)> {
    let mut out = Vec::new();
    for e in secs.entries(name) {
        match f(&e.fields[1..]) {
            Some(t) => out.push((e.fields[0].to_string(), t)),
            None => errors.push(secs.error(name, e, "does not parse")),
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

/// A label of `topics.txt`: a category, `none` or `other`.
fn topic_label(f: &[&str]) -> Option<TopicWord> {
    match *f {
        ["none"] => Some(TopicWord::NotTopic),
        ["other"] => Some(TopicWord::OtherOffence),
        [label] => Category::from_label(label).map(|c| TopicWord::Topics(vec![c])),
        _ => None,
    }
}

/// The topic words of `topics.txt`, and the lines that did not parse.
fn topic_words(data: &str) -> (Vec<(String, TopicWord)>, Vec<String>) {
    let (secs, mut errors) = Sections::read("topics.txt", data, TOPIC_SECTIONS);
    let mut out = pairs(&secs, "charges", &mut errors, topic_label);
    out.extend(pairs(&secs, "vocabulary", &mut errors, topic_label));
    out.extend(
        secs.words("not_topic")
            .into_iter()
            .map(|w| (w.to_string(), TopicWord::NotTopic)),
    );
    (out, errors)
}

/// Builds the vocabulary from `vocab.txt` and `topics.txt` and lists the
/// lines that did not parse.
fn build(data: &str, topics_data: &str) -> (Vocab, Vec<String>) {
    let (secs, mut errors) = Sections::read("vocab.txt", data, SECTIONS);
    let units = pairs(&secs, "units", &mut errors, |f| {
        UnitClass::parse(f.first()?)
    });
    let approx = pairs(&secs, "approx_after", &mut errors, |f| {
        Approx::from_label(f.first()?)
    });
    let mut approx_before: Vec<(Vec<char>, Approx)> =
        pairs(&secs, "approx_before", &mut errors, |f| {
            Approx::from_label(f.first()?)
        })
        .into_iter()
        .map(|(w, a)| (w.chars().collect(), a))
        .collect();
    // Longest first, so that 将近 is read before 近 (stable: file order otherwise).
    approx_before.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    let metric = pairs(&secs, "metric", &mut errors, metric_trigger);
    let category_words = pairs(&secs, "category", &mut errors, |f| {
        let cats: Option<Vec<Category>> = f.first()?.split(',').map(Category::from_label).collect();
        Some(TopicWord::Topics(cats?))
    });
    let change_names = pairs(&secs, "change_names", &mut errors, |f| {
        Metric::from_label(f.first()?)
    });
    let mut topics = category_words;
    let (lexicon, topic_errors) = topic_words(topics_data);
    errors.extend(topic_errors);
    topics.extend(lexicon);
    let extra: [(&str, TopicWord); 4] = [
        ("not_category", TopicWord::NotTopic),
        ("other_offence", TopicWord::OtherOffence),
        ("general", TopicWord::General),
        ("general_intro", TopicWord::GeneralIntro),
    ];
    for (name, kind) in extra {
        topics.extend(
            secs.words(name)
                .into_iter()
                .map(|w| (w.to_string(), kind.clone())),
        );
    }
    let list_of = |name: &str| WordList::new(&secs.words(name));
    let set_of = |name: &str| -> Anchored<()> {
        Anchored::new(
            secs.words(name)
                .into_iter()
                .map(|w| (w.to_string(), ()))
                .collect(),
        )
    };
    let minors = secs.words("minors");
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
    let mut trade_words = Vec::new();
    for w in secs.words("trade_words") {
        match topics.words.iter().position(|t| t == w) {
            Some(i) => trade_words.push(i),
            None => errors.push(format!("[trade_words] {w}: not a topic word")),
        }
    }
    // The gazetteer's names, the furniture words, the change markers and the
    // minors words ride along: one pass over the text finds all.
    let owned =
        |name: &str| -> Vec<String> { secs.words(name).iter().map(|w| w.to_string()).collect() };
    let scanner = WordIndex::new(&[
        &metric.words,
        &topics.words,
        &change_names.words,
        &REGIONS.words,
        &owned("furniture_words"),
        &owned("change_markers"),
        &owned("minors"),
    ]);
    let vocab = Vocab {
        units: Anchored::new(units),
        other_measure_words: set_of("other_measure_words"),
        not_after: set_of("not_after"),
        approx_before,
        approx_after: Anchored::new(approx),
        metric,
        readership: list_of("readership"),
        topics,
        joint_work: list_of("joint_work"),
        change_names,
        change_fillers: list_of("change_fillers"),
        change_up: list_of("change_up"),
        change_down: list_of("change_down"),
        related_list_headings: list_of("related_list_headings"),
        widget_starts: list_of("widget_starts"),
        image_extensions: list_of("image_extensions"),
        rumour_markers: list_of("rumour_markers"),
        serve_intro: list_of("serve_intro"),
        not_serving: list_of("not_serving"),
        services: list_of("services"),
        fight_words: list_of("fight_words"),
        trade_words,
        case_lists: list_of("case_lists"),
        differences: list_of("differences"),
        comparisons: list_of("comparisons"),
        currency_after: list_of("currency_after"),
        letters_before_numbers: list_of("letters_before_numbers"),
        price_words: list_of("price_words"),
        conversions: list_of("conversions"),
        money_context: list_of("money_context"),
        attack_words: list_of("attack_words"),
        average_words: list_of("average_words"),
        sum_words: list_of("sum_words"),
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
        "approx_before",
        "approx_after",
        "metric",
        "category",
        "change_names",
        "charges",
        "vocabulary",
    ];

    /// The table a section's words go into: the category word lists share one automaton.
    fn table_of(section: &str) -> &str {
        match section {
            "not_category" | "other_offence" | "general" | "general_intro" | "charges"
            | "vocabulary" | "not_topic" => "category",
            s => s,
        }
    }

    /// Words listed more than once in one table, as `[table] word`, sorted: a
    /// repeated entry is dead weight at best and a silent override at worst.
    fn duplicates(data: &str) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        let known: Vec<&str> = SECTIONS.iter().chain(TOPIC_SECTIONS).copied().collect();
        let (secs, _) = Sections::read("test", data, &known);
        for &name in &known {
            for entry in secs.entries(name) {
                let fields = entry.fields.iter().copied();
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
    fn data_files_parse() {
        let (_, errors) = build(DATA, TOPICS);
        assert!(errors.is_empty(), "unparsed vocabulary lines: {errors:?}");
    }

    /// Every line of the topic lexicon parses, and every label is a
    /// category of guide §5, `none` or `other`; a bad label is an error
    /// naming the file and line.
    #[test]
    fn topic_lexicon_labels_are_valid() {
        let (words, errors) = topic_words(TOPICS);
        assert!(errors.is_empty(), "{errors:?}");
        let (secs, _) = Sections::read("topics.txt", TOPICS, TOPIC_SECTIONS);
        let listed = secs.entries("charges").count()
            + secs.entries("vocabulary").count()
            + secs.words("not_topic").len();
        assert_eq!(words.len(), listed, "every entry is read");
        for category in Category::ALL {
            let named = words
                .iter()
                .any(|(_, t)| *t == TopicWord::Topics(vec![*category]));
            assert!(named, "no word of the lexicon names {category:?}");
        }
        let (_, errors) =
            topic_words("[charges]\n诈骗 fraud\n赌博 casino\n作弊 exam_cheating extra");
        assert_eq!(
            errors,
            [
                "topics.txt:3: [charges] `赌博 casino`: does not parse",
                "topics.txt:4: [charges] `作弊 exam_cheating extra`: does not parse",
            ]
        );
    }

    #[test]
    fn a_minors_word_with_punctuation_is_an_error() {
        let (_, errors) = build("[minors]\n未成年 儿童,少年", "");
        assert_eq!(
            errors,
            ["[minors] 儿童,少年: a word must not hold punctuation"]
        );
    }

    #[test]
    fn no_table_lists_a_word_twice() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "vocab.txt and topics.txt",
                &format!("{DATA}\n{TOPICS}"),
                &[],
            ),
            (
                "a charge repeated as a topic word",
                "[category]\n诈骗 fraud\n[charges]\n诈骗 fraud",
                &["[category] 诈骗"],
            ),
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
            "全市公安机关侦破电信网络诈骗案件145起,抓获犯罪嫌疑人73名,案件数和抓获人数分别同比上升16.4%、22%。",
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
        let (secs, _) = Sections::read("vocab.txt", DATA, SECTIONS);
        let list = |name: &str| -> Vec<String> {
            secs.words(name).iter().map(|w| w.to_string()).collect()
        };
        let (furniture, markers, minors) = (
            list("furniture_words"),
            list("change_markers"),
            list("minors"),
        );
        for text in &texts {
            let found = v.scan(&text.chars().collect::<Vec<_>>());
            let lexicons: [(&str, &[WordMatch], &[String]); 7] = [
                ("metric", &found.metric, &v.metric.words),
                ("topics", &found.topics, &v.topics.words),
                ("change", &found.change_names, &v.change_names.words),
                ("regions", &found.region_names, &REGIONS.words),
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
