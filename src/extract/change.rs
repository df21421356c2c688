//! Year-over-year changes (guide §3 `change`): 同比上升/下降 X% or X倍,
//! attached to the fact they qualify in the same sentence — the named
//! quantities when the text names them (案件数同比…, 案件数和抓获人数分别…),
//! else the nearest one before, or the last n before for a
//! respectively-construction; every one before for 均.
//! Month-on-month changes (环比) are not recorded.

use crate::extract::doc::{hits_in, Candidate, Doc};
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
    (!values.is_empty()).then_some(Change {
        pos: start,
        values,
        each,
        respectively,
    })
}

/// Every year-over-year comparison in the text, in order.
/// `markers`: the matches of the change markers in `chars`, in order.
pub fn find_changes(chars: &[char], markers: &[WordMatch]) -> Vec<Change> {
    markers
        .iter()
        .filter_map(|m| parse_at(chars, m.start, m.end - m.start))
        .collect()
}

/// Attaches every comparison to the facts it qualifies.
pub fn attach(doc: &Doc, cands: &mut [Candidate]) {
    // Both lists are in source order: walk them together.
    let mut first = 0;
    for ch in find_changes(doc.chars(), &doc.words.change_markers) {
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
