//! The document fields `region` and `campaign` (guide §3), read from the
//! article text only — never from page furniture.
//!
//! Region: the level the report speaks at (全省/全市/全国公安机关 …) picks
//! provinces, prefecture-level cities or 全国; the most-named jurisdiction of
//! that level, helped by a dateline (人民网成都9月8日电), gives the full
//! official name from the `regions.txt` table. A county report (全县, 县局)
//! takes its name from its reporting body (某某县公安局), as no table lists
//! every county. Campaign: the most specific named series (净网 or 净网2022)
//! in the title and lead, outside section headings (一、…).

use crate::extract::regions::{Level, Name, REGIONS};
use crate::extract::segment::{LineKind, Segments};
use crate::extract::word_index::WordMatch;
use crate::model::DocumentFields;
use crate::text::normalize::{is_han, Normalized};
use std::collections::HashMap;

/// A dateline (…9月8日电, …日讯) within the few characters after a name.
fn dateline_follows(after: &[char]) -> bool {
    after
        .windows(2)
        .any(|w| w[0] == '日' && matches!(w[1], '电' | '讯'))
}

/// Characters after a name searched for a dateline.
const DATELINE_WINDOW: usize = 8;

/// A name of the table found in an article line, with its line's text on
/// either side: (article-line number, name, characters from the line start
/// to the name, characters from the name to the line end).
type NameInLine<'a> = (usize, &'a Name, &'a [char], &'a [char]);

/// The names found (`found`: the scan's matches of the gazetteer's names,
/// in order)
/// that lie in article lines, with the article line's number.
fn names_in_article<'a>(
    norm: &'a Normalized,
    seg: &'a Segments,
    found: &'a [WordMatch],
) -> Vec<NameInLine<'a>> {
    let r = &*REGIONS;
    let mut out = Vec::new();
    let (mut line, mut article_no) = (0, 0);
    for m in found {
        while seg.lines.get(line).is_some_and(|l| l.range.1 <= m.start) {
            article_no += usize::from(seg.lines[line].kind != LineKind::Furniture);
            line += 1;
        }
        let Some(l) = seg.lines.get(line).filter(|l| {
            l.range.0 <= m.start && m.end <= l.range.1 && l.kind != LineKind::Furniture
        }) else {
            continue;
        };
        out.push((
            article_no,
            &r.names[m.entry],
            &norm.chars[l.range.0..m.start],
            &norm.chars[m.end..l.range.1],
        ));
    }
    out
}

/// A province named outright outweighs several of its cities.
const PROVINCE_WEIGHT: usize = 10;

/// Longest county name before its suffix (县, 区) that is read back from a body.
const COUNTY_NAME_MAX: usize = 4;

/// Characters that end a county name read backwards: a higher level's
/// suffix (湖南省娄底市新化县) or a word before the name (据, 被, 会同).
const NAME_BOUNDARY: &[char] = &[
    '省', '市', '州', '盟', '的', '在', '据', '被', '由', '对', '向', '从', '经', '同', '和', '与',
    '及', '将', '是', '为',
];

/// The name a body gives (新化县 from 新化县公安局), read back from the body's
/// start; `None` when no name precedes it (，县公安局通报: a self-reference).
fn body_name(before: &[char], suffix: char) -> Option<String> {
    let mut name: Vec<char> = before
        .iter()
        .rev()
        .copied()
        .take_while(|c| is_han(*c) && !NAME_BOUNDARY.contains(c))
        .take(COUNTY_NAME_MAX)
        .collect();
    if name.len() < 2 {
        return None;
    }
    name.reverse();
    Some(name.into_iter().chain([suffix]).collect())
}

/// Number of lines (title and lead) searched for the campaign and dateline.
const LEAD_LINES: usize = 3;

/// Both document fields; `found` is the scan's matches of the gazetteer's
/// names, in order.
pub fn document_fields(norm: &Normalized, seg: &Segments, found: &[WordMatch]) -> DocumentFields {
    let names = names_in_article(norm, seg, found);
    DocumentFields {
        region: region(&names),
        campaign: campaign(norm, seg, &names),
    }
}

