//! The normalised view the extractor reads, and the offset map back to the
//! original text.
//!
//! Recognition runs on a view where Traditional characters are Simplified,
//! full-width digits, letters and punctuation are folded to ASCII, pinyin
//! artefacts such as `網(wǎng)` are dropped, spaces inside phrases are ignored
//! and every illegible-digit mark (`?`, `？`, `�`) is one `?`.
//! **Invariant:** every normalised character maps back to a non-empty range of
//! original characters, ranges are increasing and disjoint, so any normalised
//! range maps to the original range a reported span must use.

use std::sync::LazyLock;

/// A normalised text with its map back to the original.
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    /// The normalised characters.
    pub chars: Vec<char>,
    /// The map back to the original, piecewise: from `.0` on, normalised
    /// character `.0 + k` stands for original character `.1 + k`, until the
    /// next run. Nearly every character maps one to one, so a document has
    /// a run per dropped space or artefact, not an entry per character (a
    /// 50 MB single-line document would need 800 MB for that).
    runs: Vec<(usize, usize)>,
    /// Normalised characters that stand for more than one original
    /// character (a pinyin artefact, a run of spaces), with the original
    /// end of each, by normalised index.
    wide: Vec<(usize, usize)>,
    /// Normalised positions where a space between Chinese text was dropped
    /// (in order): a headline's phrases are set apart by them.
    pub spaces: Vec<usize>,
}

impl Normalized {
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The original character range `[start, end)` normalised character
    /// `k` stands for (`k` < `len()`).
    fn origin(&self, k: usize) -> (usize, usize) {
        let run = self.runs[self.runs.partition_point(|r| r.0 <= k) - 1];
        let start = run.1 + (k - run.0);
        let end = match self.wide.binary_search_by_key(&k, |w| w.0) {
            Ok(i) => self.wide[i].1,
            Err(_) => start + 1,
        };
        (start, end)
    }

    /// The original character range covered by normalised range `[start, end)`.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let len = self.chars.len();
        if start >= end || end > len {
            let at = if start < len {
                self.origin(start).0
            } else if len > 0 {
                self.origin(len - 1).1
            } else {
                0
            };
            return (at, at);
        }
        (self.origin(start).0, self.origin(end - 1).1)
    }

    /// The normalised text as one string.
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// The normalised characters `[start, end)` as a string.
    pub fn slice(&self, start: usize, end: usize) -> String {
        self.chars[start.min(self.len())..end.min(self.len())]
            .iter()
            .collect()
    }
}

/// First and last code point of the Han blocks converted to Simplified.
const HAN_FIRST: u32 = 0x3400;
const HAN_LAST: u32 = 0x9FFF;

/// Traditional → Simplified for every single Han character, built once with
/// zhconv (OpenCC tables). Conversion is per character so the offset map
/// stays exact; a character whose conversion is not one character is kept.
static SIMPLIFIED: LazyLock<Vec<char>> = LazyLock::new(|| {
    let all: Vec<char> = (HAN_FIRST..=HAN_LAST).filter_map(char::from_u32).collect();
    // Newlines keep zhconv from converting across characters as phrases.
    let joined: String = all.iter().flat_map(|c| [*c, '\n']).collect();
    let converted = zhconv::zhconv(&joined, zhconv::Variant::ZhHans);
    let lines: Vec<&str> = converted.split('\n').collect();
    let mut table: Vec<char> = all.clone();
    if lines.len() >= all.len() {
        for (slot, line) in table.iter_mut().zip(lines) {
            let mut it = line.chars();
            if let (Some(c), None) = (it.next(), it.next()) {
                *slot = c;
            }
        }
    }
    table
});

/// The Simplified form of one character (the character itself when none).
pub fn simplify(c: char) -> char {
    if is_han(c) {
        SIMPLIFIED[(c as u32 - HAN_FIRST) as usize]
    } else {
        c
    }
}

/// True for CJK ideographs (the characters a pinyin artefact follows).
pub fn is_han(c: char) -> bool {
    (HAN_FIRST..=HAN_LAST).contains(&(c as u32))
}

fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{3000}' | '\u{2002}'..='\u{200b}' | '\u{feff}'
    )
}

fn is_tone_letter(c: char) -> bool {
    // The range test first: this is asked of the first character inside
    // every bracket after a Han character, nearly always a Han character.
    ('\u{e0}'..='\u{1e3f}').contains(&c) && "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ".contains(c)
}

/// Folds one character: full-width forms to ASCII, illegible marks to `?`,
/// Traditional to Simplified.
fn fold(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{fffd}' => '?',
        _ => simplify(c),
    }
}

