//! `text::normalize` (byte-level code) against a plain reference written
//! from its documentation, character by character: the same normalised
//! characters, the same offset map (through `original_span`, for every
//! range), the same text with pinyin artefacts stripped. Texts are random
//! mixes of Traditional and Simplified characters, full-width forms, spaces
//! of every kind, pinyin artefacts with and without tones, illegible-digit
//! marks, ASCII, emoji and any other character.

use jingwang::text::normalize::{is_han, normalize, simplify, strip_pinyin_artefacts};
use proptest::prelude::*;

/// Checks `normalize` and its neighbours on `text` against the reference.
fn check(text: &str) {
    let want = reference(text);
    let got = normalize(text);
    let wanted: String = want.chars.iter().collect();
    assert_eq!(got.text(), wanted, "normalising {text:?}");
    assert_eq!(got.chars, want.chars);
    assert_eq!(got.len(), want.chars.len());
    assert_eq!(got.is_empty(), want.chars.is_empty());
    let n = want.chars.len();
    for start in 0..=n + 1 {
        for end in 0..=n + 1 {
            assert_eq!(
                got.original_span(start, end),
                want.original_span(start, end),
                "original span of [{start}, {end}) in {text:?} (normalised {wanted:?})"
            );
            if start <= end {
                let slice: String = want.chars[start.min(n)..end.min(n)].iter().collect();
                assert_eq!(got.slice(start, end), slice, "slice [{start}, {end})");
            }
        }
    }
    assert_eq!(
        strip_pinyin_artefacts(text),
        want.stripped,
        "artefacts stripped from {text:?}"
    );
    for c in text.chars() {
        assert_eq!(simplify(c), want_simplified(c), "simplified {c:?}");
        assert_eq!(is_han(c), HAN.contains(&c), "is {c:?} Han");
    }
}

/// The reference's output: the normalised characters, the original range
/// each stands for, and the text without its pinyin artefacts.
struct Reference {
    chars: Vec<char>,
    origin: Vec<(usize, usize)>,
    stripped: String,
}

impl Reference {
    /// `Normalized::original_span` as documented: the union of the ranges
    /// of `[start, end)`; an empty or out-of-range range is the empty range
    /// at the original position of `start` (the text's end past it).
    fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let n = self.chars.len();
        if start < end && end <= n {
            return (self.origin[start].0, self.origin[end - 1].1);
        }
        let at = match self.origin.get(start) {
            Some(&(s, _)) => s,
            None => self.origin.last().map_or(0, |&(_, e)| e),
        };
        (at, at)
    }
}

/// The Han characters the normaliser converts to Simplified and follows
/// with a pinyin artefact (CJK Extension A and the Unified block).
const HAN: std::ops::RangeInclusive<char> = '\u{3400}'..='\u{9fff}';

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{3000}' | '\u{feff}')
        || ('\u{2002}'..='\u{200b}').contains(&c)
}

/// The Simplified form of a Han character, asked of zhconv one character
/// at a time; kept when it is not one character.
fn want_simplified(c: char) -> char {
    if !HAN.contains(&c) {
        return c;
    }
    let s = zhconv::zhconv(&c.to_string(), zhconv::Variant::ZhHans);
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(simple), None) => simple,
        _ => c,
    }
}

fn fold(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap(),
        '\u{fffd}' => '?',
        _ => want_simplified(c),
    }
}

/// The characters of a pinyin artefact at the start of `rest`: a bracket,
/// one to seven lower-case pinyin letters of which one at least carries a
/// tone, a closing bracket.
fn artefact(rest: &[char]) -> Option<usize> {
    const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ";
    if !matches!(rest.first(), Some('(' | '（')) {
        return None;
    }
    let letters = rest[1..]
        .iter()
        .take_while(|c| c.is_ascii_lowercase() || TONED.contains(**c))
        .count();
    let toned = rest[1..1 + letters].iter().any(|c| TONED.contains(*c));
    let closed = matches!(rest.get(1 + letters), Some(')' | '）'));
    (closed && toned && (1..=7).contains(&letters)).then_some(letters + 2)
}

