//! A quote must say what is counted (guide §3 `quote`: it "contains the
//! number, its unit, and the words that say what is counted"): `1200起`
//! alone is not a quote, `破获诈骗案件1200起` is.
//!
//! A quote with nothing but its number, measure word and approximation
//! words is an error, and a warning when it touches another fact's quote
//! (the counted words may sit between two numbers, 百多人被骗四千万, and the
//! annotator may have left them to the neighbour rather than overlap it). A quote whose only other word is a single character
//! the vocabulary does not know (共, 达, 计) is a warning: one character
//! rarely says what is counted, though it may (枪, 案). Longer words are not
//! judged: the vocabulary lists the words the extractor triggers on, not
//! every counted noun (转账, 铅弹, 集群战役 say what they count without it).

use crate::annotation::check::diag::Severity;
use crate::annotation::check::quote_numbers::{QuoteNumbers, Written};
use crate::annotation::check::schema::{FactEntry, Sink};
use crate::extract::vocab::VOCAB;
use crate::model::FactField;

/// Checks that the quote holding the number `w` says what it counts;
/// `touches`: the quote touches or overlaps another fact's quote.
pub fn check_counted(f: &FactEntry, q: &QuoteNumbers, w: &Written, touches: bool, sink: &mut Sink) {
    let chars = &q.chars;
    let (start, end) = number_with_words(chars, w);
    let (before, after) = (&chars[..start], &chars[end..]);
    let number: String = chars[start..end].iter().collect();
    let words: Vec<char> = before
        .iter()
        .chain(after)
        .copied()
        .filter(|c| c.is_alphabetic())
        .collect();
    if words.is_empty() && touches {
        sink.at(
            Severity::Warning,
            f.pos(FactField::Quote),
            format!("quote `{number}` does not say what is counted; the words may be in the quote next to it"),
            Some("every quote holds the words that say what is counted (guide §3 `quote`), even when a neighbouring fact's quote holds them too: 百多人被骗 and 被骗四千万, not 四千万".into()),
        );
        return;
    }
    if words.is_empty() {
        sink.at(
            Severity::Error,
            f.pos(FactField::Quote),
            format!("quote `{number}` does not say what is counted"),
            Some("a quote holds the number, its unit and the words that say what is counted (guide §3 `quote`): lengthen it to them, e.g. 破获诈骗案件1200起, not 1200起".into()),
        );
        return;
    }
    let known = |part: &[char]| {
        let found = VOCAB.scan(part);
        !(found.metric.is_empty() && found.topics.is_empty() && found.change_names.is_empty())
    };
    if words.len() == 1 && !known(before) && !known(after) {
        sink.at(
            Severity::Warning,
            f.pos(FactField::Quote),
            format!(
                "quote may not say what `{number}` counts: the only character beside it is `{}`",
                words[0]
            ),
            Some("a quote holds the words that say what is counted (guide §3 `quote`): 破获诈骗案件1200起, not 共1200起".into()),
        );
    }
}

/// The number with the approximation words before and after it and its
/// measure word, as offsets in the quote's normalised characters.
fn number_with_words(chars: &[char], w: &Written) -> (usize, usize) {
    let mut start = w.norm_start;
    if let Some((word, _)) = VOCAB
        .approx_before
        .iter()
        .find(|(word, _)| chars[..start].ends_with(word))
    {
        start -= word.len();
    } else if chars[..start].ends_with(&['上'])
        && chars.get(start).is_some_and(|c| "亿万千百".contains(*c))
    {
        // 上万, 上千: 上 reads the scale word as "over", it counts nothing.
        start -= 1;
    }
    let mut end = w.norm_end + VOCAB.measure_word_at(chars, w.norm_end).unwrap_or(0);
    end += VOCAB.approx_after.at(chars, end).map_or(0, |(n, _)| n);
    (start, end.min(chars.len()))
}
