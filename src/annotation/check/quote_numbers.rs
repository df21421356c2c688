//! The numbers a quote writes, read the way the guide tells annotators to
//! read them (§3 `value`), so the validator can check that a fact's `value`
//! really comes from its quote.
//!
//! This reader is deliberately permissive: it lists every number a quote
//! could mean (Arabic digits with 万/亿 scaling, Chinese numerals, 余/多
//! between number and scale, numbers made illegible by `?`), and the
//! validator only asks whether the annotated value is among them. It is not
//! the extractor's number reader and must not become one. It reads the
//! quote as the extractor reads text, though: in the normalised view
//! (`text::normalize`), where Traditional characters are Simplified,
//! full-width forms folded and layout spaces dropped (`2.36 亿元` is
//! `2.36亿元`), and its measure words are the vocabulary's.

use crate::extract::vocab::VOCAB;
use crate::text::normalize::normalize;
use rust_decimal::Decimal;

/// A quote in the normalised view, with the numbers it writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteNumbers {
    /// The quote's normalised characters.
    pub chars: Vec<char>,
    pub numbers: Vec<Written>,
}

/// One number written in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// Character offsets of the number in the quote as written, scale words
    /// and 余/多 included.
    pub start: usize,
    pub end: usize,
    /// The same number's offsets in the normalised characters.
    pub norm_start: usize,
    pub norm_end: usize,
    /// The value after scaling (`3.7万` → 37000); `None` when illegible.
    pub value: Option<Decimal>,
    /// The number before the scale words that follow it (`3.7万` → 3.7).
    pub unscaled: Option<Decimal>,
    /// The scale words that followed the number, as written (`万`, `千万`).
    pub scale_words: String,
    /// The number is written with or touches `?`, `？` or `�`.
    pub illegible: bool,
}

/// Characters that stand for a digit nobody can read.
const ILLEGIBLE: &[char] = &['?', '？', '\u{FFFD}'];

/// Words between a number and its scale, or after it, meaning "more than"
/// (余, 多; Traditional 餘).
const APPROX_SUFFIX: &[char] = &['余', '餘', '多'];

/// Scale words and their powers of ten; Traditional forms included because
/// quotes are copied from the source as written.
const SCALES: &[(char, u32)] = &[
    ('十', 1),
    ('百', 2),
    ('千', 3),
    ('万', 4),
    ('萬', 4),
    ('亿', 8),
    ('億', 8),
];

/// Units that begin with a scale character, which is then not a scale (三千克).
const SCALE_LIKE_UNITS: &[&str] = &["千克", "千米", "千瓦", "百分", "万分", "千分"];

/// Chinese digits (Simplified, Traditional and financial forms).
const CN_DIGITS: &[(char, u32)] = &[
    ('〇', 0),
    ('零', 0),
    ('一', 1),
    ('二', 2),
    ('两', 2),
    ('兩', 2),
    ('三', 3),
    ('四', 4),
    ('五', 5),
    ('六', 6),
    ('七', 7),
    ('八', 8),
    ('九', 9),
    ('壹', 1),
    ('贰', 2),
    ('貳', 2),
    ('叁', 3),
    ('肆', 4),
    ('伍', 5),
    ('陆', 6),
    ('陸', 6),
    ('柒', 7),
    ('捌', 8),
    ('玖', 9),
];

/// Prefixes that make a Chinese numeral indefinite (数十人, 几百条): no number.
const INDEFINITE_PREFIX: &[char] = &['数', '數', '几', '幾'];

fn ascii_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn cn_digit(c: char) -> Option<u32> {
    CN_DIGITS.iter().find(|(d, _)| *d == c).map(|(_, v)| *v)
}

fn scale_of(c: char) -> Option<u32> {
    SCALES.iter().find(|(s, _)| *s == c).map(|(_, p)| *p)
}

fn pow10(p: u32) -> Decimal {
    Decimal::from(10u64.pow(p))
}

/// Every number written in `quote`, in order.
pub fn numbers_in(quote: &str) -> QuoteNumbers {
    let norm = normalize(quote);
    let mut numbers = numbers_in_chars(&norm.chars);
    for w in &mut numbers {
        (w.start, w.end) = norm.original_span(w.norm_start, w.norm_end);
    }
    QuoteNumbers {
        chars: norm.chars,
        numbers,
    }
}

/// Every number in normalised characters (offsets in them).
fn numbers_in_chars(chars: &[char]) -> Vec<Written> {
    let mut out: Vec<Written> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let core = if starts_arabic(chars, i) {
            Some(read_arabic(chars, i))
        } else if is_cn_numeral(chars[i]) && !indefinite_before(chars, i) {
            read_chinese(chars, i)
        } else {
            None
        };
        match core {
            Some(core) => {
                let w = with_suffix(chars, i, core);
                i = w.end.max(i + 1);
                push_with_compound(&mut out, w);
            }
            None => i += 1,
        }
    }
    out
}