/// Length of a pinyin artefact `(wǎng)` at the start of `rest`, if there is
/// one, in characters and in bytes.
fn pinyin_artefact_len(rest: &str) -> Option<(usize, usize)> {
    let mut it = rest.char_indices();
    let (_, open) = it.next()?;
    if open != '(' && open != '（' {
        return None;
    }
    let mut toned = false;
    for (letters, (at, c)) in it.enumerate() {
        if c.is_ascii_lowercase() {
        } else if is_tone_letter(c) {
            toned = true;
        } else {
            let closed = c == ')' || c == '）';
            return (closed && toned && (1..=7).contains(&letters))
                .then_some((letters + 2, at + c.len_utf8()));
        }
    }
    None
}

/// The text with every pinyin artefact (`網(wǎng)` → `網`) removed and nothing
/// else changed; the validator uses it to explain a quote that was copied
/// from a cleaned-up rendering of the page.
pub fn strip_pinyin_artefacts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        out.push(c);
        rest = &rest[c.len_utf8()..];
        if is_han(c) {
            if let Some((_, bytes)) = pinyin_artefact_len(rest) {
                rest = &rest[bytes..];
            }
        }
    }
    out
}

/// Builds a [`Normalized`]: the characters and the offset map together.
struct Builder {
    out: Normalized,
    /// Original minus normalised index in the current run; a character
    /// that keeps it extends the run, so the common case is one compare.
    delta: usize,
}

impl Builder {
    /// Appends a normalised character that stands for original characters
    /// `[start, end)`.
    #[inline(always)]
    fn push(&mut self, c: char, start: usize, end: usize) {
        let k = self.out.chars.len();
        // Never underflows: each normalised character stands for at least
        // one original character, so `start >= k`.
        if start - k != self.delta {
            self.delta = start - k;
            self.out.runs.push((k, start));
        }
        if end != start + 1 {
            self.out.wide.push((k, end));
        }
        self.out.chars.push(c);
    }

    /// Makes the last character, pushed one to one, stand for original
    /// characters up to `end`.
    fn widen_last(&mut self, end: usize) {
        self.out.wide.push((self.out.chars.len() - 1, end));
    }
}

/// The code point of the three-byte UTF-8 sequence at `b` (valid UTF-8:
/// both continuation bytes are there).
#[inline(always)]
fn decode3(bytes: &[u8], b: usize) -> u32 {
    (u32::from(bytes[b] & 0x0f) << 12)
        | (u32::from(bytes[b + 1] & 0x3f) << 6)
        | u32::from(bytes[b + 2] & 0x3f)
}

