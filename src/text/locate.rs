//! Character spans: where a quote sits in a source text.
//!
//! Every span in jingwang counts Unicode scalar values (Rust `char`s) from 0,
//! end exclusive, in the decoded source text with any byte-order mark removed.
//! **Invariant:** spans always index the original text, never a normalised view.

/// A half-open character range `[start, end)` in a source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of characters both spans cover.
    pub fn overlap(&self, other: &Span) -> usize {
        self.end
            .min(other.end)
            .saturating_sub(self.start.max(other.start))
    }

    pub fn overlaps(&self, other: &Span) -> bool {
        self.overlap(other) > 0
    }

    pub fn as_array(&self) -> [usize; 2] {
        [self.start, self.end]
    }
}

/// A source text with a byte↔character index, so spans can be cut and
/// searched without rescanning the string each time.
#[derive(Clone, Debug)]
pub struct Text {
    text: String,
    /// Byte offset of every character, plus the total length at the end.
    char_starts: Vec<usize>,
    /// Character offset of every line's first character: a position's line
    /// and column are found without rescanning the text before it.
    line_starts: Vec<usize>,
}

impl Text {
    pub fn new(text: impl Into<String>) -> Text {
        let text = text.into();
        let mut char_starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        char_starts.push(text.len());
        let mut line_starts = vec![0];
        line_starts.extend(
            memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|b| char_starts.partition_point(|&c| c <= b)),
        );
        Text {
            text,
            char_starts,
            line_starts,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in characters.
    pub fn char_len(&self) -> usize {
        self.char_starts.len() - 1
    }

    /// The text of a span, or `None` when the span is out of range or reversed.
    pub fn slice(&self, span: Span) -> Option<&str> {
        if span.start > span.end || span.end > self.char_len() {
            return None;
        }
        Some(&self.text[self.char_starts[span.start]..self.char_starts[span.end]])
    }

    /// Character offset of a byte offset that lies on a character boundary.
    pub fn char_offset(&self, byte: usize) -> usize {
        match self.char_starts.binary_search(&byte) {
            Ok(i) | Err(i) => i,
        }
    }

    /// Byte offset of a character offset (clamped to the end).
    pub fn byte_offset(&self, ch: usize) -> usize {
        self.char_starts[ch.min(self.char_len())]
    }

    /// Every place `quote` occurs, overlapping occurrences included, in order.
    pub fn find_all(&self, quote: &str) -> Vec<Span> {
        if quote.is_empty() {
            return Vec::new();
        }
        let qlen = quote.chars().count();
        let mut out = Vec::new();
        let mut from = 0;
        // memchr's SIMD searcher: `str::find` set up a two-way searcher per
        // call and was a fifth of `report`'s time (issue 6).
        let finder = memchr::memmem::Finder::new(quote);
        while let Some(i) = finder.find(&self.text.as_bytes()[from..]) {
            let byte = from + i;
            let start = self.char_offset(byte);
            out.push(Span::new(start, start + qlen));
            // Step one character, not one quote, so overlapping occurrences count.
            from = byte + self.text[byte..].chars().next().map_or(1, char::len_utf8);
        }
        out
    }

    /// 1-based line and column (in characters) of a character offset.
    pub fn line_col(&self, ch: usize) -> (usize, usize) {
        let ch = ch.min(self.char_len());
        let line = self.line_starts.partition_point(|&s| s <= ch);
        (line, ch - self.line_starts[line - 1] + 1)
    }

    /// The full line (without its newline) containing a character offset.
    pub fn line_at(&self, ch: usize) -> &str {
        let byte = self.byte_offset(ch);
        let start = self.text[..byte].rfind('\n').map_or(0, |i| i + 1);
        let end = self.text[byte..]
            .find('\n')
            .map_or(self.text.len(), |i| byte + i);
        self.text[start..end].trim_end_matches('\r')
    }
}

/// Turns character offsets of a string into byte offsets, for offsets
/// visited in increasing order (the quotes of facts in source order): each
/// byte is counted once, so cutting every quote costs one pass over the
/// string.
pub struct CharCursor<'a> {
    bytes: &'a [u8],
    byte: usize,
    ch: usize,
}

impl<'a> CharCursor<'a> {
    pub fn new(text: &'a str) -> CharCursor<'a> {
        CharCursor {
            bytes: text.as_bytes(),
            byte: 0,
            ch: 0,
        }
    }

    /// The byte offset of character offset `ch` (the text's length in bytes
    /// when `ch` is at or past the end).
    pub fn byte_at(&mut self, ch: usize) -> usize {
        if ch < self.ch {
            // Out of order: count again from the start rather than be wrong.
            (self.byte, self.ch) = (0, 0);
        }
        // 32, then 8 bytes at a time while the character sought starts after them.
        for width in [32, 8] {
            while let Some(block) = self.bytes.get(self.byte..self.byte + width) {
                let starts: usize = block
                    .chunks_exact(8)
                    .map(|w| starts_in(w.try_into().unwrap_or_default()))
                    .sum();
                if self.ch + starts > ch {
                    break;
                }
                self.ch += starts;
                self.byte += width;
            }
        }
        // `byte` may now sit inside a character: finish it first, then go
        // a character at a time, each as long as its lead byte says.
        self.skip_continuation();
        while self.ch < ch && self.byte < self.bytes.len() {
            self.byte += usize::from(UTF8_LEN[usize::from(self.bytes[self.byte] >> 4)]);
            self.ch += 1;
        }
        self.byte.min(self.bytes.len())
    }

    /// Moves `byte` over continuation bytes to the next character's start.
    fn skip_continuation(&mut self) {
        while self
            .bytes
            .get(self.byte)
            .is_some_and(|&b| (b as i8) < -0x40)
        {
            self.byte += 1;
        }
    }
}

/// UTF-8 sequence length by the high nibble of its lead byte.
const UTF8_LEN: [u8; 16] = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4];