/// The number read at a position before any scale words follow it.
struct Core {
    end: usize,
    value: Option<Decimal>,
    illegible: bool,
}

fn starts_arabic(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    ascii_digit(c).is_some() || (ILLEGIBLE.contains(&c) && touches_digit_or_scale(chars, i))
}

/// A `?` counts as part of a number only next to a digit, a decimal point
/// or a scale word (`?.2万`, `嫌疑?8名`), or right before a measure word
/// (`行动？次`), not as a question mark.
fn touches_digit_or_scale(chars: &[char], i: usize) -> bool {
    let near = |j: usize| {
        chars.get(j).is_some_and(|&c| {
            ascii_digit(c).is_some() || c == '.' || c == '．' || scale_of(c).is_some()
        })
    };
    near(i + 1) || (i > 0 && near(i - 1)) || VOCAB.measure_word_at(chars, i + 1).is_some()
}

/// Digits with an optional decimal part and thousands separators; `?` inside
/// or around makes the whole number illegible.
fn read_arabic(chars: &[char], start: usize) -> Core {
    let mut i = start;
    let mut digits = String::new();
    let mut illegible = false;
    while i < chars.len() {
        let c = chars[i];
        if let Some(d) = ascii_digit(c) {
            digits.push(char::from_digit(d, 10).unwrap_or('0'));
        } else if ILLEGIBLE.contains(&c) {
            illegible = true;
        } else if (c == '.' || c == '．') && next_is_digitish(chars, i + 1) && !digits.contains('.')
        {
            digits.push('.');
        } else if c == ',' && thousands_group_follows(chars, i + 1) {
            // a thousands separator: skip it
        } else {
            break;
        }
        i += 1;
    }
    let value = if illegible {
        None
    } else {
        digits.parse::<Decimal>().ok()
    };
    Core {
        end: i,
        value,
        illegible: illegible || value.is_none(),
    }
}

fn next_is_digitish(chars: &[char], i: usize) -> bool {
    chars
        .get(i)
        .is_some_and(|&c| ascii_digit(c).is_some() || ILLEGIBLE.contains(&c))
}

fn thousands_group_follows(chars: &[char], i: usize) -> bool {
    (i..i + 3).all(|j| chars.get(j).and_then(|&c| ascii_digit(c)).is_some())
        && chars.get(i + 3).and_then(|&c| ascii_digit(c)).is_none()
}

fn is_cn_numeral(c: char) -> bool {
    cn_digit(c).is_some() || scale_of(c).is_some()
}

fn indefinite_before(chars: &[char], i: usize) -> bool {
    i > 0 && INDEFINITE_PREFIX.contains(&chars[i - 1])
}

/// A run of Chinese numerals: 三千, 十, 两万五千, 一百零五; a run of digits
/// without scale characters (二〇二二) is read digit by digit.
fn read_chinese(chars: &[char], start: usize) -> Option<Core> {
    let mut end = start;
    while end < chars.len() && is_cn_numeral(chars[end]) && !scale_like_unit_at(chars, end) {
        end += 1;
    }
    if end == start {
        return None;
    }
    let run = &chars[start..end];
    let value = if run.iter().all(|&c| cn_digit(c).is_some()) {
        run.iter().try_fold(Decimal::ZERO, |acc, &c| {
            Some(acc * Decimal::TEN + Decimal::from(cn_digit(c)?))
        })
    } else {
        Some(cn_value(run))
    };
    Some(Core {
        end,
        value,
        illegible: false,
    })
}

/// The value of a Chinese numeral with 十百千 inside sections of 万 and 亿.
fn cn_value(run: &[char]) -> Decimal {
    let (mut yi, mut wan, mut section, mut digit) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, None::<Decimal>);
    for &c in run {
        if let Some(d) = cn_digit(c) {
            digit = Some(Decimal::from(d));
            continue;
        }
        match scale_of(c).unwrap_or(0) {
            8 => {
                let n = wan * pow10(4) + section + digit.unwrap_or(Decimal::ZERO);
                yi += (if n.is_zero() { Decimal::ONE } else { n }) * pow10(8);
                (wan, section) = (Decimal::ZERO, Decimal::ZERO);
            }
            4 => {
                let n = section + digit.unwrap_or(Decimal::ZERO);
                wan = if n.is_zero() { Decimal::ONE } else { n };
                section = Decimal::ZERO;
            }
            p => section += digit.unwrap_or(Decimal::ONE) * pow10(p),
        }
        digit = None;
    }
    yi + wan * pow10(4) + section + digit.unwrap_or(Decimal::ZERO)
}

