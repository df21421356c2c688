//! Number recognition on the normalised text.
//!
//! Finds every written quantity — Arabic integers and decimals with thousands
//! separators, Chinese numerals, mixed forms (3.7万, 2000余万, 1.96亿),
//! 上万/上千/上百 — with its exact value and the approximation words glued to
//! it (余 多 inside or after, 近 约 超过 … before). A digit lost to `?` makes
//! the value unknown (`None`), never a guess. Units, and whether a number is a
//! fact at all, are decided later by the extractor.

use crate::extract::vocab::VOCAB;
use crate::model::Approx;
use crate::text::charset::CharSet;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A recognised number in the normalised text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberToken {
    /// Start of the approximation word before the number, or of the number.
    pub prefix_start: usize,
    /// First character of the numeral itself.
    pub start: usize,
    /// One past the numeral, its multipliers and a glued 余/多.
    pub end: usize,
    /// Exact value; `None` when a digit is illegible.
    pub value: Option<Decimal>,
    pub approx: Option<Approx>,
    /// Written in Chinese numerals (一, 两千, 十余 …).
    pub chinese: bool,
    /// The bare numeral 一 (an article in narrative, "a case").
    pub bare_one: bool,
    /// Looks numeric but is no quantity (identifier, ordinal, overflow).
    pub skipped: bool,
}

/// Longest run of Arabic digits accepted; longer runs are identifiers.
const MAX_DIGITS: usize = 20;

fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn chinese_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

/// True when `c` at `i` is a multiplier and not the start of a unit word
/// such as 千克 or 百分之.
fn is_multiplier_at(chars: &[char], i: usize) -> bool {
    let Some(&c) = chars.get(i) else { return false };
    if chinese_unit(c).is_none() || c == '十' {
        return false;
    }
    let next = chars.get(i + 1).copied();
    !matches!(
        (c, next),
        ('千', Some('克' | '米' | '瓦' | '字')) | ('百', Some('分' | '姓')) | ('万', Some('一'))
    )
}

fn is_arabic(c: char) -> bool {
    c.is_ascii_digit() || c == '?'
}

/// Every character a numeral can start with.
const NUMERAL_STARTS: [char; 23] = [
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '?', '〇', '零', '一', '二', '两', '三',
    '四', '五', '六', '七', '八', '九',
];
const NUMERAL_UNITS: [char; 5] = ['十', '百', '千', '万', '亿'];

/// Every character a numeral can start with, so that the text between
/// numbers is passed over 64 characters at a time.
static MAY_START: CharSet = CharSet::new(&NUMERAL_STARTS).union(CharSet::new(&NUMERAL_UNITS));

/// Finds every number in `chars`, in order, non-overlapping.
pub fn find_numbers(chars: &[char]) -> Vec<NumberToken> {
    // A numeral every few dozen characters is typical of a report.
    let mut out = Vec::with_capacity(chars.len() / 32);
    MAY_START.each_in_skipping(chars, (0, chars.len()), |i| {
        let found = if is_arabic(chars[i]) {
            arabic_at(chars, i)
        } else if chinese_digit(chars[i]).is_some() || chinese_unit(chars[i]).is_some() {
            chinese_at(chars, i)
        } else {
            None
        };
        match found {
            Some(tok) => {
                let next = tok.end.max(i + 1);
                out.push(tok);
                next
            }
            None => i + 1,
        }
    });
    out
}

/// Length of the Arabic numeral at `i` and whether it is well formed.
fn arabic_extent(chars: &[char], i: usize) -> usize {
    let mut j = i;
    while j < chars.len() {
        let c = chars[j];
        let separator = j > i
            && ((c == ',' && thousands_group_follows(chars, j))
                || (c == '.' && chars.get(j + 1).is_some_and(|&d| is_arabic(d))));
        if !(is_arabic(c) || separator) {
            break;
        }
        j += 1;
    }
    j
}

fn thousands_group_follows(chars: &[char], comma: usize) -> bool {
    let group = chars.get(comma + 1..comma + 4);
    group.is_some_and(|g| g.iter().all(|c| c.is_ascii_digit()))
        && !chars.get(comma + 4).is_some_and(|c| c.is_ascii_digit())
        && chars[..comma]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count()
            <= 3
}

fn arabic_at(chars: &[char], i: usize) -> Option<NumberToken> {
    if i > 0 && (chars[i - 1].is_ascii_alphabetic() || chars[i - 1] == '_') {
        // Part of an identifier such as G01 or a file name.
        let end = arabic_extent(chars, i);
        return Some(NumberToken::skip(i, end));
    }
    arabic_number_at(chars, i)
}