/// Characters starting in eight bytes: every byte that is not a UTF-8
/// continuation byte (`10xxxxxx`) starts one. Counted in one word: a
/// continuation byte has its top bit set and the next bit clear; the
/// multiplication sums the eight 0-or-1 bytes into the top byte.
fn starts_in(bytes: [u8; 8]) -> usize {
    let w = u64::from_le_bytes(bytes);
    let continuation = (w & !(w << 1) & 0x8080_8080_8080_8080) >> 7;
    8 - (continuation.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// Why a quote could not be placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocateError {
    NotFound,
    /// The quote occurs this many times and no occurrence was given.
    Ambiguous(usize),
    /// The occurrence asked for is beyond the number of places found.
    OccurrenceOutOfRange {
        wanted: u32,
        found: usize,
    },
}

/// Places a quote at its 1-based occurrence (§6); `None` means "must be unique".
pub fn locate(text: &Text, quote: &str, occurrence: Option<u32>) -> Result<Span, LocateError> {
    pick(&text.find_all(quote), occurrence)
}

/// The places of a text's quotes, each quote searched for once: a file of
/// many facts sharing a quote (`occurrence: 1` … `occurrence: 5000`) costs
/// one search, not one per fact.
pub struct Quotes<'t> {
    text: &'t Text,
    found: std::collections::HashMap<String, Vec<Span>>,
}

impl<'t> Quotes<'t> {
    pub fn new(text: &'t Text) -> Quotes<'t> {
        Quotes {
            text,
            found: std::collections::HashMap::new(),
        }
    }

    pub fn text(&self) -> &'t Text {
        self.text
    }

    /// Every place `quote` occurs (as `Text::find_all`).
    pub fn all(&mut self, quote: &str) -> &[Span] {
        let text = self.text;
        self.found
            .entry(quote.to_string())
            .or_insert_with(|| text.find_all(quote))
    }

    /// As `locate`.
    pub fn locate(&mut self, quote: &str, occurrence: Option<u32>) -> Result<Span, LocateError> {
        pick(self.all(quote), occurrence)
    }
}

fn pick(all: &[Span], occurrence: Option<u32>) -> Result<Span, LocateError> {
    match (all.len(), occurrence) {
        (0, _) => Err(LocateError::NotFound),
        (1, None) => Ok(all[0]),
        (n, None) => Err(LocateError::Ambiguous(n)),
        (n, Some(k)) if k == 0 || k as usize > n => Err(LocateError::OccurrenceOutOfRange {
            wanted: k,
            found: n,
        }),
        (_, Some(k)) => Ok(all[k as usize - 1]),
    }
}

/// The occurrence number of the quote that starts at `span`, when that quote
/// occurs more than once (what `annotate` writes into a draft).
pub fn occurrence_of(text: &Text, quote: &str, span: Span) -> Option<u32> {
    let all = text.find_all(quote);
    if all.len() <= 1 {
        return None;
    }
    all.iter().position(|s| *s == span).map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_characters_not_bytes() {
        let t = Text::new("案件5300起,案件5300起");
        assert_eq!(
            t.find_all("案件5300起"),
            vec![Span::new(0, 7), Span::new(8, 15)]
        );
        assert_eq!(t.slice(Span::new(2, 6)), Some("5300"));
        assert_eq!(
            locate(&t, "案件5300起", None),
            Err(LocateError::Ambiguous(2))
        );
        assert_eq!(locate(&t, "案件5300起", Some(2)), Ok(Span::new(8, 15)));
        assert_eq!(
            locate(&t, "案件5300起", Some(3)),
            Err(LocateError::OccurrenceOutOfRange {
                wanted: 3,
                found: 2
            })
        );
        assert_eq!(occurrence_of(&t, "案件5300起", Span::new(8, 15)), Some(2));
    }

    #[test]
    fn overlapping_occurrences_count() {
        let t = Text::new("aaa");
        assert_eq!(t.find_all("aa").len(), 2);
    }

    #[test]
    fn char_cursor_finds_the_bytes_of_characters() {
        let text = "案件5300起,a網";
        let mut c = CharCursor::new(text);
        // (byte, character), in order, out of order, and past the end.
        let cases: &[(usize, usize)] = &[
            (0, 0),
            (3, 1),
            (6, 2),
            (10, 6),
            (13, 7),
            (14, 8),
            (3, 1),
            (15, 9),
            (18, 10),
            (18, 11),
            (18, 40),
            (0, 0),
        ];
        for &(byte, ch) in cases {
            assert_eq!(c.byte_at(ch), byte, "character {ch}");
        }
    }

    #[test]
    fn char_cursor_agrees_with_char_indices_on_long_mixed_text() {
        // Longer than many eight-byte blocks, with one- to four-byte characters.
        let text = "案件5300起,a網é😀".repeat(9);
        let mut c = CharCursor::new(&text);
        for (ch, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(c.byte_at(ch), byte, "character {ch}");
        }
        assert_eq!(c.byte_at(text.chars().count()), text.len());
    }

    #[test]
    fn line_and_column() {
        let t = Text::new("第一行\n第二行abc");
        assert_eq!(t.line_col(5), (2, 2));
        assert_eq!(t.line_at(5), "第二行abc");
    }

    /// The line index against counting from the start of the text.
    #[test]
    fn line_and_column_agree_with_a_rescan() {
        let text = "\n\n抓获8707人,\r\nab\n\n净网2026\n";
        let t = Text::new(text);
        for ch in 0..=t.char_len() {
            let before: String = text.chars().take(ch).collect();
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
            assert_eq!(t.line_col(ch), (line, column), "at {ch}");
        }
    }
}