fn scale_like_unit_at(chars: &[char], i: usize) -> bool {
    SCALE_LIKE_UNITS.iter().any(|u| {
        let mut it = u.chars();
        it.next() == chars.get(i).copied()
            && it
                .enumerate()
                .all(|(k, c)| chars.get(i + 1 + k) == Some(&c))
    })
}

/// Applies what follows a number: 余/多 and scale words in any order
/// (3.7万余, 2000余万, 十余万).
fn with_suffix(chars: &[char], start: usize, core: Core) -> Written {
    let mut i = core.end;
    let mut power = 0;
    let mut scale_words = String::new();
    while let Some(&c) = chars.get(i) {
        if APPROX_SUFFIX.contains(&c) {
            i += 1;
        } else if let Some(p) = scale_of(c).filter(|_| !scale_like_unit_at(chars, i)) {
            power += p;
            scale_words.push(c);
            i += 1;
        } else {
            break;
        }
    }
    // A trailing 余/多 that is not followed by a scale word still belongs to
    // the number (十余人), so the end stays after it.
    let value = core.value.map(|v| (v * pow10(power)).normalize());
    Written {
        start,
        end: i,
        norm_start: start,
        norm_end: i,
        value,
        unscaled: core.value.map(|v| v.normalize()),
        scale_words,
        illegible: core.illegible,
    }
}

/// Pushes a number, and also the sum with the number before it when the two
/// are written as one (1亿2000万 = 120000000).
fn push_with_compound(out: &mut Vec<Written>, w: Written) {
    if let Some(prev) = out.last() {
        let joined = prev.end == w.start && !prev.scale_words.is_empty();
        if let (true, Some(a), Some(b)) = (joined, prev.value, w.value) {
            if b < a {
                let compound = Written {
                    start: prev.start,
                    end: w.end,
                    norm_start: prev.norm_start,
                    norm_end: w.norm_end,
                    value: Some((a + b).normalize()),
                    unscaled: None,
                    scale_words: String::new(),
                    illegible: false,
                };
                out.push(w);
                out.push(compound);
                return;
            }
        }
    }
    out.push(w);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn values(text: &str) -> Vec<String> {
        numbers_in(text)
            .numbers
            .iter()
            .map(|w| w.value.map_or_else(|| "?".to_string(), |v| v.to_string()))
            .collect()
    }

    #[test]
    fn reads_numbers_the_guide_lists() {
        let cases: &[(&str, &[&str])] = &[
            ("共处置各类违法有害信息3.7万余条", &["37000"]),
            ("2000余万条", &["20000000"]),
            ("1.96亿元", &["196000000"]),
            ("十余人", &["10"]),
            ("上万起", &["10000"]),
            ("十余万人", &["100000"]),
            ("两千三百名", &["2300"]),
            ("一百零五起", &["105"]),
            ("二〇二二年", &["2022"]),
            ("缴获毒品3千克", &["3"]),
            ("案件5,300起,抓获", &["5300"]),
            ("案件5300起,抓获8707人", &["5300", "8707"]),
            ("数十人", &[]),
            ("?.2万名", &["?"]),
            ("犯罪嫌疑?8名", &["?"]),
            ("是否属实?", &[]),
            ("收网行动？次", &["?"]),
            ("凍結資金?．６億元", &["?"]),
            ("涉案1亿2000万元", &["100000000", "20000000", "120000000"]),
            ("冻结資金3.5億元", &["350000000"]),
            ("三万亿", &["3000000000000"]),
            ("冻结涉案资金 2.36 亿元", &["236000000"]),
            ("進社區上門宣傳 1000 餘次", &["1000"]),
            (
                "新臺幣 1 億 3,518 萬元",
                &["100000000", "35180000", "135180000"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(
                values(text),
                want.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "{text}"
            );
        }
    }

    #[test]
    fn keeps_the_unscaled_number_and_its_scale_words() {
        let w = &numbers_in("信息3.7万余条").numbers[0];
        assert_eq!(w.unscaled, Decimal::from_str("3.7").ok());
        assert_eq!(w.scale_words, "万");
        assert_eq!((w.start, w.end), (2, 7));
    }

    #[test]
    fn offsets_are_in_the_quote_as_written() {
        let q = numbers_in("资金 2.36 亿元");
        let w = &q.numbers[0];
        assert_eq!((w.norm_start, w.norm_end), (2, 7));
        assert_eq!((w.start, w.end), (3, 9));
    }
}
