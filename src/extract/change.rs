//! Year-over-year changes (guide §3 `change`): 同比上升/下降 X% or X倍,
//! attached to the fact they qualify in the same sentence — the named
//! quantities when the text names them (案件数同比…, 案件数和抓获人数分别…),
//! else the nearest one before, or the last n before for a
//! respectively-construction; every one before for 均.
//! Month-on-month changes (环比) are not recorded.
//!
//! A comparison with a named earlier year is year-over-year as well
//! (较2020年减少27%, 比前年多6倍, 是2019年的3.4倍 → 240), and so is, in an
//! article that compares years, a bare rise or fall right after a fact
//! (去年有168宗,上升35%) or before it (涉案金额增长42%至3700万元: the
//! change qualifies the fact after 至). An absolute difference (较2020年
//! 多734宗) is no change: only a percent or a multiple is recorded.

use crate::extract::doc::{hits_in, Candidate, Covered, Doc};
use crate::extract::vocab::VOCAB;
use crate::extract::word_index::WordMatch;
use crate::model::Metric;
use rust_decimal::Decimal;

/// One comparison found in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Where the comparison starts (its marker, or a 分别 before it).
    pub pos: usize,
    pub values: Vec<Decimal>,
    /// 均/都: one value for every fact before it.
    pub each: bool,
    pub respectively: bool,
    /// The comparison runs up to the fact it qualifies (增长42%至3700万元):
    /// where that fact's number (or its approximation word) starts.
    pub qualifies_at: Option<usize>,
    /// One past its last value.
    pub end: usize,
}

/// Reads `171.3%`, `1倍`; `None` for anything else (个百分点, a fact's number).
fn percent_at(chars: &[char], pos: usize) -> Option<(Decimal, usize)> {
    let n = chars[pos..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == '.')
        .count();
    let text: String = chars[pos..pos + n].iter().collect();
    let value = crate::extract::numbers::parse_plain(&text)?;
    match chars.get(pos + n) {
        Some('%') => Some((value, n + 1)),
        Some('倍') => Some((value * Decimal::ONE_HUNDRED, n + 1)),
        _ => None,
    }
}

/// Longest year comparison read as a marker (较2017年同期相比).
const YEAR_MARKER_MAX: usize = 10;
/// Most characters of a named quantity before a bare change at a clause's
/// start (宗数上升1.5倍, 损失金额增3倍).
const BARE_NAME_MAX: usize = 4;
/// Most characters of an absolute difference skipped before its percent
/// (减少了1.6亿元或73%).
const DIFFERENCE_MAX: usize = 10;