/// Reads again, as a quantity, an Arabic number skipped as part of an
/// identifier: the caller knows the letters before it name what it counts
/// (APP13个).
pub fn reread(chars: &[char], i: usize) -> Option<NumberToken> {
    arabic_number_at(chars, i).filter(|t| !t.skipped)
}

fn arabic_number_at(chars: &[char], i: usize) -> Option<NumberToken> {
    let end = arabic_extent(chars, i);
    let run = &chars[i..end];
    let digits = run.iter().filter(|&&c| is_arabic(c)).count();
    if digits > MAX_DIGITS {
        return Some(NumberToken::skip(i, end));
    }
    let legible = !run.contains(&'?');
    if !legible && !question_marks_are_digits(chars, i, end, run) {
        return Some(NumberToken::skip(i, end));
    }
    let base = if legible {
        Some(arabic_value(run)?)
    } else {
        None
    };
    Some(finish(chars, i, end, base, false))
}

/// The value of a run of ASCII digits with thousands commas and at most one
/// decimal point (at most `MAX_DIGITS` digits, so it fits a `u128`); `None`
/// for a second point (1.2.3 is no number). Read by hand, not through a
/// `String` and `Decimal::from_str`: every numeral of a report comes here.
fn arabic_value(run: &[char]) -> Option<Decimal> {
    let (mut mantissa, mut scale, mut point) = (0u128, 0u32, false);
    for &c in run {
        match c {
            '0'..='9' => {
                mantissa = mantissa * 10 + u128::from(c as u32 - '0' as u32);
                scale += u32::from(point);
            }
            '.' if !point => point = true,
            ',' => {}
            _ => return None,
        }
    }
    Decimal::try_from_i128_with_scale(i128::try_from(mantissa).ok()?, scale).ok()
}

/// A run of `?` is an illegible number only when it sits among digits or
/// before a multiplier; otherwise it is a question mark.
fn question_marks_are_digits(chars: &[char], start: usize, end: usize, run: &[char]) -> bool {
    if run.iter().any(|c| c.is_ascii_digit()) {
        return true;
    }
    let next = chars.get(end).copied();
    let prev_han = start > 0 && crate::text::normalize::is_han(chars[start - 1]);
    let before_unit = crate::extract::vocab::VOCAB.units.at(chars, end).is_some();
    prev_han
        && (before_unit
            || next.is_some_and(|c| matches!(c, '万' | '亿' | '千' | '百' | '十' | '余' | '多')))
}

fn chinese_at(chars: &[char], i: usize) -> Option<NumberToken> {
    let mut j = i;
    while j < chars.len() && (chinese_digit(chars[j]).is_some() || chinese_unit(chars[j]).is_some())
    {
        if chinese_unit(chars[j]).is_some()
            && j > i
            && !is_multiplier_at(chars, j)
            && chars[j] != '十'
        {
            break;
        }
        j += 1;
    }
    let run = &chars[i..j];
    let prev = if i > 0 { Some(chars[i - 1]) } else { None };
    // 第三, 几十, 数百, 若干, 初一, 周一: ordinals and indefinite quantities.
    if matches!(
        prev,
        Some('第' | '几' | '数' | '若' | '初' | '周' | '每' | '星' | '期' | '统' | '唯' | '之')
    ) {
        return Some(NumberToken::skip(i, j));
    }
    // 零部件, 零容忍, 零售: a run of zeros alone is a word, never a count.
    if run.iter().all(|&c| chinese_digit(c) == Some(0)) {
        return Some(NumberToken::skip(i, j));
    }
    // 二三十, 十七八: two neighbouring digits give a range, an indefinite
    // quantity (guide §1).
    let range = run
        .windows(2)
        .any(|w| match (chinese_digit(w[0]), chinese_digit(w[1])) {
            (Some(a), Some(b)) => a > 0 && b == a + 1,
            _ => false,
        });
    if range {
        return Some(NumberToken::skip(i, j));
    }
    let has_digit = run.iter().any(|&c| chinese_digit(c).is_some() || c == '十');
    // 千万余条, 百多人: a multiplier alone before 余/多 counts from one.
    if !has_digit && matches!(chars.get(j), Some('余' | '多')) && prev != Some('上') {
        let value = chinese_value(run)?;
        return Some(finish(chars, i, j, Some(value), true));
    }
    if !has_digit {
        // 上万, 上千, 上百, 上千万: "upwards of".
        if prev == Some('上') && is_multiplier_at(chars, i) {
            let value = chinese_value(run)?;
            let mut tok = finish(chars, i, j, Some(value), true);
            tok.prefix_start = i - 1;
            tok.approx = Some(Approx::Over);
            return Some(tok);
        }
        return Some(NumberToken::skip(i, j));
    }
    let value = chinese_value(run)?;
    let mut tok = finish(chars, i, j, Some(value), true);
    tok.bare_one = run == ['一'];
    Some(tok)
}

