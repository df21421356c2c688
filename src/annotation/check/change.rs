//! A fact's `change` against the year-over-year wording of its sentence
//! (guide §3 `change`): the change is a percentage written in the fact's own
//! sentence, positive after 上升/增长, negative after 下降/减少, 倍 read as a
//! hundred percent; in a respectively-construction (分别同比…) the changes go
//! to the facts in the order they are written.
//!
//! The sentence is read in the normalised view (Simplified, full-width forms
//! folded) with the vocabulary's words (change markers, fillers and
//! directions). The word 同比 itself is not required: a report on last year
//! that writes 较2020年减少27% gives a year-over-year change too (the
//! repository's annotations of real reports decided so). What is held
//! against a fact is only what the sentence plainly writes:
//! - no percentage (or 倍) anywhere in the sentence: the change came from
//!   elsewhere (an error);
//! - no percentage of the change's size: an error;
//! - only percentages of its size whose direction word says the other sign:
//!   an error (a percentage without a direction word the vocabulary knows,
//!   such as 增29%, may have either sign);
//! - in a 分别-construction that does not name its quantities, the changes
//!   of its facts out of the written order: an error.

use crate::annotation::check::diag::Severity;
use crate::annotation::check::schema::{FactEntry, Sink};
use crate::extract::vocab::VOCAB;
use crate::model::FactField;
use crate::text::locate::{Span, Text};
use crate::text::normalize::normalize;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Characters that end a sentence (guide §5: "its sentence (up to 。！？)");
/// a sentence never runs past the end of its line. A question mark also
/// stands for an illegible digit (guide §3 `value`): it ends a sentence only
/// before a line break, a closing quotation mark or the end of the text, as
/// the extractor reads it.
const SENTENCE_ENDS: &[char] = &['。', '！', '!', '\n', '\r'];
const QUESTION_MARKS: &[char] = &['？', '?'];
const AFTER_A_QUESTION: &[char] = &['\n', '\r', '”', '"', '」'];

/// What joins the percentages of one comparison (171.3%、193.6%).
const JOINS: &[char] = &['、', '和', '及', ','];

/// A percentage written in a sentence, with the sign its direction word
/// gives (`None` when no direction word the vocabulary knows precedes it).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Written {
    size: Decimal,
    /// N倍 is N×100 (同比增长1倍 → 100) or, as 是去年的N倍, (N−1)×100.
    other_size: Option<Decimal>,
    sign: Option<Decimal>,
}

impl Written {
    fn has_size(&self, size: Decimal) -> bool {
        self.size == size || self.other_size == Some(size)
    }

    fn shown(&self) -> String {
        let one = |size: Decimal| match self.sign {
            Some(s) => (size * s).normalize().to_string(),
            None => format!("±{size}"),
        };
        match self.other_size {
            Some(other) => format!("{} (or {})", one(self.size), one(other)),
            None => one(self.size),
        }
    }
}

/// A respectively-construction: 分别 with a change marker and several
/// percentages.
#[derive(Clone, Debug, PartialEq)]
struct Respectively {
    /// As written (normalised), for messages.
    written: String,
    /// The signed changes, in the order written.
    values: Vec<Decimal>,
    /// The quantities are named (案件数和抓获人数分别…): paired by name.
    named: bool,
}

/// What a sentence writes about changes.
struct Sentence {
    span: Span,
    percentages: Vec<Written>,
    respectively: Vec<Respectively>,
}

