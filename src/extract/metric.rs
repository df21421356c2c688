//! What a fact counts (guide §4): the counted noun nearest the number, then
//! the verb, within the unit's possible metrics; the guide's overriding
//! rules for 起, 次 and readership first, websites decided by their verb.

use crate::extract::doc::{hits_in, Candidate, Doc};
use crate::extract::segment::Range;
use crate::extract::vocab::{TopicWord, TriggerKind, UnitClass, VOCAB};
use crate::extract::word_index::WordMatch;
use crate::model::{Category, Metric};

/// How far after the unit a counted noun still names what is counted.
pub(crate) const NOUN_AFTER: usize = 8;
/// Characters between a site and a verb after it (被, 已被, 遭).
const PASSIVE_GAP: usize = 2;
/// Longest description between a number and its counted noun, closed by
/// 的 (5家存在安全隐患的企业).
const DESCRIPTION_MAX: usize = 24;
/// How far before a counted noun a topic word makes it criminal (涉毒网站).
const CRIME_BEFORE: usize = 6;
/// Characters between a topic word and the noun it qualifies (涉赌的网站).
const CRIME_GAP: usize = 2;
/// Characters between a counted noun before the number and the number
/// for the noun to be adjacent (关停网站35家, 诈骗网站及APP 35个).
const ADJACENT_GAP: usize = 2;

/// Metrics a unit class can carry, the first being the default.
pub(crate) fn allowed(class: UnitClass) -> &'static [Metric] {
    use Metric::*;
    match class {
        UnitClass::Times => &[Actions, Other],
        // Incidents prevented (避免…起) are no cases handled.
        UnitClass::Case => &[Cases, Other],
        UnitClass::Piece => &[Cases, Items, Information],
        UnitClass::Person => &[Suspects, Penalized, Assisted, Other, Actions],
        UnitClass::Thing => &[
            Other,
            Groups,
            Organizations,
            Accounts,
            Information,
            Items,
            Cases,
            Actions,
        ],
        UnitClass::Record => &[Information, Accounts, Actions, Cases, Items, Groups],
        UnitClass::Org => &[Organizations, Accounts, Groups, Other],
        UnitClass::Card => &[Accounts, Items, Information],
        UnitClass::Item => &[Items, Information, Other],
        UnitClass::Place => &[Groups, Organizations, Other, Items],
        // Transactions stopped, frozen or returned (止付…笔) are actions
        // (guide §4); a verb of the police decides it.
        UnitClass::Transaction => &[Actions, Other],
        UnitClass::Money => &[Money],
        UnitClass::Weight => &[Items],
        UnitClass::Data => &[Information, Other],
    }
}

/// What is counted: the counted noun nearest the number decides, then the
/// verb; a noun whose metric depends on the verb asks the verb; guide §4's
/// overriding rules for 起, 次 and readership come first.
pub(crate) fn classify_metric(doc: &Doc, c: &Candidate, (ws, we): Range) -> Metric {
    let v = &*VOCAB;
    let chars = doc.chars();
    let allow = allowed(c.class);
    let before = hits_in(&doc.words.metric, (ws, c.num.prefix_start));
    let after = hits_in(&doc.words.metric, (c.end, we.max(c.end)));
    // The text of the window before the number (empty when an approximation
    // word before the number opens the window).
    let lead = &chars[ws.min(c.num.prefix_start)..c.num.prefix_start];
    // An average or a rate (平均受案数43.1件) measures the crime.
    if c.class != UnitClass::Money && v.average_words.occurs_in(lead) {
        return Metric::Other;
    }
    // Targets of an attack named after the number (向3000多个网站发起攻击,
    // 服务器被攻击), and attacks counted in 次, are no police work.
    let attack = !matches!(c.class, UnitClass::Money | UnitClass::Person)
        && v.attack_words
            .occurs_in(&chars[c.end.min(c.clause.1)..c.clause.1]);
    if c.class == UnitClass::Times {
        let readership = v.readership.occurs_in(lead);
        return if readership || attack {
            Metric::Other
        } else {
            Metric::Actions
        };
    }
    if attack && allow.contains(&Metric::Other) {
        return Metric::Other;
    }
    if c.class == UnitClass::Transaction {
        let handled = before
            .iter()
            .any(|h| v.metric.payload[h.entry].kind == TriggerKind::Verb);
        return if handled {
            Metric::Actions
        } else {
            Metric::Other
        };
    }
    if allow.len() == 1 {
        return allow[0];
    }
    let is_noun = |h: &&WordMatch| {
        v.metric.payload[h.entry].kind != TriggerKind::Verb
            && fits(&v.metric.payload[h.entry].metrics, allow).is_some()
    };
    let is_verb = |h: &&WordMatch| {
        v.metric.payload[h.entry].kind == TriggerKind::Verb
            && fits(&v.metric.payload[h.entry].metrics, allow).is_some()
    };
    // A noun before the last verb is that verb's subject (民警查明2名员工),
    // not what the number counts.
    let last_verb_end = before.iter().rev().find(is_verb).map_or(0, |h| h.end);
    let noun_before = before
        .iter()
        .rev()
        .take_while(|h| h.start >= last_verb_end)
        .find(is_noun);
    // The counted noun after the number, near it or after a description
    // closed by 的 (3个从事…推广引流的团伙).
    let described = (c.end..(c.end + DESCRIPTION_MAX).min(c.clause.1))
        .rev()
        .find(|&i| chars[i] == '的');
    let noun_after_near = after.iter().find(|h| {
        is_noun(h)
            && (h.start <= c.end + NOUN_AFTER
                || described.is_some_and(|d| h.start > d && h.start <= d + NOUN_AFTER))
    });
    // A noun before 的 qualifies what follows (问题的665家单位), it is not
    // what is counted.
    let adjacent = noun_before.filter(|h| {
        h.end + ADJACENT_GAP >= c.num.prefix_start
            && !chars[h.end..c.num.prefix_start].contains(&'的')
    });
    let noun = adjacent
        .or(noun_after_near)
        .or(noun_before)
        .or_else(|| after.iter().find(is_noun));
    let verb = before
        .iter()
        .rev()
        .find(is_verb)
        .or_else(|| after.iter().find(is_verb));
    let verb_metrics = verb.map(|h| v.metric.payload[h.entry].metrics.as_slice());
    // A clause that only sums up (共计1.1万人): the verb of its sentence
    // before it (依法予以训诫…，共计1.1万人).
    let sums_up = v
        .sum_words
        .starts(&chars[c.clause.0.min(c.num.prefix_start)..c.num.prefix_start]);
    let verb_metrics = verb_metrics.or_else(|| {
        if !sums_up {
            return None;
        }
        hits_in(&doc.words.metric, (c.sentence.0, ws))
            .iter()
            .rev()
            .find(is_verb)
            .map(|h| v.metric.payload[h.entry].metrics.as_slice())
    });
    match noun {
        Some(h) => {
            let t = &v.metric.payload[h.entry];
            if let Some(m) = site_metric(doc, h, (before, after), allow) {
                return m;
            }
            if t.kind == TriggerKind::Amb {
                // The first verb (nearest first) that picks one of the noun's metrics.
                let verbs = before.iter().rev().chain(after.iter()).filter(is_verb);
                for vh in verbs {
                    let vm = &v.metric.payload[vh.entry].metrics;
                    if let Some(m) = vm
                        .iter()
                        .find(|m| t.metrics.contains(m) && allow.contains(m))
                    {
                        return *m;
                    }
                }
            }
            fits(&t.metrics, allow).unwrap_or(allow[0])
        }
        None => verb_metrics
            .and_then(|m| fits(m, allow))
            .unwrap_or(allow[0]),
    }
}