/// The reporting jurisdiction, or `None` when the article does not say.
fn region(names: &[NameInLine]) -> Option<String> {
    let r = &*REGIONS;
    let mut levels: HashMap<Level, usize> = HashMap::new();
    let mut provinces: HashMap<usize, usize> = HashMap::new();
    let mut cities: HashMap<&str, usize> = HashMap::new();
    let mut counties: HashMap<String, usize> = HashMap::new();
    for &(n, name, before, after) in names {
        let dateline =
            n < LEAD_LINES && dateline_follows(&after[..after.len().min(DATELINE_WINDOW)]);
        let weight = if dateline { 3 } else { 1 };
        match name {
            Name::Province(p) => *provinces.entry(*p).or_default() += PROVINCE_WEIGHT * weight,
            Name::City(full, p) => {
                *cities.entry(full.as_str()).or_default() += weight;
                // A city speaks for its province only faintly; a dateline city
                // as strongly as the province's own name (我省 datelined 杭州).
                *provinces.entry(*p).or_default() += if dateline {
                    PROVINCE_WEIGHT * weight
                } else {
                    weight
                };
            }
            Name::Level(l) => *levels.entry(*l).or_default() += 1,
            Name::Body(suffix) => match body_name(before, *suffix) {
                Some(name) => *counties.entry(name).or_default() += 1,
                None => *levels.entry(Level::County).or_default() += 1,
            },
            Name::Campaign(_) => {}
        }
    }
    let count = |l: Level| levels.get(&l).copied().unwrap_or(0);
    let (p, c, n) = (
        count(Level::Province),
        count(Level::City),
        count(Level::National),
    );
    let k = count(Level::County);
    if k > p && k > c && k > n {
        let best = counties
            .iter()
            .max_by_key(|(name, k)| (**k, std::cmp::Reverse(name.as_str())));
        if let Some((name, _)) = best {
            return Some(name.clone());
        }
    }
    if n > p && n > c {
        return Some("全国".to_string());
    }
    let best_province = || {
        provinces
            .iter()
            .max_by_key(|(i, k)| (**k, usize::MAX - **i))
            .map(|(i, _)| r.provinces[*i].clone())
    };
    if c > p {
        let city = cities
            .iter()
            .max_by_key(|(name, k)| (**k, std::cmp::Reverse(**name)))
            .map(|(name, _)| name.to_string());
        // A municipality (上海市) is a province-level city: a city-level
        // report (全市, 市公安局) that names no prefecture-level city speaks
        // for the municipality it names.
        return city.or_else(|| best_province().filter(|name| name.ends_with('市')));
    }
    if p > 0 || !provinces.is_empty() {
        return best_province();
    }
    None
}

/// The most specific campaign named in the title and lead.
fn campaign(norm: &Normalized, seg: &Segments, names: &[NameInLine]) -> Option<String> {
    let mut best: Option<String> = None;
    // A campaign named in a section heading covers that section only (guide
    // §3). Each lead line is looked at once, not once per name in it: a
    // document on one line may name a campaign a million times.
    let heading: Vec<bool> = (0..LEAD_LINES)
        .map(|n| opens_section(&article_line(norm, seg, n)))
        .collect();
    for &(n, name, _, after) in names {
        let Name::Campaign(series) = name else {
            continue;
        };
        if n >= LEAD_LINES || heading[n] {
            continue;
        }
        let year: String = after.iter().take_while(|c| c.is_ascii_digit()).collect();
        let name = if year.len() == 4 {
            format!("{series}{year}")
        } else {
            series.clone()
        };
        if best.as_ref().is_none_or(|b| b.len() < name.len()) {
            best = Some(name);
        }
    }
    best
}

/// Article line `n` (furniture skipped) as a string.
fn article_line(norm: &Normalized, seg: &Segments, n: usize) -> String {
    seg.lines
        .iter()
        .filter(|l| l.kind != LineKind::Furniture)
        .nth(n)
        .map(|l| norm.chars[l.range.0..l.range.1].iter().collect())
        .unwrap_or_default()
}

/// Section enumerators that open a line: 一、 二. (三) 4、
fn opens_section(line: &str) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十0123456789";
    let rest = line.trim_start().trim_start_matches(['(', '（']);
    let after = rest.trim_start_matches(|c| NUMERALS.contains(c));
    let mut next = after.chars();
    let opener = matches!(next.next(), Some('、' | '.' | ')' | '）' | '．'));
    // 3.5亿 opens with a decimal, not an enumerator.
    after.len() < rest.len() && opener && !next.next().is_some_and(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Normalises and segments `text`, then compares both document fields.
    fn check(text: &str, region_want: Option<&str>, campaign_want: Option<&str>) {
        let n = crate::text::normalize::normalize(text);
        let found = crate::extract::vocab::VOCAB.scan(&n.chars);
        let seg = crate::extract::segment::segment(&n.chars, &[], &found.furniture);
        let fields = document_fields(&n, &seg, &found.region_names);
        assert_eq!(fields.region.as_deref(), region_want, "region of {text:?}");
        assert_eq!(
            fields.campaign.as_deref(),
            campaign_want,
            "campaign of {text:?}"
        );
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
            ("新华网昆明5月6日电 我省公安机关开展行动,专案组赴广西、贵州抓捕。\n全省破案。", Some("云南省"), None),
            ("青溪县公安局关于打击网络赌博的通报\n今年以来,县公安局破获案件12起,全县抓获嫌疑人。", Some("青溪县"), None),
            ("据东湖区公安分局消息\n近日,区公安分局破获案件。", Some("东湖区"), None),
            ("大同市公安局通报\n全市公安机关破案,其中阳高县公安局破获案件。", Some("大同市"), None),
            ("全国公安机关通报\n公安部部署全国公安机关开展行动。\n一、“昆仑2023”行动成效明显", Some("全国"), None),
            ("行动通报\n3.5亿条信息在“清朗”行动中被清理。", None, Some("清朗")),
            ("重庆警方通报\n记者从重庆市公安局获悉,全市公安机关破案,市公安局通报。", Some("重庆市"), None),
        ];
        for (text, region, campaign) in cases {
            check(text, *region, *campaign);
        }
    }
}
