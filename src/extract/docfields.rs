//! The document fields `region` and `campaign` (guide §3), read from the
//! article text only — never from page furniture, photo credits or a news
//! agency's dateline.
//!
//! Region: every mention of a division (from the gazetteer of
//! `regions`), of a level word (全省, 我市, 县局) or of a national body
//! (公安部, 全国公安机关) is evidence. A division named as a reporting body
//! (宜昌市公安机关, 盐亭警方, 朝阳分局) weighs most, and the first reporting
//! body of the article more still; in a chain (杭州市公安局余杭区分局,
//! 四川绵阳三台警方) the last division speaks. The level with the most
//! evidence wins (national → 全国), and its division with the most support
//! — its own mentions and those of the divisions inside it — gives the full
//! official name; a dateline only resolves a level word nothing else
//! resolves (我省 datelined 兰州 → 甘肃省).
//!
//! Campaign: the most specific named campaign of the title and lead: a
//! series name (净网) in quotation marks, with a year (净网2022, 云剑-2021)
//! or before 专项/行动, or any quoted name before 专项行动/行动 (“断卡”行动);
//! campaigns listed together (“断卡”“断流”等专项行动) only frame the
//! results and give none.

use crate::extract::regions::{Level, Name, REGIONS};
use crate::extract::segment::{LineKind, Segments};
use crate::extract::word_index::WordMatch;
use crate::model::DocumentFields;
use crate::text::normalize::{is_han, Normalized};
use std::collections::{BTreeMap, BTreeSet};

/// How much a division named as a reporting body (荆州市公安机关) weighs
/// against a plain mention of a division or a level word (我省).
const POLICE_WEIGHT: u32 = 3;
/// Added to the level of the article's first reporting body: the lead
/// names who reports before it names example cases elsewhere.
const FIRST_BODY_BONUS: u32 = 6;
/// Characters after a name searched for the end of a dateline (宁波11月3日电).
const DATELINE_WINDOW: usize = 8;
/// Characters between a police word and a photo credit (广州市公安局供图).
const CREDIT_GAP: usize = 0;
/// Longest county name before its suffix (县, 区) read back from a body
/// the gazetteer does not know (某某县公安局).
const COUNTY_NAME_MAX: usize = 4;
/// Longest quoted campaign name (“净网2022”, “云剑-2021”).
const CAMPAIGN_NAME_MAX: usize = 12;
/// A line longer than this is the lead paragraph: the title block ends
/// before it, and the lead ends with it.
const TITLE_LINE_MAX: usize = 40;
/// Most article lines searched for the campaign (title block and lead).
const LEAD_LINES_MAX: usize = 6;

/// Characters that end a county name read backwards: a higher level's
/// suffix (湖南省娄底市新化县) or a word before the name (据, 被, 会同).
const NAME_BOUNDARY: &[char] = &[
    '省', '市', '州', '盟', '的', '在', '据', '被', '由', '对', '向', '从', '经', '同', '和', '与',
    '及', '将', '是', '为',
];

/// A gazetteer match in an article line.
#[derive(Clone, Copy)]
struct Found<'a> {
    m: WordMatch,
    name: &'a Name,
    /// Index of the article line (furniture lines not counted).
    line: usize,
    /// The line's range.
    range: (usize, usize),
}

/// What one mention says about the region.
#[derive(Clone, Debug, PartialEq)]
enum Evidence {
    /// A division named plainly (湖州安吉有伙…).
    Named(usize),
    /// A division named as a reporting body.
    Body(usize),
    /// A level word (全省, 市局).
    Level(Level),
    /// A county body the gazetteer does not know, by the name it gives.
    UnknownCounty(String),
    National,
}

/// The gazetteer matches lying in article lines, in order.
fn in_article<'a>(seg: &Segments, found: &'a [WordMatch]) -> Vec<Found<'a>> {
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
        out.push(Found {
            m: *m,
            name: &r.names[m.entry],
            line: article_no,
            range: l.range,
        });
    }
    out
}

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