/// A website or platform: the noun the metric triggers list for accounts,
/// organisations and groups alike.
fn is_site(h: &WordMatch) -> bool {
    let t = &VOCAB.metric.payload[h.entry];
    t.kind == TriggerKind::Amb && t.metrics.contains(&Metric::Groups)
}

/// Guide §4 for websites and platforms: the verb decides — closed, banned
/// or blocked (关停, 封堵) are accounts, found or destroyed (捣毁, 发现) are
/// groups; with neither verb a criminal one (涉毒网站) is a group. The site
/// is the counted noun, or heads the nouns right before the number with no
/// verb between (赌博网站及APP, 赌博网站链接) unless that noun is a flaw or
/// problem of the site.
fn site_metric(
    doc: &Doc,
    noun: &WordMatch,
    (before, after): (&[WordMatch], &[WordMatch]),
    allow: &[Metric],
) -> Option<Metric> {
    let v = &*VOCAB;
    let is_verb = |h: &WordMatch| v.metric.payload[h.entry].kind == TriggerKind::Verb;
    let counted = is_site(noun);
    // Flaws and problems of a site (网站安全漏洞) are `other`: the site only owns them.
    let owned = v.metric.payload[noun.entry]
        .metrics
        .contains(&Metric::Other);
    let site = if counted {
        noun
    } else if owned {
        return None;
    } else {
        before
            .iter()
            .rev()
            .take_while(|h| !is_verb(h))
            .find(|h| is_site(h) && h.start < noun.start)?
    };
    // A verb of closing or destroying decides accounts or groups; one of
    // inspecting or rectifying (检查, 整治) makes the sites operators.
    let site_verb = |h: &WordMatch| {
        let metrics = &v.metric.payload[h.entry].metrics;
        let first = *metrics.first()?;
        if matches!(first, Metric::Accounts | Metric::Groups) {
            Some(first)
        } else {
            (first == Metric::Organizations).then_some(Metric::Organizations)
        }
    };
    // The verb before the site, or in a passive right after it (网站被关停).
    let verb = before
        .iter()
        .rev()
        .filter(|h| h.end <= site.start && is_verb(h))
        .find_map(site_verb)
        .or_else(|| {
            after
                .iter()
                .filter(|h| h.start >= site.end && h.start <= site.end + PASSIVE_GAP && is_verb(h))
                .find_map(site_verb)
        });
    match verb {
        Some(m) => allow.contains(&m).then_some(m),
        // Sites counted in 家 are their operators (查处涉赌网站17家).
        None if allow[0] == Metric::Organizations => Some(Metric::Organizations),
        None => (counted && allow.contains(&Metric::Groups) && names_crime_before(doc, site))
            .then_some(Metric::Groups),
    }
}

/// A topic word right before a counted noun: the thing is criminal.
fn names_crime_before(doc: &Doc, noun: &WordMatch) -> bool {
    let hs = hits_in(
        &doc.words.topics,
        (noun.start.saturating_sub(CRIME_BEFORE), noun.start),
    );
    let crime = |w: &TopicWord| match w {
        TopicWord::Topics(cs) => cs
            .iter()
            .any(|c| !matches!(c, Category::NetworkSecurity | Category::Minors)),
        _ => false,
    };
    hs.iter()
        .any(|t| t.end + CRIME_GAP >= noun.start && crime(&VOCAB.topics.payload[t.entry]))
}

fn fits(metrics: &[Metric], allow: &[Metric]) -> Option<Metric> {
    metrics.iter().find(|m| allow.contains(m)).copied()
}
