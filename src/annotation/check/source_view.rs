//! What the validator needs to know about a source text beyond exact quote
//! lookup: a normalised view (to recognise a quote copied from a cleaned-up
//! rendering of the page) and the passage closest to a quote that is not
//! found. Which lines are page furniture is the extractor's reading
//! (`extract::furniture`), not a second one.
//!
//! **Invariant:** every position returned here indexes the original text
//! (see `locate`); the normalised view keeps a map back to it.

use crate::text::locate::{Span, Text};
use crate::text::normalize::{normalize, Normalized};
use similar::TextDiff;

/// The source as the extractor sees it (`normalize`): Simplified, without
/// pinyin artefacts, full-width forms folded, layout spaces removed — the
/// renderings an annotator may have copied a quote from.
pub struct NormalisedView {
    norm: Normalized,
    /// `norm` as one string, for substring search.
    text: String,
}

impl NormalisedView {
    pub fn new(source: &Text) -> NormalisedView {
        let norm = normalize(source.as_str());
        let text = norm.text();
        NormalisedView { norm, text }
    }

    /// Where a quote copied from a normalised rendering sits in the original
    /// text (the first match; a pinyin artefact after its last character is
    /// part of that character's original range).
    pub fn find(&self, quote: &str) -> Option<Span> {
        let q = normalize(quote).text();
        if q.is_empty() {
            return None;
        }
        let byte = self.text.find(&q)?;
        let start = self.text[..byte].chars().count();
        let (first, end) = self.norm.original_span(start, start + q.chars().count());
        Some(Span::new(first, end))
    }
}

/// The passage of the source most like a quote that is not found in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Passage {
    pub span: Span,
    pub line: usize,
    pub text: String,
    pub ratio: f32,
}

/// Below this similarity a passage is not worth showing.
const MIN_RATIO: f32 = 0.5;
/// How many windows, preselected by shared characters, are compared in full.
const CANDIDATES: usize = 40;

/// The window of the quote's length that `similar` rates closest to it.
/// Windows are first ranked by how many of their characters occur in the
/// quote (cheap, with prefix sums), and only the best are diffed.
pub fn closest_passage(source: &Text, quote: &str) -> Option<Passage> {
    let chars: Vec<char> = source.as_str().chars().collect();
    let qlen = quote.chars().count();
    if qlen == 0 || chars.is_empty() {
        return None;
    }
    let width = qlen.min(chars.len());
    let mut shared = vec![0usize; chars.len() + 1];
    for (i, c) in chars.iter().enumerate() {
        shared[i + 1] = shared[i] + usize::from(quote.contains(*c));
    }
    let mut starts: Vec<usize> = (0..=chars.len() - width).collect();
    starts.sort_by_key(|&i| (std::cmp::Reverse(shared[i + width] - shared[i]), i));
    starts.truncate(CANDIDATES);
    let best = starts
        .into_iter()
        .map(|i| {
            let span = Span::new(i, i + width);
            let window = source.slice(span).unwrap_or("");
            (span, TextDiff::from_chars(quote, window).ratio())
        })
        .fold(None::<(Span, f32)>, |best, (span, r)| match best {
            Some((_, b)) if b >= r => best,
            _ => Some((span, r)),
        })?;
    let (span, ratio) = best;
    (ratio >= MIN_RATIO).then(|| Passage {
        span,
        line: source.line_col(span.start).0,
        text: source.slice(span).unwrap_or("").replace(['\n', '\r'], " "),
        ratio,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_view_maps_back_to_the_original() {
        let src = Text::new("前言\n偵辦涉網(wǎng)案件2443起，抓获");
        let view = NormalisedView::new(&src);
        let span = view.find("侦办涉网案件2443起").unwrap();
        assert_eq!(src.slice(span), Some("偵辦涉網(wǎng)案件2443起"));
        let span = view.find("偵辦涉網").unwrap();
        assert_eq!(src.slice(span), Some("偵辦涉網(wǎng)"));
    }

    #[test]
    fn closest_passage_finds_the_near_miss() {
        let src = Text::new("第一行无关。\n本市抓获犯罪嫌疑人8707人，破案\n");
        let p = closest_passage(&src, "抓获犯罪嫌疑人8707名").unwrap();
        assert_eq!((p.line, p.text.as_str()), (2, "抓获犯罪嫌疑人8707人"));
        assert!(closest_passage(&src, "完全不同的句子xyz").is_none());
    }
}
