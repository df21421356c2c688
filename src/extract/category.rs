//! The crime or issue a fact is about (guide §5): the first level of
//! context that names a labelled topic decides — the figure's clause, its
//! sentence, its paragraph, the section heading, and last the article's
//! headline.
//!
//! Two readings of what a level names go beyond a word list: a crime named
//! only as the one a service supports (为电信网络诈骗提供网络支撑, 帮助诈骗
//! 团伙洗钱, 为赌博平台结算) is the served crime of the black industry, not a
//! topic of its own; and a trade word right after a topic (偷拍偷窥黑产)
//! names that topic's own trade, not a second topic.

use crate::extract::doc::{hits_in, Candidate, Doc};
use crate::extract::segment::Range;
use crate::extract::vocab::{TopicWord, TriggerKind, VOCAB};
use crate::extract::word_index::WordMatch;
use crate::model::Category;
use std::collections::BTreeMap;

/// Characters searched before a topic word for the 为/帮助 that makes it a
/// served crime, and after it for the service (提供…支撑, 洗钱, 结算).
const SERVED_WINDOW: usize = 10;
/// Characters between a topic word and a general noun it qualifies
/// (侵害未成年人网络犯罪, 涉黄有害信息): the noun is then no general total.
const QUALIFY_GAP: usize = 2;

/// The label bit of a category in a set of categories.
fn bit(c: Category) -> u64 {
    1 << c as u32
}

/// True when the topic word `h` is the crime a service supports: 为 or
/// 帮助 before it and a service word after it, within the level (为网络
/// 诈骗和赌博团伙提供技术支持, 帮助诈骗团伙转移赃款, 专为赌博网站引流).
fn served(doc: &Doc, h: &WordMatch, (s, e): Range) -> bool {
    let v = &*VOCAB;
    let chars = doc.chars();
    let from = h.start.saturating_sub(SERVED_WINDOW).max(s);
    // 为 or 帮助, not inside another word (成为, 认为), with no word of
    // fighting the crime between (为打击电信网络诈骗提供保障).
    let intro = (from..h.start).rev().any(|i| {
        let gap = &chars[i..h.start];
        v.serve_intro.starts(gap)
            && !(i > 0 && v.not_serving.occurs_in(&chars[i - 1..(i + 1).min(h.start)]))
            && !v.fight_words.occurs_in(gap)
    });
    // The service after the crime (为赌博平台结算) or between 帮助 and the
    // crime (帮助转移诈骗资金).
    intro && {
        let to = (h.end + SERVED_WINDOW).min(e);
        v.services.occurs_in(&chars[h.end..to]) || v.services.occurs_in(&chars[from..h.start])
    }
}

/// The levels of context, from the figure out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Scope {
    /// The figure's own clause: minors are preferred whenever named.
    Clause,
    /// Its sentence: a general total named here still decides.
    Sentence,
    /// Paragraph, section heading, headline.
    Above,
}

/// What a level of context says about the category: `None` = says nothing,
/// `Some(None)` = decides "no category", `Some(Some(c))` = decides `c`.
fn decide(doc: &Doc, range: Range, scope: Scope) -> Option<Option<Category>> {
    let v = &*VOCAB;
    // The categories named, as a set of label indexes (a few per candidate
    // and level: a bit set, not a vector per call).
    let mut cats = 0u64;
    let (mut other, mut general) = (false, false);
    let hits = hits_in(&doc.words.topics, range);
    // The crimes named only as served by another's service.
    let mut served_cats = 0u64;
    let mut last_topic_end: Option<usize> = None;
    for (k, h) in hits.iter().enumerate() {
        match &v.topics.payload[h.entry] {
            TopicWord::Topics(cs) => {
                last_topic_end = Some(h.end);
                if served(doc, h, range) {
                    served_cats |= cs.iter().fold(0, |set, &c| set | bit(c));
                    continue;
                }
                // A trade word right after a topic word names that
                // topic's trade (偷拍偷窥黑产).
                let trade_of_previous = v.trade_words.contains(&h.entry)
                    && k > 0
                    && hits[k - 1].end == h.start
                    && matches!(v.topics.payload[hits[k - 1].entry], TopicWord::Topics(_));
                if !trade_of_previous {
                    cats |= cs.iter().fold(0, |set, &c| set | bit(c));
                }
            }
            TopicWord::OtherOffence => other = true,
            // A general noun right after a topic word is that topic's
            // (侵害未成年人网络犯罪案件), not a general total.
            TopicWord::General => {
                general |= last_topic_end.is_none_or(|e| e + QUALIFY_GAP < h.start)
            }
            TopicWord::NotTopic | TopicWord::GeneralIntro => {}
        }
    }
    // A crime served by a service is the black industry's, unless the
    // level also names that crime on its own (侦破一起网络赌博案，打掉一个为
    // 赌博网站提供支付结算的团伙: the gambling case).
    if served_cats & !cats != 0 {
        cats |= bit(Category::BlackIndustry);
    }
    // Guide §5: minors is preferred whenever the figure's own clause names
    // them; above the clause it is a topic like any other.
    if scope == Scope::Clause && cats & bit(Category::Minors) != 0 {
        return Some(Some(Category::Minors));
    }
    // A general total beside one topic (清理违法有害信息…，整治…公民个人信息)
    // leaves the topic standing: it names no other offence.
    match (cats.count_ones(), other) {
        (1, false) => Some(Category::ALL.get(cats.trailing_zeros() as usize).copied()),
        (0, _) => (scope != Scope::Above && general).then_some(None),
        _ => Some(None),
    }
}

