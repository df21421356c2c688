//! The crime or issue a fact is about (guide §5): the first level of
//! context that names a labelled topic decides, from the clause out.

use crate::extract::doc::{hits_in, Candidate, Doc};
use crate::extract::segment::Range;
use crate::extract::vocab::{TopicWord, TriggerKind, VOCAB};
use crate::extract::word_index::WordMatch;
use crate::model::Category;
use std::collections::HashMap;

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

/// What the levels of context of a document decide, each level read once.
/// Candidates share their clause, sentence and paragraph: reading a level
/// again for each of them made a long clause without punctuation quadratic
/// in its length.
pub(crate) struct Levels {
    decided: HashMap<(Range, bool), Option<Option<Category>>>,
    /// The metric verbs of the document, in order.
    verbs: Vec<WordMatch>,
    /// The topic words introducing a general total (各类, 各种), in order.
    general_intros: Vec<WordMatch>,
}

impl Levels {
    pub(crate) fn new(doc: &Doc) -> Levels {
        let v = &*VOCAB;
        let verbs = (doc.words.metric.iter())
            .filter(|h| v.metric.payload[h.entry].kind == TriggerKind::Verb)
            .copied()
            .collect();
        let general_intros = (doc.words.topics.iter())
            .filter(|h| v.topics.payload[h.entry] == TopicWord::GeneralIntro)
            .copied()
            .collect();
        Levels {
            decided: HashMap::new(),
            verbs,
            general_intros,
        }
    }

    fn decide(
        &mut self,
        doc: &Doc,
        range: Range,
        general_decides: bool,
    ) -> Option<Option<Category>> {
        *self
            .decided
            .entry((range, general_decides))
            .or_insert_with(|| decide(doc, range, general_decides))
    }
}

/// The last of `hits` lying inside `range`, found by binary search.
fn last_in(hits: &[WordMatch], range: Range) -> Option<&WordMatch> {
    hits_in(hits, range).last()
}

/// 各类/各种 between the last verb and the number: the figure is a general
/// total (guide §5), whatever noun follows.
fn general_intro(levels: &Levels, c: &Candidate) -> bool {
    let verb_end =
        last_in(&levels.verbs, (c.clause.0, c.num.prefix_start)).map_or(c.clause.0, |h| h.end);
    last_in(&levels.general_intros, (verb_end, c.num.prefix_start)).is_some()
}

/// The category cascade of guide §5: clause, sentence, paragraph, section
/// heading; minors whenever the clause names them.
pub(crate) fn classify_category(doc: &Doc, levels: &mut Levels, c: &Candidate) -> Option<Category> {
    if !hits_in(&doc.words.minors, c.clause).is_empty() {
        return Some(Category::Minors);
    }
    if general_intro(levels, c) {
        return None;
    }
    let line = doc.seg.line_of(c.num.start)?;
    let candidates = [
        Some((c.clause, true)),
        Some((c.sentence, true)),
        Some((line.range, false)),
        line.heading.map(|h| (h, false)),
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(|(r, g)| levels.decide(doc, r, g))
        .flatten()
}