/// Checks the `change` of every placed fact against its sentence.
pub fn check_changes(placed: &[(&FactEntry, Span)], text: &Text, sink: &mut Sink) {
    let mut sentences: Vec<Sentence> = Vec::new();
    // Facts whose change is a value of a respectively-construction, in
    // source order: (fact, sentence, construction, value index).
    let mut paired: Vec<(&FactEntry, usize, usize, usize)> = Vec::new();
    let mut chars: Vec<char> = Vec::new();
    for &(fact, span) in placed {
        let Some(change) = fact.change else {
            continue;
        };
        if chars.is_empty() {
            chars = text.as_str().chars().collect();
        }
        // Facts of one sentence share its reading: each sentence is read once.
        let known = sentences
            .iter()
            .position(|s| s.span.start <= span.start && span.start < s.span.end);
        let at = known.unwrap_or_else(|| {
            sentences.push(read_sentence(&chars, sentence_of(&chars, span)));
            sentences.len() - 1
        });
        let sentence = &sentences[at];
        let change = change.0.normalize();
        if let Some(problem) = judge(change, &sentence.percentages) {
            sink.at(
                Severity::Error,
                fact.pos(FactField::Change),
                problem,
                Some("`change` is the year-over-year change written in the fact's own sentence, in percent: 上升/增长 positive, 下降/减少 negative, 1倍 is 100 (guide §3 `change`)".into()),
            );
            continue;
        }
        let construction = sentence
            .respectively
            .iter()
            .enumerate()
            .find_map(|(c, r)| r.values.iter().position(|v| *v == change).map(|v| (c, v)));
        if let Some((c, v)) = construction {
            paired.push((fact, at, c, v));
        }
    }
    check_respectively(&paired, &sentences, sink);
}