/// Normalises a text; see the module documentation for what changes.
///
/// Reads bytes, not `chars()`: ASCII, Han characters and three-byte
/// punctuation, nearly all of a report, are decoded inline, a run of Han
/// characters in an inner loop of its own; spaces and everything else take
/// the general path. This loop sees every byte of every document.
pub fn normalize(text: &str) -> Normalized {
    // Hoisted: a `LazyLock` dereference per character is a synchronised
    // check per character.
    let table: &[char] = &SIMPLIFIED;
    let bytes = text.as_bytes();
    let n = text.chars().count();
    let mut out = Builder {
        out: Normalized {
            chars: Vec::with_capacity(n),
            ..Normalized::default()
        },
        delta: usize::MAX,
    };
    // `b` is the byte offset of the next original character, `i` its
    // character offset.
    let (mut b, mut i) = (0, 0);
    while b < bytes.len() {
        let b0 = bytes[b];
        if b0 < 0x80 && b0 != b' ' && b0 != b'\t' {
            out.push(char::from(b0), i, i + 1);
            b += 1;
            i += 1;
            continue;
        }
        // Three-byte sequences (lead E0..EF): the Han characters
        // (U+3400..=U+9FFF, led by E3..E9) and most punctuation of a
        // report (、。「」“”，：). The text is valid UTF-8, so both
        // continuation bytes are there.
        if (0xe0..=0xef).contains(&b0) {
            let u = decode3(bytes, b);
            if (HAN_FIRST..=HAN_LAST).contains(&u) {
                // The first character of a run of Han characters may open
                // an offset run; the others map one to one after it, so
                // they only append (the common case, kept tight).
                out.push(table[(u - HAN_FIRST) as usize], i, i + 1);
                b += 3;
                i += 1;
                while let Some(0xe3..=0xe9) = bytes.get(b) {
                    let u = decode3(bytes, b);
                    if !(HAN_FIRST..=HAN_LAST).contains(&u) {
                        break;
                    }
                    out.out.chars.push(table[(u - HAN_FIRST) as usize]);
                    b += 3;
                    i += 1;
                }
                // A pinyin artefact opens with ( or （ (EF BC 88) and
                // belongs to the character it annotates, the run's last.
                let bracket =
                    bytes[b..].starts_with(b"(") || bytes[b..].starts_with("（".as_bytes());
                if let Some((chars, skip)) =
                    bracket.then(|| pinyin_artefact_len(&text[b..])).flatten()
                {
                    out.widen_last(i + chars);
                    i += chars;
                    b += skip;
                }
                continue;
            }
            // Other three-byte characters fold one to one, spaces aside.
            let c = char::from_u32(u).unwrap_or('\u{fffd}');
            if !is_space(c) {
                out.push(fold(c), i, i + 1);
                b += 3;
                i += 1;
                continue;
            }
        }
        let mut rest = text[b..].chars();
        let Some(c) = rest.next() else { break };
        b += c.len_utf8();
        if is_space(c) {
            let start = i;
            i += 1;
            while let Some(s) = rest.next().filter(|&s| is_space(s)) {
                b += s.len_utf8();
                i += 1;
            }
            // A space between two ASCII words or numbers separates them; anywhere
            // else (around Chinese text or punctuation) it is layout noise.
            let before = out.out.chars.last().copied();
            let after = text[b..].chars().next().map(fold);
            if before.is_some_and(|b| b.is_ascii_alphanumeric())
                && after.is_some_and(|a| a.is_ascii_alphanumeric())
            {
                out.push(' ', start, i);
            } else if before.is_some() {
                out.out.spaces.push(out.out.chars.len());
            }
            continue;
        }
        out.push(fold(c), i, i + 1);
        i += 1;
    }
    out.out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Normalises `input`, checks the normalised text, and checks that the
    /// normalised range `[s, e)` maps back to the original text `orig`.
    fn check(input: &str, normalized: &str, range: (usize, usize), orig: &str) {
        let n = normalize(input);
        assert_eq!(n.slice(0, n.len()), normalized, "normalising {input:?}");
        assert_eq!(n.text(), normalized, "normalised string of {input:?}");
        let (s, e) = n.original_span(range.0, range.1);
        let got: String = input.chars().skip(s).take(e - s).collect();
        assert_eq!(got, orig, "mapping {range:?} of {input:?}");
    }

    #[test]
    fn normalisation_table() {
        let cases: &[(&str, &str, (usize, usize), &str)] = &[
            (
                "偵辦涉網(wǎng)案件2443起",
                "侦办涉网案件2443起",
                (2, 5),
                "涉網(wǎng)案",
            ),
            ("凈網(wǎng)2022", "净网2022", (0, 6), "凈網(wǎng)2022"),
            ("１２３，４", "123,4", (0, 3), "１２３"),
            ("抓获 1.2万余名 。", "抓获1.2万余名。", (2, 8), "1.2万余名"),
            ("案件5300起 , 抓获", "案件5300起,抓获", (2, 7), "5300起"),
            (
                "\u{3000}\u{3000}全市\u{a0}公安",
                "全市公安",
                (0, 4),
                "全市\u{a0}公安",
            ),
            ("共?89家", "共?89家", (1, 4), "?89"),
            ("嫌疑？8名�", "嫌疑?8名?", (2, 4), "？8"),
            ("886 2395@qq.com", "886 2395@qq.com", (0, 8), "886 2395"),
            ("(资料图)", "(资料图)", (0, 5), "(资料图)"),
            ("QQ(abc)", "QQ(abc)", (0, 7), "QQ(abc)"),
            ("", "", (0, 0), ""),
        ];
        for (input, normalized, range, orig) in cases {
            check(input, normalized, *range, orig);
        }
    }

    /// The offset map is run-length: a run where the offset changes and a
    /// wide entry per character standing for several, never an entry per
    /// character (a one-line document of 50 MB would need 800 MB).
    #[test]
    fn the_offset_map_holds_a_run_per_change() {
        let cases: &[(&str, usize, usize)] = &[
            ("", 0, 0),
            ("全市公安机关侦破案件12起", 1, 0),
            ("  全市 公安", 2, 0),
            ("全 市1", 2, 0),
            ("網(wǎng)絡", 2, 1),
            ("a  b", 2, 1),
        ];
        for (input, runs, wide) in cases {
            let n = normalize(input);
            assert_eq!(
                (n.runs.len(), n.wide.len()),
                (*runs, *wide),
                "runs and wide characters of {input:?}"
            );
        }
    }
}