/// Reads a run of Chinese numerals (十余 → 10, 一百二十 → 120, 三万 → 30000).
/// Integer arithmetic: every partial sum is at most the final value, so a
/// run too large for a `Decimal` is `None` whether it overflows here or there.
fn chinese_value(run: &[char]) -> Option<Decimal> {
    let (mut total, mut wan, mut cur) = (0u128, 0u128, 0u128);
    let mut digit: Option<u128> = None;
    for &c in run {
        if let Some(d) = chinese_digit(c) {
            let d = u128::from(d);
            digit = Some(match digit {
                Some(prev) => prev.checked_mul(10)?.checked_add(d)?,
                None => d,
            });
        } else if let Some(u) = chinese_unit(c) {
            let u = u128::from(u);
            match c {
                '万' => {
                    wan = cur
                        .checked_add(digit.take().unwrap_or(0))?
                        .max(1)
                        .checked_mul(u)?;
                    cur = 0;
                }
                '亿' => {
                    let below = wan
                        .checked_add(cur)?
                        .checked_add(digit.take().unwrap_or(0))?;
                    total = total.checked_add(below.max(1).checked_mul(u)?)?;
                    wan = 0;
                    cur = 0;
                }
                _ => cur = cur.checked_add(digit.take().unwrap_or(1).checked_mul(u)?)?,
            }
        }
    }
    let value = total
        .checked_add(wan)?
        .checked_add(cur)?
        .checked_add(digit.unwrap_or(0))?;
    Decimal::try_from_i128_with_scale(i128::try_from(value).ok()?, 0).ok()
}

/// Applies what follows a numeral — 余/多, multipliers 万/亿/千/百, another
/// 余/多 — and the approximation word before it.
fn finish(
    chars: &[char],
    start: usize,
    mut end: usize,
    base: Option<Decimal>,
    chinese: bool,
) -> NumberToken {
    let mut value = base;
    let mut approx = None;
    let mut invalid = false;
    if matches!(chars.get(end), Some('余' | '多')) && is_multiplier_at(chars, end + 1) {
        approx = Some(Approx::Over);
        end += 1;
    }
    let mut last = None;
    while is_multiplier_at(chars, end) {
        last = Some(chars[end]);
        let m = chinese_unit(chars[end])
            .map(Decimal::from)
            .unwrap_or(Decimal::ONE);
        value = match value.map(|v| v.checked_mul(m)) {
            Some(Some(v)) => Some(v),
            Some(None) => {
                invalid = true;
                None
            }
            None => None,
        };
        end += 1;
    }
    // 1亿3,518万: the 万 part after 亿 adds to it.
    if last == Some('亿') && !chinese {
        let tail = arabic_extent(chars, end);
        if tail > end && chars.get(tail) == Some(&'万') {
            let run: Vec<char> = chars[end..tail].to_vec();
            if let (Some(v), Some(t)) = (value, arabic_value(&run)) {
                value = t
                    .checked_mul(Decimal::from(10_000))
                    .and_then(|t| v.checked_add(t));
                end = tail + 1;
            }
        }
    }
    if matches!(chars.get(end), Some('余' | '多')) {
        approx = Some(Approx::Over);
        end += 1;
    }
    let mut prefix_start = start;
    for (word, a) in &VOCAB.approx_before {
        if chars[..start].ends_with(word) {
            let n = word.len();
            prefix_start = start - n;
            approx = approx.or(Some(*a));
            break;
        }
    }
    let mut tok = NumberToken {
        prefix_start,
        start,
        end,
        value: value.map(|v| v.normalize()),
        approx,
        chinese,
        bare_one: false,
        skipped: false,
    };
    if invalid {
        tok = NumberToken::skip(start, end);
    }
    tok
}

impl NumberToken {
    /// A stretch that looks numeric but is not a quantity (identifier,
    /// ordinal, overflow); kept so scanning resumes after it.
    fn skip(start: usize, end: usize) -> NumberToken {
        NumberToken {
            prefix_start: start,
            start,
            end: end.max(start + 1),
            value: None,
            approx: None,
            chinese: false,
            bare_one: false,
            skipped: true,
        }
    }
}