/// What the levels of context of a document decide, each level read once.
/// Candidates share their clause, sentence and paragraph: reading a level
/// again for each of them made a long clause without punctuation quadratic
/// in its length.
pub(crate) struct Levels {
    decided: BTreeMap<(Range, Scope), Option<Option<Category>>>,
    /// The metric verbs of the document, in order.
    verbs: Vec<WordMatch>,
    /// The topic words introducing a general total (各类, 各种), in order.
    general_intros: Vec<WordMatch>,
    /// The topic words naming labelled topics, in order.
    topic_words: Vec<WordMatch>,
}

impl Levels {
    pub(crate) fn new(doc: &Doc) -> Levels {
        let v = &*VOCAB;
        let verbs = (doc.words.metric.iter())
            .filter(|h| v.metric.payload[h.entry].kind == TriggerKind::Verb)
            .copied()
            .collect();
        let of_kind = |f: fn(&TopicWord) -> bool| -> Vec<WordMatch> {
            (doc.words.topics.iter())
                .filter(|h| f(&v.topics.payload[h.entry]))
                .copied()
                .collect()
        };
        Levels {
            decided: BTreeMap::new(),
            verbs,
            general_intros: of_kind(|t| *t == TopicWord::GeneralIntro),
            topic_words: of_kind(|t| matches!(t, TopicWord::Topics(_))),
        }
    }

    fn decide(&mut self, doc: &Doc, range: Range, scope: Scope) -> Option<Option<Category>> {
        *self
            .decided
            .entry((range, scope))
            .or_insert_with(|| decide(doc, range, scope))
    }
}

/// The last of `hits` lying inside `range`, found by binary search.
fn last_in(hits: &[WordMatch], range: Range) -> Option<&WordMatch> {
    hits_in(hits, range).last()
}

/// 各类/各种 between the last verb and the number, before a general noun:
/// the figure is a general total (guide §5: 各类案件, 各类有害信息). Before a
/// noun that names a topic (各类枪支, 各类毒品案件) the topic stands.
fn general_intro(levels: &Levels, c: &Candidate) -> bool {
    let verb_end =
        last_in(&levels.verbs, (c.clause.0, c.num.prefix_start)).map_or(c.clause.0, |h| h.end);
    let Some(intro) = last_in(&levels.general_intros, (verb_end, c.num.prefix_start)) else {
        return false;
    };
    last_in(&levels.topic_words, (intro.end, c.num.prefix_start)).is_none()
}

/// The category cascade of guide §5: clause (where minors win whenever
/// named), sentence, paragraph, section heading, headline.
pub(crate) fn classify_category(doc: &Doc, levels: &mut Levels, c: &Candidate) -> Option<Category> {
    if !hits_in(&doc.words.minors, c.clause).is_empty() {
        return Some(Category::Minors);
    }
    if general_intro(levels, c) {
        return None;
    }
    let line = doc.seg.line_of(c.num.start)?;
    let paragraph = doc.seg.paragraph_of(line);
    let sentence = doc.seg.sentence_at(c.num.start).unwrap_or(c.sentence);
    let candidates = [
        Some((c.clause, Scope::Clause)),
        Some((sentence, Scope::Sentence)),
        Some((paragraph, Scope::Above)),
        line.heading.map(|h| (h, Scope::Above)),
        // The headline is searched last.
        doc.seg.headline.map(|h| (h, Scope::Above)),
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(|(r, scope)| levels.decide(doc, r, scope))
        .flatten()
}
