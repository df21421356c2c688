//! The document fields `region` and `campaign` (guide §3), read from the
//! article text only — never from page furniture.
//!
//! Region: the level the report speaks at (全省/全市/全国公安机关 …) picks
//! provinces, prefecture-level cities or 全国; the most-named jurisdiction of
//! that level, helped by a dateline (人民网成都9月8日电), gives the full
//! official name from the `regions.txt` table. Campaign: the most specific
//! named series (净网 or 净网2022) in the title and lead.

use crate::locate::CharCursor;
use crate::normalize::Normalized;
use crate::segment::{LineKind, Segments};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::HashMap;
use std::sync::LazyLock;

const DATA: &str = include_str!("regions.txt");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Level {
    Province,
    City,
    National,
}

/// One name the automaton finds.
#[derive(Clone, Debug)]
enum Name {
    /// A province (index into `provinces`).
    Province(usize),
    /// A prefecture-level city: full name and province index.
    City(String, usize),
    Level(Level),
    Campaign(String),
}

struct Regions {
    provinces: Vec<String>,
    ac: AhoCorasick,
    names: Vec<Name>,
}

static REGIONS: LazyLock<Regions> = LazyLock::new(|| parse(DATA));

fn parse(data: &str) -> Regions {
    let mut section = "";
    let mut provinces = Vec::new();
    let mut entries: Vec<(String, Name)> = Vec::new();
    for raw in data.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        match (section, fields.as_slice()) {
            ("provinces", [full, short, cities @ ..]) => {
                let p = provinces.len();
                provinces.push(full.to_string());
                entries.push((full.to_string(), Name::Province(p)));
                entries.push((short.to_string(), Name::Province(p)));
                for city in cities {
                    let (short, full) = city.split_once('=').map_or((*city, format!("{city}市")), |(s, f)| (s, f.to_string()));
                    entries.push((short.to_string(), Name::City(full, p)));
                }
            }
            ("levels", [word, level]) => {
                let level = match *level {
                    "province" => Level::Province,
                    "city" => Level::City,
                    _ => Level::National,
                };
                entries.push((word.to_string(), Name::Level(level)));
            }
            ("campaigns", words) => {
                entries.extend(words.iter().map(|w| (w.to_string(), Name::Campaign(w.to_string()))));
            }
            _ => {}
        }
    }
    let (words, names): (Vec<String>, Vec<Name>) = entries.into_iter().unzip();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&words)
        .unwrap_or_else(|_| AhoCorasick::new(Vec::<String>::new()).expect("an empty automaton always builds"));
    Regions { provinces, ac, names }
}

/// The first `n` lines of article text (not furniture), as strings.
fn lead_lines(chars: &[char], seg: &Segments, n: usize) -> Vec<String> {
    seg.lines
        .iter()
        .filter(|l| l.kind != LineKind::Furniture)
        .take(n)
        .map(|l| chars[l.range.0..l.range.1].iter().collect())
        .collect()
}

/// A dateline (…9月8日电, …日讯) within the few characters after a name.
fn dateline_follows(after: &[char]) -> bool {
    after.windows(2).any(|w| w[0] == '日' && matches!(w[1], '电' | '讯'))
}

/// Characters after a name searched for a dateline.
const DATELINE_WINDOW: usize = 8;

/// Every name of the table in article lines: (its article-line number, the
/// name, the characters after it up to the end of its line). One scan of the
/// whole text: no name spans a line break, so this finds what a scan of
/// each line would.
fn names_in_article<'a>(norm: &'a Normalized, seg: &'a Segments) -> impl Iterator<Item = (usize, &'a Name, &'a [char])> + 'a {
    let r = &*REGIONS;
    let mut cursor = CharCursor::new(&norm.text);
    let (mut line, mut article_no) = (0, 0);
    r.ac.find_iter(norm.text.as_str()).filter_map(move |m| {
        let (s, e) = (cursor.char_at(m.start()), cursor.char_at(m.end()));
        while seg.lines.get(line).is_some_and(|l| l.range.1 <= s) {
            article_no += usize::from(seg.lines[line].kind != LineKind::Furniture);
            line += 1;
        }
        let l = seg.lines.get(line).filter(|l| l.range.0 <= s && e <= l.range.1 && l.kind != LineKind::Furniture)?;
        Some((article_no, &r.names[m.pattern().as_usize()], &norm.chars[e..l.range.1]))
    })
}

