//! The document as the pipeline's stages see it: the normalised text, its
//! segments and every lexicon's words from the one scan, and the candidate
//! facts the stages fill in.

use crate::extract::numbers::NumberToken;
use crate::extract::segment::{Range, Segments};
use crate::extract::vocab::{Found, UnitClass, VOCAB};
use crate::extract::word_index::WordMatch;
use crate::model::{Approx, Category, Metric};
use crate::text::normalize::{normalize, Normalized};

/// A number with a unit that survived the exclusions: a fact in the making.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub num: NumberToken,
    pub unit: String,
    /// The text gives no unit (获利200余万): `unit` is implied.
    pub implied_unit: bool,
    pub class: UnitClass,
    /// One past the unit and any approximation word after it.
    pub end: usize,
    pub approx: Option<Approx>,
    pub clause: Range,
    pub sentence: Range,
    pub metric: Metric,
    pub category: Option<Category>,
    pub change: Option<rust_decimal::Decimal>,
    /// Normalised span of the quote.
    pub span: Range,
}

/// The whole normalised document with its indexes.
pub struct Doc {
    pub norm: Normalized,
    pub seg: Segments,
    /// Every lexicon's words in the normalised text, from one scan.
    pub words: Found,
}

/// The hits lying inside `[s, e)`.
pub fn hits_in(all: &[WordMatch], (s, e): Range) -> &[WordMatch] {
    let a = all.partition_point(|h| h.start < s);
    let b = all.partition_point(|h| h.start < e);
    let b = b.max(a);
    let mut end = b;
    while end > a && all[end - 1].end > e {
        end -= 1;
    }
    &all[a..end]
}

impl Doc {
    pub fn new(text: &str) -> Doc {
        let norm = normalize(text);
        let words = VOCAB.scan(&norm.chars);
        Doc {
            norm,
            seg: Segments::default(),
            words,
        }
    }

    pub fn chars(&self) -> &[char] {
        &self.norm.chars
    }

    pub(crate) fn starts_with_at(&self, pos: usize, word: &str) -> bool {
        let mut it = self.chars().get(pos..).unwrap_or(&[]).iter();
        word.chars().all(|c| it.next() == Some(&c))
    }
}

/// Character ranges (possibly overlapping) asked "does one cover this
/// position?" in logarithmic time: a one-line document may hold thousands
/// of ranges and thousands of positions to ask about.
pub struct Covered {
    /// Ranges by start, each end raised to the furthest end up to it.
    by_start: Vec<Range>,
}

impl Covered {
    pub fn new(ranges: impl IntoIterator<Item = Range>) -> Covered {
        let mut by_start: Vec<Range> = ranges.into_iter().collect();
        by_start.sort_unstable();
        let mut furthest = 0;
        for r in &mut by_start {
            furthest = furthest.max(r.1);
            r.1 = furthest;
        }
        Covered { by_start }
    }

    /// Whether some range `[s, e)` has `s <= at < e`.
    pub fn contains(&self, at: usize) -> bool {
        let k = self.by_start.partition_point(|r| r.0 <= at);
        k > 0 && at < self.by_start[k - 1].1
    }
}

#[cfg(test)]
mod tests {
    use super::Covered;

    /// Against asking every range, on nested, overlapping, touching and
    /// empty ranges.
    #[test]
    fn covered_agrees_with_asking_every_range() {
        let ranges = [
            (3, 9),
            (4, 5),
            (12, 14),
            (14, 20),
            (6, 30),
            (40, 40),
            (41, 43),
        ];
        let covered = Covered::new(ranges);
        for at in 0..50 {
            let want = ranges.iter().any(|&(s, e)| s <= at && at < e);
            assert_eq!(covered.contains(at), want, "at {at}");
        }
    }
}
