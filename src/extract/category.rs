//! The crime or issue a fact is about (guide §5): the first level of
//! context that names a labelled topic decides, from the clause out.

use crate::extract::doc::{hits_in, Candidate, Doc};
use crate::extract::segment::Range;
use crate::extract::vocab::{TopicWord, TriggerKind, VOCAB};
use crate::model::Category;

/// What a level of context says about the category: `None` = says nothing,
/// `Some(None)` = decides "no category", `Some(Some(c))` = decides `c`.
fn decide(doc: &Doc, range: Range, general_decides: bool) -> Option<Option<Category>> {
    let v = &*VOCAB;
    // The categories named, as a set of label indexes (a few per candidate
    // and level: a bit set, not a vector per call).
    let mut cats = 0u64;
    let (mut other, mut general) = (false, false);
    for h in hits_in(&doc.words.topics, range) {
        match &v.topics.payload[h.entry] {
            TopicWord::Topics(cs) => cats |= cs.iter().fold(0, |set, &c| set | 1 << c as u32),
            TopicWord::OtherOffence => other = true,
            TopicWord::General => general = true,
            TopicWord::NotTopic | TopicWord::GeneralIntro => {}
        }
    }
    // Guide §5: minors is "preferred when minors are named", beside any
    // other topic or a general total.
    if cats & (1 << Category::Minors as u32) != 0 {
        return Some(Some(Category::Minors));
    }
    match (cats.count_ones(), other || general) {
        (1, false) => Some(Category::ALL.get(cats.trailing_zeros() as usize).copied()),
        (0, _) => (general_decides && general).then_some(None),
        _ => Some(None),
    }
}

/// 各类/各种 between the last verb and the number: the figure is a general
/// total (guide §5), whatever noun follows.
fn general_intro(doc: &Doc, c: &Candidate) -> bool {
    let v = &*VOCAB;
    let verb_end = hits_in(&doc.words.metric, (c.clause.0, c.num.prefix_start))
        .iter()
        .filter(|h| v.metric.payload[h.entry].kind == TriggerKind::Verb)
        .map(|h| h.end)
        .max()
        .unwrap_or(c.clause.0);
    hits_in(&doc.words.topics, (verb_end, c.num.prefix_start))
        .iter()
        .any(|h| v.topics.payload[h.entry] == TopicWord::GeneralIntro)
}

/// The category cascade of guide §5: clause, sentence, paragraph, section
/// heading; minors whenever the clause names them.
pub(crate) fn classify_category(doc: &Doc, c: &Candidate) -> Option<Category> {
    if !hits_in(&doc.words.minors, c.clause).is_empty() {
        return Some(Category::Minors);
    }
    if general_intro(doc, c) {
        return None;
    }
    let line = doc.seg.line_of(c.num.start)?;
    let levels = [
        Some((c.clause, true)),
        Some((c.sentence, true)),
        Some((line.range, false)),
        line.heading.map(|h| (h, false)),
    ];
    levels
        .into_iter()
        .flatten()
        .find_map(|(r, g)| decide(doc, r, g))
        .flatten()
}