fn reference(text: &str) -> Reference {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Reference {
        chars: Vec::new(),
        origin: Vec::new(),
        stripped: String::new(),
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut end = i + 1;
        if HAN.contains(&c) {
            end += artefact(&chars[end..]).unwrap_or(0);
        }
        out.stripped.push(c);
        if is_space(c) {
            // A run of spaces is one space between ASCII letters or digits
            // (after folding) and nothing elsewhere.
            while end < chars.len() && is_space(chars[end]) {
                out.stripped.push(chars[end]);
                end += 1;
            }
            let before = out.chars.last().is_some_and(|b| b.is_ascii_alphanumeric());
            let after = chars
                .get(end)
                .is_some_and(|&a| fold(a).is_ascii_alphanumeric());
            if before && after {
                out.chars.push(' ');
                out.origin.push((i, end));
            }
        } else {
            out.chars.push(fold(c));
            out.origin.push((i, end));
        }
        i = end;
    }
    out
}

#[test]
fn hand_made_cases() {
    let cases = [
        "偵辦涉網(wǎng)案件2443起",
        "網(wang)網(wǎng網（wǎng）網(wǎng）網(Wǎng)網()網(ǎ)",
        "網(abcdefǎ)網(abcdefgǎ)網(wçng)網(ñ)網(ḿ)",
        "１２３，４ ＡＢ　ｃ\u{ff00}\u{ff5f}\u{ff5e}",
        "a \u{a0}\u{3000}\t\u{2002}\u{200b}\u{feff}1 a\u{2001}1 a\u{200c}1 a\n1",
        " 1 ",
        "a １",
        "共?89家 嫌疑？8名�",
        "\u{33ff}\u{3400}\u{9fff}\u{a000}𠀀😀",
        "",
    ];
    for text in cases {
        check(text);
    }
}

/// Characters chosen to exercise every path of the normaliser.
fn character() -> impl Strategy<Value = String> {
    let traditional = prop::sample::select(
        "網獲違規賬號萬條偵辦凈詐騙團夥與為個們這國對學體發會"
            .chars()
            .collect::<Vec<_>>(),
    );
    let simplified = prop::sample::select(
        "网获违规账号万条侦办净诈骗案件起名人"
            .chars()
            .collect::<Vec<_>>(),
    );
    let spaces = prop::sample::select(vec![
        ' ', '\t', '\u{a0}', '\u{3000}', '\u{2002}', '\u{2005}', '\u{200a}', '\u{200b}',
        '\u{feff}', '\u{2001}', '\u{200c}', '\u{2028}', '\n', '\r',
    ]);
    let artefacts = prop::sample::select(vec![
        "(wǎng)",
        "（wǎng）",
        "(wang)",
        "(wǎng",
        "(ǎ)",
        "(lǜ)",
        "(nǚ)",
        "(abcdefǎ)",
        "(abcdefgǎ)",
        "()",
        "(Wǎng)",
        "(wǎng）",
        "(wǎ ng)",
        "(ñ)",
        "(wçng)",
        "(ḿ)",
    ]);
    let marks = prop::sample::select(vec!['?', '？', '\u{fffd}']);
    let ascii = prop::sample::select("aZ09.,;()-_@%".chars().collect::<Vec<_>>());
    let boundaries = prop::sample::select(vec![
        '\u{ff00}', '\u{ff01}', '\u{ff10}', '\u{ff21}', '\u{ff41}', '\u{ff5e}', '\u{ff5f}',
        '\u{33ff}', '\u{3400}', '\u{9fff}', '\u{a000}', '\u{e0}', 'ü', 'ḿ', '\u{1e40}',
    ]);
    let emoji = prop::sample::select(vec!['😀', '👮', '🇨', '\u{1f1f3}']);
    prop_oneof![
        3 => traditional.prop_map(String::from),
        3 => simplified.prop_map(String::from),
        2 => spaces.prop_map(String::from),
        2 => artefacts.prop_map(String::from),
        1 => marks.prop_map(String::from),
        3 => ascii.prop_map(String::from),
        1 => prop::char::range('\u{ff01}', '\u{ff5e}').prop_map(String::from),
        1 => prop::char::range('\u{3400}', '\u{9fff}').prop_map(String::from),
        1 => boundaries.prop_map(String::from),
        1 => emoji.prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn normalize_agrees_with_the_reference(pieces in prop::collection::vec(character(), 0..40)) {
        check(&pieces.concat());
    }
}