/// A province named outright outweighs several of its cities.
const PROVINCE_WEIGHT: usize = 10;

/// Number of lines (title and lead) searched for the campaign and dateline.
const LEAD_LINES: usize = 3;

/// The reporting jurisdiction, or `None` when the article does not say.
pub fn region(norm: &Normalized, seg: &Segments) -> Option<String> {
    let r = &*REGIONS;
    let mut levels: HashMap<Level, usize> = HashMap::new();
    let mut provinces: HashMap<usize, usize> = HashMap::new();
    let mut cities: HashMap<&str, usize> = HashMap::new();
    for (n, name, after) in names_in_article(norm, seg) {
        let dateline = n < LEAD_LINES && dateline_follows(&after[..after.len().min(DATELINE_WINDOW)]);
        let weight = if dateline { 3 } else { 1 };
        match name {
            Name::Province(p) => *provinces.entry(*p).or_default() += PROVINCE_WEIGHT * weight,
            Name::City(full, p) => {
                *cities.entry(full.as_str()).or_default() += weight;
                // A city speaks for its province only faintly, a dateline strongly.
                *provinces.entry(*p).or_default() += weight;
            }
            Name::Level(l) => *levels.entry(*l).or_default() += 1,
            Name::Campaign(_) => {}
        }
    }
    let count = |l: Level| levels.get(&l).copied().unwrap_or(0);
    let (p, c, n) = (count(Level::Province), count(Level::City), count(Level::National));
    if n > p && n > c {
        return Some("全国".to_string());
    }
    let best_province = || provinces.iter().max_by_key(|(i, k)| (**k, usize::MAX - **i)).map(|(i, _)| r.provinces[*i].clone());
    if c > p {
        return cities.iter().max_by_key(|(name, k)| (**k, std::cmp::Reverse(**name))).map(|(name, _)| name.to_string());
    }
    if p > 0 || !provinces.is_empty() {
        return best_province();
    }
    None
}

/// The most specific campaign named in the title and lead.
pub fn campaign(chars: &[char], seg: &Segments) -> Option<String> {
    let r = &*REGIONS;
    let mut best: Option<String> = None;
    for line in lead_lines(chars, seg, LEAD_LINES) {
        for m in r.ac.find_iter(line.as_str()) {
            if let Name::Campaign(series) = &r.names[m.pattern().as_usize()] {
                let year: String = line[m.end()..].chars().take_while(|c| c.is_ascii_digit()).collect();
                let name = if year.len() == 4 { format!("{series}{year}") } else { series.clone() };
                if best.as_ref().is_none_or(|b| b.len() < name.len()) {
                    best = Some(name);
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Normalises and segments `text`, then compares both document fields.
    fn check(text: &str, region_want: Option<&str>, campaign_want: Option<&str>) {
        let n = crate::normalize::normalize(text);
        let seg = crate::segment::segment(&n.chars, &[]);
        assert_eq!(region(&n, &seg).as_deref(), region_want, "region of {text:?}");
        assert_eq!(campaign(&n.chars, &seg).as_deref(), campaign_want, "campaign of {text:?}");
    }

    #[test]
    fn document_fields_table() {
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("新华网杭州3月2日电 全省公安机关开展行动。\n我省破案。", Some("浙江省"), None),
            ("凈網(wǎng)2022專項行動成效\n我省公安機關破案。", None, Some("净网2022")),
            ("大同警方“净网”行动\n全市公安机关破案,大同市公安局通报。", Some("大同市"), Some("净网")),
            ("全国公安机关破案\n公安部部署全国公安机关开展行动,广东警方配合。", Some("全国"), None),
            ("标题\n正文\n最近更新\n- 湖南省公安厅破案", None, None),
            ("宁夏警方通报\n全区公安机关破案,宁夏公安厅通报。", Some("宁夏回族自治区"), None),
        ];
        for (text, region, campaign) in cases {
            check(text, *region, *campaign);
        }
    }
}