/// A dateline end (日电, 日讯) after `end` with only a date between
/// (宁波11月3日电): the name is the news agency's place.
fn dateline_after(chars: &[char], found: &[Found], next: usize, end: usize) -> bool {
    let Some(f) = found.get(next) else {
        return false;
    };
    matches!(f.name, Name::Dateline)
        && f.m.start >= end
        && f.m.start <= end + DATELINE_WINDOW
        && chars[end..f.m.start]
            .iter()
            .all(|c| c.is_ascii_digit() || matches!(c, '月' | '日' | ' '))
}

/// The divisions a chain of names stands for, most specific last: each
/// name read within the one before it (四川 绵阳 三台 → 三台县 of 绵阳市); a
/// name not within the one before ends the chain (广州市公安局徐汇区分局:
/// no 徐汇区 lies in 广州).
fn resolve_chain(chain: &[&Vec<usize>]) -> Vec<usize> {
    let r = &*REGIONS;
    let mut current: Vec<usize> = chain[0].clone();
    for units in &chain[1..] {
        let inside: Vec<usize> = units
            .iter()
            .copied()
            .filter(|&u| current.iter().any(|&c| u != c && r.within(u, c)))
            .collect();
        if inside.is_empty() {
            break;
        }
        current = inside;
    }
    current
}

/// Every mention's evidence, in article order, and the positions of the
/// division names read as places (for the numbers inside place names).
struct Reading {
    evidence: Vec<(Evidence, usize)>,
    /// Dateline divisions: they resolve a level word nothing else resolves.
    datelines: Vec<usize>,
    /// Ranges of the division names read as names of places.
    places: Vec<(usize, usize)>,
}