/// The length of a comparison with a named year at `pos` (较2017年,
/// 比2016年同期, 与2017年相比), or `None`.
fn year_comparison_at(chars: &[char], pos: usize) -> Option<usize> {
    let lead = match chars.get(pos..pos + 2) {
        Some(['较' | '比', d]) if d.is_ascii_digit() => 1,
        Some(['与' | '同', d]) if d.is_ascii_digit() => 1,
        _ => return None,
    };
    let digits = chars[pos + lead..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits != 4 || chars.get(pos + lead + digits) != Some(&'年') {
        return None;
    }
    let mut n = lead + digits + 1;
    for tail in ["同期", "相比", "比较"] {
        let t: Vec<char> = tail.chars().collect();
        if chars[pos + n..].starts_with(&t) {
            n += t.len();
        }
    }
    (n <= YEAR_MARKER_MAX).then_some(n)
}

/// 是2019年的3.4倍: the figure is N times the earlier year's, a change of
/// (N − 1) × 100 percent.
fn times_of_year_at(chars: &[char], pos: usize) -> Option<Change> {
    if chars.get(pos) != Some(&'是') {
        return None;
    }
    let n = year_comparison_at(chars, pos).or_else(|| {
        let digits = chars[pos + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        (digits == 4 && chars.get(pos + 1 + digits) == Some(&'年')).then_some(digits + 2)
    })?;
    let mut i = pos + n;
    if chars.get(i) == Some(&'的') {
        i += 1;
    }
    let len = chars[i..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == '.')
        .count();
    if chars.get(i + len) != Some(&'倍') {
        return None;
    }
    let text: String = chars[i..i + len].iter().collect();
    let times = crate::extract::numbers::parse_plain(&text)?;
    Some(Change {
        pos,
        values: vec![((times - Decimal::ONE) * Decimal::ONE_HUNDRED).normalize()],
        each: false,
        respectively: false,
        qualifies_at: None,
        end: i + len + 1,
    })
}

/// Parses the comparison whose marker starts at `pos`.
fn parse_at(chars: &[char], pos: usize, marker_len: usize) -> Option<Change> {
    let before: String = chars[pos.saturating_sub(3)..pos].iter().collect();
    let mut respectively = before.contains("分别");
    let mut each = false;
    let mut sign = Decimal::ONE;
    let mut i = pos + marker_len;
    loop {
        if let Some(n) = VOCAB.change_fillers.at(chars, i) {
            let w: String = chars[i..i + n].iter().collect();
            respectively |= w == "分别";
            each |= w == "均" || w == "都" || w == "各";
            i += n;
        } else if let Some(n) = VOCAB.change_up.at(chars, i) {
            i += n;
        } else if let Some(n) = VOCAB.change_down.at(chars, i) {
            sign = -Decimal::ONE;
            i += n;
        } else {
            break;
        }
    }
    // 减少了1.6亿元或73%: the absolute difference is skipped for its percent.
    if percent_at(chars, i).is_none() {
        let or = (i..(i + DIFFERENCE_MAX).min(chars.len())).find(|&k| chars[k] == '或');
        if let Some(k) = or.filter(|&k| percent_at(chars, k + 1).is_some()) {
            i = k + 1;
        }
    }
    let mut values = Vec::new();
    while let Some((v, n)) = percent_at(chars, i) {
        values.push((v * sign).normalize());
        i += n;
        match chars.get(i) {
            Some('、' | '和' | '及' | ',')
                if chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) =>
            {
                i += 1
            }
            _ => break,
        }
    }
    let start = if respectively && before.contains("分别") {
        pos - 2
    } else {
        pos
    };
    let qualifies_at = (chars.get(i) == Some(&'至')).then_some(i + 1);
    (!values.is_empty()).then_some(Change {
        pos: start,
        values,
        each,
        respectively,
        qualifies_at,
        end: i,
    })
}

/// Every year-over-year comparison in the text, in order: after a marker
/// word (同比), after a named year (较2017年), and N times a year's figure.
/// `markers`: the matches of the change markers in `chars`, in order.
pub fn find_changes(chars: &[char], markers: &[WordMatch]) -> Vec<Change> {
    let mut out: Vec<Change> = markers
        .iter()
        .filter_map(|m| parse_at(chars, m.start, m.end - m.start))
        .collect();
    // Every comparison with a named year writes the year's digits right
    // after its first character: testing the next character for a digit
    // first is one well-predicted comparison per character (digits come in
    // runs), where the five starting characters are common and come at
    // random.
    for (pos, pair) in chars.windows(2).enumerate() {
        if pair[1].is_ascii_digit() && matches!(pair[0], '较' | '比' | '与' | '同' | '是') {
            let found = times_of_year_at(chars, pos)
                .or_else(|| year_comparison_at(chars, pos).and_then(|n| parse_at(chars, pos, n)));
            out.extend(found);
        }
    }
    out.sort_by_key(|c| c.pos);
    out
}

/// A rise or fall with no marker whose percent or multiple starts at
/// `num` (上升55%, 宗数上升1.5倍, 上升61%至…): the clause has only a named
/// quantity before it, or the change runs up to its fact (至).
fn bare_at(chars: &[char], num: usize, clause_start: usize) -> Option<Change> {
    let v = &*VOCAB;
    let (value, len) = percent_at(chars, num)?;
    // The rise or fall word ends at the number, or before a filler (了).
    let word_end = if num > clause_start && v.change_fillers.at(chars, num - 1) == Some(1) {
        num - 1
    } else {
        num
    };
    let (pos, sign) = (1..=2)
        .filter(|&n| word_end >= clause_start + n)
        .find_map(|n| {
            let p = word_end - n;
            if v.change_up.at(chars, p) == Some(n) {
                Some((p, Decimal::ONE))
            } else if v.change_down.at(chars, p) == Some(n) {
                Some((p, -Decimal::ONE))
            } else {
                None
            }
        })?;
    let before = &chars[clause_start..pos];
    let named =
        before.len() <= BARE_NAME_MAX && before.iter().all(|c| crate::text::normalize::is_han(*c));
    let qualifies_at = (chars.get(num + len) == Some(&'至')).then_some(num + len + 1);
    // 环比 and 较上月 compare months: never a year-over-year change.
    let monthly = before.contains(&'环') || before.contains(&'月');
    ((named || qualifies_at.is_some()) && !monthly).then_some(Change {
        pos,
        values: vec![(value * sign).normalize()],
        each: false,
        respectively: false,
        qualifies_at,
        end: num + len,
    })
}

/// The bare changes of a document that compares years (it has at least one
/// marked comparison), not already read as marked ones.
fn bare_changes(doc: &Doc, marked: &[Change]) -> Vec<Change> {
    if marked.is_empty() {
        return Vec::new();
    }
    let chars = doc.chars();
    let marked_at = Covered::new(marked.iter().map(|m| (m.pos, m.end)));
    let mut out = Vec::new();
    for &(s, e) in &doc.seg.clauses {
        for (k, &c) in chars[s..e].iter().enumerate() {
            if !matches!(c, '%' | '倍') {
                continue;
            }
            let p = s + k;
            let num = (s..p)
                .rev()
                .take_while(|&i| chars[i].is_ascii_digit() || chars[i] == '.')
                .last();
            let Some(num) = num else { continue };
            if marked_at.contains(num) {
                continue;
            }
            out.extend(bare_at(chars, num, s));
        }
    }
    out
}

/// Attaches every comparison to the facts it qualifies.
pub fn attach(doc: &Doc, cands: &mut [Candidate]) {
    let marked = find_changes(doc.chars(), &doc.words.change_markers);
    let mut all = bare_changes(doc, &marked);
    all.extend(marked);
    all.sort_by_key(|c| c.pos);
    // A change running up to its fact (增长一成至3200起) qualifies that fact:
    // the first candidate whose number (or its prefix) starts there. The
    // candidates are in source order and a prefix never reaches back over
    // the number before it, so that is the first whose number starts at or
    // after the position, found by binary search (a long document holds
    // thousands of both).
    let (after, before): (Vec<Change>, Vec<Change>) =
        all.into_iter().partition(|c| c.qualifies_at.is_some());
    for ch in &after {
        let at = ch.qualifies_at.unwrap_or(usize::MAX);
        let k = cands.partition_point(|c| c.num.start < at);
        if let Some(c) = cands
            .get_mut(k)
            .filter(|c| c.num.start == at || c.num.prefix_start == at)
        {
            c.change = Some(ch.values[0]);
        }
    }
    // Both lists are in source order: walk them together.
    let mut first = 0;
    for ch in before {
        while first < cands.len() && cands[first].sentence.1 <= ch.pos {
            first += 1;
        }
        let mut before = Vec::new();
        let mut i = first;
        while i < cands.len() && cands[i].end <= ch.pos {
            if cands[i].sentence.0 <= ch.pos && cands[i].sentence.1 > ch.pos {
                before.push(i);
            }
            i += 1;
        }
        // A fact already qualified by an earlier comparison is not qualified again.
        let taken = first;
        first = i;
        let before: Vec<usize> = before.into_iter().filter(|&k| k >= taken).collect();
        if before.is_empty() {
            continue;
        }
        if ch.each {
            for &i in &before {
                cands[i].change = Some(ch.values[0]);
            }
        } else {
            // One value or several: a named quantity (案件数同比…) picks its
            // fact; without one, the nearest facts before take the values.
            let targets = named_targets(doc, cands, &before, ch.pos, ch.values.len())
                .unwrap_or_else(|| {
                    before
                        .iter()
                        .rev()
                        .take(ch.values.len())
                        .rev()
                        .copied()
                        .collect()
                });
            for (i, v) in targets.into_iter().zip(&ch.values) {
                cands[i].change = Some(*v);
            }
        }
    }
}

/// "案件数和抓获人数分别…", "案件数同比…": the facts of the quantities
/// named between the last fact and the comparison, when every value has one.
fn named_targets(
    doc: &Doc,
    cands: &[Candidate],
    before: &[usize],
    pos: usize,
    n: usize,
) -> Option<Vec<usize>> {
    let last = *before.last()?;
    let names: Vec<Metric> = hits_in(&doc.words.change_names, (cands[last].end, pos))
        .iter()
        .map(|h| VOCAB.change_names.payload[h.entry])
        .collect();
    if names.len() != n {
        return None;
    }
    names
        .iter()
        .map(|m| {
            before
                .iter()
                .rev()
                .find(|&&i| cands[i].metric == *m)
                .copied()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected comparisons: (values, each, respectively).
    type Expected<'a> = &'a [(&'a [&'a str], bool, bool)];

    /// Finds the comparisons in `text` as (values, each, respectively).
    fn check(text: &str, expected: Expected) {
        let chars: Vec<char> = text.chars().collect();
        let markers = VOCAB.scan(&chars).change_markers;
        let got: Vec<(Vec<String>, bool, bool)> = find_changes(&chars, &markers)
            .into_iter()
            .map(|c| {
                (
                    c.values.iter().map(|v| v.to_string()).collect(),
                    c.each,
                    c.respectively,
                )
            })
            .collect();
        let want: Vec<(Vec<String>, bool, bool)> = expected
            .iter()
            .map(|(v, e, r)| (v.iter().map(|s| s.to_string()).collect(), *e, *r))
            .collect();
        assert_eq!(got, want, "changes in {text:?}");
    }

    #[test]
    fn changes_table() {
        let cases: &[(&str, Expected)] = &[
            ("同比上升171.3%", &[(&["171.3"], false, false)]),
            (
                "分别同比上升171.3%、193.6%",
                &[(&["171.3", "193.6"], false, true)],
            ),
            ("同比分别下降20%和5%", &[(&["-20", "-5"], false, true)]),
            ("同比均超过30%", &[(&["30"], true, false)]),
            ("同比增长1倍", &[(&["100"], false, false)]),
            ("环比上升20%", &[]),
            ("同比上升3个百分点", &[]),
        ];
        for (text, expected) in cases {
            check(text, expected);
        }
    }
}