/// Reads a plain Arabic decimal such as a percentage (`171.3`, `1,234`).
pub fn parse_plain(text: &str) -> Option<Decimal> {
    let t: String = text.chars().filter(|&c| c != ',').collect();
    if t.is_empty() || t.len() > MAX_DIGITS + 1 {
        return None;
    }
    Decimal::from_str(&t).ok().map(|d| d.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Finds the first number in `text` whose numeral is not skipped and
    /// compares its written form, value and approximation.
    fn check(text: &str, written: &str, value: Option<&str>, approx: Option<Approx>) {
        let chars: Vec<char> = text.chars().collect();
        let toks = find_numbers(&chars);
        let tok = toks.iter().find(|t| !t.skipped);
        let tok = tok.unwrap_or_else(|| panic!("no number in {text:?}"));
        let got: String = chars[tok.prefix_start..tok.end].iter().collect();
        assert_eq!(got, written, "extent in {text:?}");
        assert_eq!(
            tok.value,
            value.map(|v| Decimal::from_str(v).unwrap()),
            "value in {text:?}"
        );
        assert_eq!(tok.approx, approx, "approx in {text:?}");
    }

    #[test]
    fn numbers_table() {
        use Approx::*;
        let cases: &[(&str, &str, Option<&str>, Option<Approx>)] = &[
            ("抓获犯罪嫌疑人8707人", "8707", Some("8707"), None),
            ("信息3.7万余条", "3.7万余", Some("37000"), Some(Over)),
            ("信息2000余万条", "2000余万", Some("20000000"), Some(Over)),
            (
                "金额近1.96亿元",
                "近1.96亿",
                Some("196000000"),
                Some(Nearly),
            ),
            ("抓获10.3万余人", "10.3万余", Some("103000"), Some(Over)),
            ("共1,234人", "1,234", Some("1234"), None),
            ("十余人", "十余", Some("10"), Some(Over)),
            ("三万元", "三万", Some("30000"), None),
            ("两千名", "两千", Some("2000"), None),
            ("一百二十起", "一百二十", Some("120"), None),
            ("二十五个", "二十五", Some("25"), None),
            ("一亿二千万元", "一亿二千万", Some("120000000"), None),
            ("案件上万起", "上万", Some("10000"), Some(Over)),
            ("甚至上千万元", "上千万", Some("10000000"), Some(Over)),
            ("教育超2000余次", "超2000余", Some("2000"), Some(Over)),
            ("约300人", "约300", Some("300"), Some(About)),
            ("超过5000条", "超过5000", Some("5000"), Some(Over)),
            ("嫌疑人?.2万名", "?.2万", None, None),
            ("犯罪嫌疑?8名", "?8", None, None),
            ("不良言?万余人次", "?万余", None, Some(Over)),
            ("建?00多个", "?00多", None, Some(Over)),
            ("毒品84302千克", "84302", Some("84302"), None),
            // A multiplier alone before 余/多 counts from one.
            (
                "窃取用户数据千万余条",
                "千万余",
                Some("10000000"),
                Some(Over),
            ),
            ("百多人被骗", "百多", Some("100"), Some(Over)),
            // 亿 and 万 written apart (新台币1亿3,518万元).
            ("损失1亿3,518万元", "1亿3,518万", Some("135180000"), None),
        ];
        for (text, written, value, approx) in cases {
            check(text, written, *value, *approx);
        }
    }

    #[test]
    fn not_quantities() {
        let cases: &[&str] = &[
            "第三次",
            "几十万元",
            "数百人",
            "千万不要",
            "G01系统",
            "截图_20231222.png",
            "是吗?\n",
            "仿制零部件",
            "零容忍",
            // Neighbouring digits make a range: an indefinite quantity.
            "页面二三十条",
            "十七八人",
        ];
        for text in cases {
            let chars: Vec<char> = text.chars().collect();
            let real: Vec<_> = find_numbers(&chars)
                .into_iter()
                .filter(|t| !t.skipped)
                .collect();
            assert!(real.is_empty(), "{text:?} gave {real:?}");
        }
    }

    #[test]
    fn the_start_filter_lets_every_numeral_through() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let numeral = is_arabic(c) || chinese_digit(c).is_some() || chinese_unit(c).is_some();
            let passes = MAY_START.contains(c);
            assert!(
                !numeral || passes,
                "{c:?} starts a numeral but is filtered out"
            );
        }
    }

    #[test]
    fn overflow_is_not_a_fact() {
        let long = "9".repeat(40) + "人";
        let chars: Vec<char> = long.chars().collect();
        assert!(find_numbers(&chars).iter().all(|t| t.value.is_none()));
        let big: Vec<char> = "99999999999999999999亿亿亿亿亿人".chars().collect();
        assert!(find_numbers(&big).iter().all(|t| t.value.is_none()));
    }
}