fn read(chars: &[char], found: &[Found]) -> Reading {
    let r = &*REGIONS;
    // Divisions named in full somewhere: their short names are trusted
    // anywhere (三台 in a report that names 三台县).
    let named_in_full: Vec<usize> = found
        .iter()
        .filter_map(|f| match f.name {
            Name::Division { units, full: true } => Some(units.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    // A short name alone is a place only in a chain, before a police word,
    // or where its full name is written too; the short names of cities and
    // provinces are the usual way to name them (大同, 梅州) and always are.
    let trusted_alone = |units: &[usize], full: bool| {
        full || units
            .iter()
            .any(|&u| r.divisions[u].level != Level::County || named_in_full.contains(&u))
    };
    let mut out = Reading {
        evidence: Vec::new(),
        datelines: Vec::new(),
        places: Vec::new(),
    };
    // The divisions a body's sub-bureau must lie in (北京市公安局朝阳分局),
    // set by a body whose police word is followed at once by a name.
    let mut within: Option<Vec<usize>> = None;
    let mut i = 0;
    while i < found.len() {
        let f = found[i];
        match f.name {
            Name::Division { units, full } => {
                // The chain of names written one after another.
                let mut j = i;
                let mut chain: Vec<&Vec<usize>> = Vec::new();
                let upper = within.take();
                if let Some(u) = upper.as_ref() {
                    chain.push(u);
                }
                let outer = chain.len();
                while let Some(g) = found
                    .get(j)
                    .filter(|g| j == i || g.m.start == found[j - 1].m.end)
                {
                    let Name::Division { units, .. } = g.name else {
                        break;
                    };
                    chain.push(units);
                    j += 1;
                }
                let end = found[j - 1].m.end;
                let resolved = resolve_chain(&chain);
                // A sub-bureau's name that lies in no division of the body
                // before it is no division of the gazetteer (a misprint).
                let lost = outer > 0 && chain.len() > outer && resolved == *chain[0];
                let next = found.get(j).filter(|g| g.m.start == end);
                let police = next.is_some_and(|g| matches!(g.name, Name::Police));
                let credit_after = |k: usize| {
                    found.get(k).is_some_and(|g| {
                        matches!(g.name, Name::Credit)
                            && g.m.start <= found[k - 1].m.end + CREDIT_GAP
                    })
                };
                let credit = credit_after(j) || (police && credit_after(j + 1));
                let dateline = dateline_after(chars, found, j, end);
                let trusted = trusted_alone(units, *full) || j - i > 1 || outer > 0 || police;
                // A body followed at once by a name: its sub-bureau reports.
                let sub_bureau = police
                    && found.get(j + 1).is_some_and(|g| {
                        g.m.start == found[j].m.end && matches!(g.name, Name::Division { .. })
                    });
                if trusted && !lost {
                    out.places.push((f.m.start, end));
                }
                match resolved.first().copied() {
                    _ if lost => {}
                    Some(u) if dateline => out.datelines.push(u),
                    Some(_) if credit || !trusted => {}
                    Some(_) if sub_bureau => within = Some(resolved.clone()),
                    Some(u) if police => out.evidence.push((Evidence::Body(u), f.line)),
                    Some(u) => out.evidence.push((Evidence::Named(u), f.line)),
                    None => {}
                }
                i = j + usize::from(police);
                continue;
            }
            Name::Level(l) => out.evidence.push((Evidence::Level(*l), f.line)),
            Name::Body(suffix) => {
                let ev = match body_name(&chars[f.range.0..f.m.start], *suffix) {
                    Some(name) => Evidence::UnknownCounty(name),
                    None => Evidence::Level(Level::County),
                };
                out.evidence.push((ev, f.line));
            }
            Name::Agency(u) => out.evidence.push((Evidence::Body(*u), f.line)),
            Name::National => {
                let framed = i > 0
                    && matches!(found[i - 1].name, Name::Frame)
                    && found[i - 1].m.end == f.m.start;
                if !framed {
                    out.evidence.push((Evidence::National, f.line));
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Both document fields; `found` is the scan's matches of the gazetteer's
/// names, in order.
pub fn document_fields(norm: &Normalized, seg: &Segments, found: &[WordMatch]) -> DocumentFields {
    let found = in_article(seg, found);
    let reading = read(&norm.chars, &found);
    DocumentFields {
        region: region(&reading),
        campaign: campaign(norm, seg, &found),
    }
}

/// The character ranges of division names read as places (三台 of 三台县,
/// 七台河): a numeral there is part of a name, not a quantity.
pub fn place_names(seg: &Segments, found: &[WordMatch], chars: &[char]) -> Vec<(usize, usize)> {
    let found = in_article(seg, found);
    read(chars, &found).places
}

/// The reporting jurisdiction, or `None` when the article does not say.
fn region(reading: &Reading) -> Option<String> {
    let r = &*REGIONS;
    let mut levels: BTreeMap<Level, u32> = BTreeMap::new();
    // Support of each division: its own mentions; the divisions inside it
    // add theirs when the level is resolved.
    let mut own: BTreeMap<usize, u32> = BTreeMap::new();
    let mut unknown: BTreeMap<&str, u32> = BTreeMap::new();
    let mut first: Option<usize> = None;
    for (k, (ev, _line)) in reading.evidence.iter().enumerate() {
        let body = !matches!(ev, Evidence::Named(_));
        if body && first.is_none() {
            first = Some(k);
        }
        let bonus = if first == Some(k) {
            FIRST_BODY_BONUS
        } else {
            0
        };
        match ev {
            Evidence::Named(u) => *own.entry(*u).or_default() += 1,
            Evidence::Body(u) => {
                *own.entry(*u).or_default() += POLICE_WEIGHT + bonus;
                *levels.entry(r.divisions[*u].level).or_default() += POLICE_WEIGHT + bonus;
            }
            Evidence::Level(l) => *levels.entry(*l).or_default() += 1 + bonus,
            Evidence::UnknownCounty(name) => {
                *unknown.entry(name.as_str()).or_default() += POLICE_WEIGHT;
                *levels.entry(Level::County).or_default() += POLICE_WEIGHT + bonus;
            }
            Evidence::National => *levels.entry(Level::National).or_default() += 1 + bonus,
        }
    }
    let support = |level: Level| -> BTreeMap<usize, u32> {
        let mut s: BTreeMap<usize, u32> = BTreeMap::new();
        for (&u, &w) in &own {
            if let Some(a) = r.at_level(u, level) {
                *s.entry(a).or_default() += w;
            }
        }
        s
    };
    let best = |s: &BTreeMap<usize, u32>| -> Option<usize> {
        s.iter()
            .max_by_key(|(u, w)| (**w, std::cmp::Reverse(**u)))
            .map(|(u, _)| *u)
    };
    let level = levels
        .iter()
        .max_by_key(|(l, w)| (**w, std::cmp::Reverse(**l)))
        .map(|(l, _)| *l);
    let name = |u: usize| Some(r.divisions[u].full.clone());
    match level {
        Some(Level::National) => Some("全国".to_string()),
        Some(level) => {
            // The divisions of that level with a reporting body in them.
            let bodies: BTreeMap<usize, u32> = support(level)
                .into_iter()
                .filter(|(u, _)| {
                    reading
                        .evidence
                        .iter()
                        .any(|(ev, _)| matches!(ev, Evidence::Body(b) if r.within(*b, *u)))
                })
                .collect();
            if let Some(u) = best(&bodies) {
                return name(u);
            }
            // A level word (我省) in a report datelined in one of its
            // divisions: that division (guide §3: 我省 datelined 兰州 is 甘肃省).
            let dated = reading.datelines.iter().find_map(|&d| r.at_level(d, level));
            if let Some(u) = dated {
                return name(u);
            }
            let s = support(level);
            if let Some(u) = best(&s) {
                return name(u);
            }
            if level == Level::County {
                if let Some((n, _)) = unknown
                    .iter()
                    .max_by_key(|(n, w)| (**w, std::cmp::Reverse(**n)))
                {
                    return Some(n.to_string());
                }
            }
            // A municipality is a province-level city: a city-level report
            // naming no prefecture speaks for the municipality it names.
            if level == Level::City {
                let muni = support(Level::Province)
                    .into_iter()
                    .filter(|(u, _)| r.divisions[*u].full.ends_with('市'))
                    .collect();
                if let Some(u) = best(&muni) {
                    return name(u);
                }
            }
            best(&support(Level::Province)).and_then(name)
        }
        // No reporting body and no level word: the province most named.
        None => best(&support(Level::Province)).and_then(name),
    }
}

/// The article lines of the title block and the lead: up to and including
/// the first long line, at most `LEAD_LINES_MAX`.
fn lead_lines(seg: &Segments) -> usize {
    let article = seg.lines.iter().filter(|l| l.kind != LineKind::Furniture);
    let mut n = 0;
    for l in article.take(LEAD_LINES_MAX) {
        n += 1;
        if l.range.1 - l.range.0 > TITLE_LINE_MAX {
            break;
        }
    }
    n
}

/// One campaign named in the lead.
struct Named {
    series: String,
    name: String,
    start: usize,
    end: usize,
}

/// The most specific campaign named in the title and lead.
fn campaign(norm: &Normalized, seg: &Segments, found: &[Found]) -> Option<String> {
    let chars = &norm.chars;
    let lead = lead_lines(seg);
    // A campaign named in a section heading covers that section only (guide
    // §3). Each lead line is looked at once, not once per name in it: a
    // document on one line may name a campaign a million times.
    let heading: Vec<bool> = (0..lead)
        .map(|n| opens_section(&article_line(norm, seg, n)))
        .collect();
    let mut named: Vec<Named> = Vec::new();
    // Where each name starts, so that a quoted name already read as a
    // campaign is found without a scan: a one-line document may hold a
    // million of them.
    let mut starts: BTreeSet<usize> = BTreeSet::new();
    for (k, f) in found.iter().enumerate() {
        if f.line >= lead || heading[f.line] {
            continue;
        }
        let s = f.m.start;
        match f.name {
            Name::Campaign(series) => {
                let after = &chars[f.m.end..f.range.1];
                let sep = after
                    .first()
                    .filter(|c| matches!(c, '-' | '·'))
                    .map_or(0, |_| 1);
                let year: String = after[sep..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                let quoted = s > 0 && matches!(chars[s - 1], '“' | '"');
                let word_follows = found
                    .get(k + 1)
                    .is_some_and(|g| matches!(g.name, Name::CampaignWord) && g.m.start == f.m.end);
                let (name, end) = if year.len() == 4 {
                    let written: String = after[..sep + 4].iter().collect();
                    (format!("{series}{written}"), f.m.end + sep + 4)
                } else {
                    (series.clone(), f.m.end)
                };
                if year.len() == 4 || quoted || word_follows {
                    starts.insert(s);
                    named.push(Named {
                        series: series.clone(),
                        name,
                        start: s,
                        end,
                    });
                }
            }
            Name::CampaignWord if s > 0 && chars[s - 1] == '”' => {
                // “X”行动: a quoted name before a campaign word.
                let open = (s.saturating_sub(CAMPAIGN_NAME_MAX + 2)..s - 1)
                    .rev()
                    .find(|&i| chars[i] == '“');
                let Some(o) = open else { continue };
                let name: String = chars[o + 1..s - 1].iter().collect();
                let case = name.ends_with('案') || name.chars().all(|c| !is_han(c));
                if name.chars().count() >= 2 && !case && starts.insert(o + 1) {
                    named.push(Named {
                        series: name.clone(),
                        name,
                        start: o + 1,
                        end: s - 1,
                    });
                }
            }
            _ => {}
        }
    }
    // Campaigns listed together (“断卡”“断流”、…) frame the results: none is
    // the one the article reports as a whole.
    let listed = |a: &Named, b: &Named| {
        b.start >= a.end
            && b.start - a.end <= 3
            && chars[a.end..b.start]
                .iter()
                .all(|c| matches!(c, '”' | '“' | '、' | '和' | '及' | '与' | '"'))
            && a.series != b.series
    };
    let framing: Vec<bool> = (0..named.len())
        .map(|i| {
            (i > 0 && listed(&named[i - 1], &named[i]))
                || named.get(i + 1).is_some_and(|b| listed(&named[i], b))
        })
        .collect();
    let kept: Vec<&Named> = named
        .iter()
        .zip(&framing)
        .filter(|(_, f)| !**f)
        .map(|(n, _)| n)
        .collect();
    // The series named most (the first on a tie), by its most specific name.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for n in &kept {
        match counts.iter_mut().find(|(s, _)| *s == n.series) {
            Some(c) => c.1 += 1,
            None => counts.push((&n.series, 1)),
        }
    }
    let series = counts.iter().rev().max_by_key(|(_, c)| *c)?.0;
    kept.iter()
        .filter(|n| n.series == series)
        .max_by_key(|n| n.name.chars().count())
        .map(|n| n.name.clone())
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
            // A county known to the gazetteer, by its short name before a police
            // word; the province and city before it only place it.
            ("近日,江西赣州于都警方破获一起案件,于都县公安局通报。", Some("于都县"), None),
            // A district sub-bureau reports its case: the district, not the city.
            ("按照公安部统一部署,成都市公安局武侯区分局破获一起案件,武侯警方介绍。", Some("武侯区"), None),
            // A city bureau with its sub-bureau doing the case: the city, named
            // by the district it lies in.
            ("市公安局经过侦查破获一案。嫌疑人在金水区租房。市公安局通报,市公安局网安支队配合。", Some("郑州市"), None),
            // The ministry's report stays national with a provincial example case.
            ("记者从公安部获悉,公安部部署开展专项行动。其中,浙江湖州公安机关打掉一个团伙。", Some("全国"), None),
            // A news agency's dateline and a photo credit do not decide.
            ("中新网杭州5月1日电 宁波市公安局鄞州分局通报称破获一案。\n杭州公安 供图", Some("鄞州区"), None),
            ("本報訊 警務處處長公布去年罪案數字。", Some("香港特别行政区"), None),
            ("打詐成果 彰化警方公布\n彰化縣警察局統計,本縣破獲詐騙案。", Some("彰化县"), None),
            // Campaigns: hyphens kept, the specific name over the series, and
            // a descriptive use of a series word is no campaign.
            ("专项行动通报\n全省开展“云剑-2021”行动,破案。", None, Some("云剑-2021")),
            ("“净网”成绩单\n今年以来,全市深入推进“净网2027”专项行动,破案。", None, Some("净网2027")),
            ("营造清朗网络空间\n全市公安机关破案。", None, None),
            ("专项工作通报\n以“断卡”“断流”等专项行动为抓手,全市破案。", None, None),
            ("通报\n在“护苗2022”专项行动中,全市破案。", None, Some("护苗2022")),
        ];
        for (text, region, campaign) in cases {
            check(text, *region, *campaign);
        }
    }
}