/// What is wrong with `change` given the percentages of its sentence.
fn judge(change: Decimal, written: &[Written]) -> Option<String> {
    if written.is_empty() {
        return Some(format!(
            "change {change} but the fact's sentence writes no percentage: a change in another sentence is not attached"
        ));
    }
    let size = change.abs();
    let sign = if change < Decimal::ZERO {
        -Decimal::ONE
    } else {
        Decimal::ONE
    };
    let same_size: Vec<&Written> = written.iter().filter(|w| w.has_size(size)).collect();
    let listed = || {
        written
            .iter()
            .map(Written::shown)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if same_size.is_empty() {
        return Some(format!(
            "change {change} is not a percentage of its sentence, which writes {}",
            listed()
        ));
    }
    if same_size
        .iter()
        .all(|w| w.sign.is_some_and(|s| s != sign && size != Decimal::ZERO))
    {
        return Some(format!(
            "change {change} has the wrong sign: its sentence writes {}",
            listed()
        ));
    }
    None
}

/// In a respectively-construction the changes go to the facts in the order
/// they are written: a fact given an earlier change than the fact before it
/// is out of order. A construction that names its quantities pairs them by
/// name instead and is not checked here.
fn check_respectively(
    paired: &[(&FactEntry, usize, usize, usize)],
    sentences: &[Sentence],
    sink: &mut Sink,
) {
    for (i, &(fact, s, c, v)) in paired.iter().enumerate() {
        let construction = &sentences[s].respectively[c];
        if construction.named || construction.values.len() < 2 {
            continue;
        }
        let earlier = paired[..i]
            .iter()
            .rev()
            .find(|(_, s2, c2, _)| (*s2, *c2) == (s, c));
        let Some(&(before, _, _, v_before)) = earlier else {
            continue;
        };
        if v_before > v {
            sink.at(
                Severity::Error,
                fact.pos(FactField::Change),
                format!(
                    "changes out of order: `{}` pairs its changes with the facts in the order written, but this fact has {} and the one before it {}",
                    construction.written,
                    construction.values[v],
                    construction.values[v_before]
                ),
                Some(format!(
                    "in a respectively-construction (分别) the first change goes to the first fact (guide §3 `change`): swap the changes of this fact and of the fact at line {}",
                    before.pos(FactField::Quote).line
                )),
            );
        }
    }
}

/// The sentence of the source holding a span: from the last sentence end
/// before it to the first after its start.
fn sentence_of(chars: &[char], span: Span) -> Span {
    let ends_at = |i: usize| {
        SENTENCE_ENDS.contains(&chars[i])
            || (QUESTION_MARKS.contains(&chars[i])
                && chars
                    .get(i + 1)
                    .is_none_or(|c| AFTER_A_QUESTION.contains(c)))
    };
    let start = (0..span.start.min(chars.len()))
        .rev()
        .find(|&i| ends_at(i))
        .map_or(0, |i| i + 1);
    let end = (span.start..chars.len())
        .find(|&i| ends_at(i))
        .unwrap_or(chars.len());
    Span::new(start, end.max(span.end))
}

/// Reads the percentages and respectively-constructions of a sentence.
fn read_sentence(source: &[char], span: Span) -> Sentence {
    let raw: String = source[span.start..span.end.min(source.len())]
        .iter()
        .collect();
    let chars: Vec<char> = normalize(&raw).text().chars().collect();
    let found = VOCAB.scan(&chars);
    let respectively = found
        .change_markers
        .iter()
        .filter_map(|m| {
            let mut r = read_respectively(&chars, m.start, m.end)?;
            let last_number = chars[..m.start].iter().rposition(|c| c.is_ascii_digit());
            r.named = found
                .change_names
                .iter()
                .any(|n| last_number.is_none_or(|d| n.start > d) && n.end <= m.start);
            Some(r)
        })
        .collect();
    let mut marked = vec![false; chars.len()];
    for m in &found.change_markers {
        marked[m.start..m.end].fill(true);
    }
    Sentence {
        span,
        percentages: percentages(&chars, &marked),
        respectively,
    }
}

/// Every percentage (and 倍) of a normalised sentence, each with the sign of
/// the direction word before it: a direction holds across fillers (分别, 均,
/// 达 …), change markers, joins and the percentages of one list, and ends
/// at any other character.
/// `marked[i]`: a change marker covers character `i`.
fn percentages(chars: &[char], marked: &[bool]) -> Vec<Written> {
    let v = &*VOCAB;
    let mut out = Vec::new();
    let mut sign = None;
    let mut i = 0;
    while i < chars.len() {
        if let Some(n) = v.change_up.at(chars, i) {
            sign = Some(Decimal::ONE);
            i += n;
        } else if let Some(n) = v.change_down.at(chars, i) {
            sign = Some(-Decimal::ONE);
            i += n;
        } else if let Some(n) = v.change_fillers.at(chars, i) {
            i += n;
        } else if let Some((size, n)) = percentage_at(chars, i) {
            let times = chars[i + n - 1] == '倍';
            out.push(Written {
                size,
                other_size: times
                    .then(|| size - Decimal::ONE_HUNDRED)
                    .filter(|s| *s > Decimal::ZERO),
                sign,
            });
            i += n;
        } else if chars[i].is_ascii_digit() {
            // A number that is not a percentage: what follows is not a change.
            sign = None;
            i += chars[i..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || **c == '.')
                .count();
        } else {
            if !JOINS.contains(&chars[i]) && !marked[i] {
                sign = None;
            }
            i += 1;
        }
    }
    out
}

/// Reads the respectively-construction whose marker is `chars[start..end]`:
/// 分别 before or after the marker, then percentages joined by 、和及.
fn read_respectively(chars: &[char], start: usize, end: usize) -> Option<Respectively> {
    let v = &*VOCAB;
    let before: String = chars[start.saturating_sub(2)..start].iter().collect();
    let mut respectively = before == "分别";
    let mut sign = Decimal::ONE;
    let mut values = Vec::new();
    let mut i = end;
    loop {
        if let Some(n) = v.change_fillers.at(chars, i) {
            respectively |= chars[i..i + n].iter().collect::<String>() == "分别";
            i += n;
        } else if let Some(n) = v.change_up.at(chars, i) {
            sign = Decimal::ONE;
            i += n;
        } else if let Some(n) = v.change_down.at(chars, i) {
            sign = -Decimal::ONE;
            i += n;
        } else if let Some((x, n)) = percentage_at(chars, i) {
            values.push((x * sign).normalize());
            i += n;
            match chars.get(i) {
                Some(c) if JOINS.contains(c) => i += 1,
                _ => break,
            }
        } else {
            break;
        }
    }
    let from = if before == "分别" { start - 2 } else { start };
    let written: String = chars[from..i]
        .iter()
        .collect::<String>()
        .trim_end_matches(JOINS)
        .to_string();
    (respectively && values.len() > 1).then_some(Respectively {
        written,
        values,
        named: false,
    })
}

/// `171.3%` → 171.3, `1倍` → 100; anything else (个百分点) is no change.
fn percentage_at(chars: &[char], pos: usize) -> Option<(Decimal, usize)> {
    let n = chars[pos.min(chars.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == '.')
        .count();
    if n == 0 {
        return None;
    }
    let value = Decimal::from_str(&chars[pos..pos + n].iter().collect::<String>()).ok()?;
    match chars.get(pos + n) {
        Some('%') => Some((value.normalize(), n + 1)),
        Some('倍') => Some(((value * Decimal::ONE_HUNDRED).normalize(), n + 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The percentages of a sentence with their signs, and its
    /// respectively-constructions.
    fn check(sentence: &str, percentages_expected: &str, respectively_expected: &[&str]) {
        let chars: Vec<char> = sentence.chars().collect();
        let read = read_sentence(&chars, Span::new(0, chars.len()));
        let got: Vec<String> = read.percentages.iter().map(Written::shown).collect();
        assert_eq!(
            got.join(" "),
            percentages_expected,
            "percentages of {sentence:?}"
        );
        let got: Vec<String> = read
            .respectively
            .iter()
            .map(|r| {
                let values: Vec<String> = r.values.iter().map(|v| v.to_string()).collect();
                format!(
                    "{}: {}{}",
                    r.written,
                    values.join(" "),
                    if r.named { " (named)" } else { "" }
                )
            })
            .collect();
        assert_eq!(got, respectively_expected, "constructions of {sentence:?}");
    }

    #[test]
    fn sentences_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("案件5300起,同比上升171.3%", "171.3", &[]),
            ("同比下降20%", "-20", &[]),
            ("同比增长1倍", "100", &[]),
            ("是2019年的3.4倍", "±340 (or ±240)", &[]),
            (
                "案件5300起,抓获8707人,分别同比上升171.3%、193.6%",
                "171.3 193.6",
                &["分别同比上升171.3%、193.6%: 171.3 193.6"],
            ),
            (
                "同比分别下降20%和5%",
                "-20 -5",
                &["同比分别下降20%和5%: -20 -5"],
            ),
            // 超过 is a filler: no direction word, either sign.
            ("同比均超过30%", "±30", &[]),
            (
                "同比分别上升12%、下降5%",
                "12 -5",
                &["同比分别上升12%、下降5%: 12 -5"],
            ),
            // Without 同比, and without a direction word the vocabulary knows.
            ("较2020年减少27%至482宗", "-27", &[]),
            // 增 alone is a direction word (vocab.txt [change_up]).
            ("去年的宗数增17%至356宗", "17", &[]),
            ("去年的宗数变动17%至356宗", "±17", &[]),
            ("涉案总金额上升1.5倍至3亿元", "150 (or 50)", &[]),
            // A share is a percentage too; a number ends a direction.
            ("上升的案件占90%", "±90", &[]),
            ("同比上升3个百分点", "", &[]),
            (
                "案件数和抓获人数分别同比上升54%、173%",
                "54 173",
                &["分别同比上升54%、173%: 54 173 (named)"],
            ),
        ];
        for (sentence, percentages, constructions) in cases {
            check(sentence, percentages, constructions);
        }
    }

    #[test]
    fn judgements_table() {
        let w = |size: &str, sign: Option<i64>| Written {
            size: Decimal::from_str(size).unwrap(),
            other_size: None,
            sign: sign.map(Decimal::from),
        };
        let cases: &[(&str, Vec<Written>, Option<&str>)] = &[
            ("-20", vec![w("20", Some(-1))], None),
            ("20", vec![w("20", Some(-1))], Some("change 20 has the wrong sign: its sentence writes -20")),
            ("29", vec![w("29", None)], None),
            ("-29", vec![w("29", None)], None),
            ("200", vec![w("100", Some(1))], Some("change 200 is not a percentage of its sentence, which writes 100")),
            ("12", vec![], Some("change 12 but the fact's sentence writes no percentage: a change in another sentence is not attached")),
            ("12", vec![w("12", Some(-1)), w("12", Some(1))], None),
        ];
        for (change, written, expected) in cases {
            let got = judge(Decimal::from_str(change).unwrap(), written);
            assert_eq!(
                got.as_deref(),
                *expected,
                "change {change} against {written:?}"
            );
        }
    }
}
