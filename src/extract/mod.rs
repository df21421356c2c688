//! The extractor: source text in, document fields and facts out.
//!
//! One pipeline of small stages: normalise → find numbers → segment →
//! attach units (and drop what is not a fact) → classify metric and category
//! → attach year-over-year changes → emit facts with spans in the original
//! text. Vocabularies are data (`vocab.txt`, `regions.txt`).
//! **Invariant:** every fact's span indexes the original text, contains its
//! number, and facts are in source order with non-overlapping spans.

use crate::extract::category::{classify_category, Levels};
use crate::extract::doc::{hits_in, Candidate, Covered, Doc};
use crate::extract::metric::{allowed, classify_metric, NOUN_AFTER};
use crate::extract::numbers::{find_numbers, NumberToken};
use crate::extract::segment::{containing, segment, LineKind, Range};
use crate::extract::vocab::{TriggerKind, UnitClass, VOCAB};
use crate::model::{AnnotationFile, Fact, Metric, Number};
use crate::text::locate::CharCursor;

mod category;
pub mod change;
pub mod doc;
pub mod docfields;
mod metric;
pub mod numbers;
pub mod regions;
pub mod sections;
pub mod segment;
pub mod vocab;
pub mod word_index;

/// Longest quote in characters before the number.
const MAX_LEAD: usize = 24;
/// Characters between the two amounts of a conversion in parentheses
/// (人民币5亿元(约6亿港元)).
const CONVERSION_GAP: usize = 4;
/// Characters after a case count searched for a list of typical cases
/// (5起依法打击网络犯罪典型案例).
const CASE_LIST_WINDOW: usize = 16;
/// Characters before a difference searched for the year it is taken
/// against (较2020年多734宗).
const COMPARISON_WINDOW: usize = 10;
/// Characters of letters before a number that may name the counted thing
/// (APP13个).
const LETTERS_MAX: usize = 4;

/// The numbers of a document, segmented: the first stages of extraction.
/// A numeral inside a place's name (三台县, 三台警方) is no number.
fn segmented(text: &str) -> (Doc, Vec<NumberToken>) {
    let mut doc = Doc::new(text);
    let numbers: Vec<NumberToken> = find_numbers(doc.chars())
        .into_iter()
        .filter(|t| !t.skipped || letters_name_thing(doc.chars(), t))
        .map(|mut t| {
            if t.skipped {
                t = numbers::reread(doc.chars(), t.start).unwrap_or(t);
            }
            t
        })
        .filter(|t| !t.skipped)
        .collect();
    let starts: Vec<usize> = numbers.iter().map(|t| t.start).collect();
    doc.seg = segment(doc.chars(), &starts, &doc.words.furniture);
    doc.seg.split_headline_clauses(&doc.norm.spaces);
    let places = Covered::new(docfields::place_names(
        &doc.seg,
        &doc.words.region_names,
        doc.chars(),
    ));
    let numbers = numbers
        .into_iter()
        .filter(|t| !places.contains(t.start))
        .collect();
    (doc, numbers)
}

/// A number glued to letters that name what it counts (涉赌APP13个) is a
/// quantity, not part of an identifier.
fn letters_name_thing(chars: &[char], t: &NumberToken) -> bool {
    let from = t.start.saturating_sub(LETTERS_MAX);
    (from..t.start).any(|i| {
        VOCAB.letters_before_numbers.at(chars, i) == Some(t.start - i)
            && (i == 0 || !chars[i - 1].is_ascii_alphabetic())
    })
}

/// The lines of a source text the extractor reads as page furniture (and
/// so never takes a fact from), as character ranges of `text`. The
/// validator warns about facts annotated there with the same reading.
pub fn furniture(text: &str) -> Vec<(usize, usize)> {
    let (doc, _) = segmented(text);
    doc.seg
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Furniture)
        .map(|l| doc.norm.original_span(l.range.0, l.range.1))
        .collect()
}

/// Extracts every fact of a source text; each fact carries its span in `text`.
pub fn extract(text: &str) -> AnnotationFile {
    let (doc, numbers) = segmented(text);
    let next_starts: Vec<usize> = numbers
        .iter()
        .skip(1)
        .map(|t| t.prefix_start)
        .chain([usize::MAX])
        .collect();
    let mut cands: Vec<Candidate> = numbers
        .into_iter()
        .zip(next_starts)
        .filter_map(|(n, next)| candidate(&doc, n, next))
        .collect();
    drop_conversions(&doc, &mut cands);
    imply_money_units(&mut cands);
    // Spans are cut in source order: a quote starts where the previous one ended.
    let mut levels = Levels::new(&doc);
    let mut prev_end = 0;
    for i in 0..cands.len() {
        let window = window(&cands, i);
        cands[i].metric = classify_metric(&doc, &cands[i], window);
        cands[i].category = classify_category(&doc, &mut levels, &cands[i]);
        cands[i].span = quote_span(&doc, &cands[i], window, prev_end);
        prev_end = cands[i].span.1;
    }
    change::attach(&doc, &mut cands);
    let document = docfields::document_fields(&doc.norm, &doc.seg, &doc.words.region_names);
    // Facts are in source order: one forward pass cuts every quote.
    let mut cursor = CharCursor::new(text);
    let facts = cands
        .into_iter()
        .map(|c| to_fact(text, &mut cursor, &doc, c))
        .collect();
    AnnotationFile {
        status: None,
        document,
        facts,
    }
}

/// Attaches a unit to a number and applies the exclusions of guide §1;
/// `next_start` is where the next number (with its approximation word) starts.
fn candidate(doc: &Doc, num: NumberToken, next_start: usize) -> Option<Candidate> {
    let chars = doc.chars();
    let line = doc.seg.line_of(num.start)?;
    if line.kind == LineKind::Furniture || doc.seg.in_rumour(num.start) || num.bare_one {
        return None;
    }
    let v = &*VOCAB;
    if v.not_after.at(chars, num.end).is_some() {
        return None;
    }
    let (len, mut class, unit) = match v.units.at(chars, num.end) {
        Some((len, class)) => (len, class, None),
        // 获利200余万, 11.3亿金流: money written without 元.
        None if money_without_unit(doc, &num) => (0, UnitClass::Money, Some("元")),
        None => return None,
    };
    let unit_end = num.end + len;
    let currency = v.currency_after.at(chars, unit_end).is_some();
    if (!currency && v.not_after.at(chars, unit_end).is_some()) || excluded_before(doc, &num) {
        return None;
    }
    let mut end = unit_end;
    // 2300余人(次): person-times, counted as times (guide §4).
    if chars.get(unit_end..unit_end + 3) == Some(&['(', '次', ')']) {
        class = UnitClass::Times;
        end += 3;
    }
    let mut approx = num.approx;
    // An approximation word that runs into the next number is that number's
    // (5人以上万人: 上 belongs to 上万), so facts never share characters.
    if let Some((n, a)) = v
        .approx_after
        .at(chars, unit_end)
        .filter(|(n, _)| unit_end + n <= next_start)
    {
        end += n;
        approx = approx.or(Some(a));
    }
    // Sized for Chinese characters: collecting would reserve a byte per
    // character and grow.
    let mut unit_text = String::with_capacity(3 * len);
    match unit {
        Some(u) => unit_text.push_str(u),
        None => unit_text.extend(&chars[num.end..unit_end]),
    }
    let unit = unit_text;
    let clause = containing(&doc.seg.clauses, num.start)?;
    if partner_count(doc, &num, clause, class)
        || (class == UnitClass::Money && price(doc, clause))
        || (class == UnitClass::Case && case_list(doc, unit_end, clause))
        || difference(doc, &num, clause)
        || (class == UnitClass::Person && narrative_subject(doc, &num, clause))
    {
        return None;
    }
    let sentence = containing(&doc.seg.sentences, num.start)?;
    Some(Candidate {
        implied_unit: len == 0,
        num,
        unit,
        class,
        end,
        approx,
        clause,
        sentence,
        metric: Metric::Other,
        category: None,
        change: None,
        span: (0, 0),
    })
}

/// A number with 万 or 亿 and no unit is money where a money word stands
/// right after it (11.3亿金流) or in its clause before it (获利200余万,
/// 被骗四千万).
fn money_without_unit(doc: &Doc, num: &NumberToken) -> bool {
    let chars = doc.chars();
    let v = &*VOCAB;
    let scaled = chars[num.start..num.end]
        .iter()
        .any(|c| matches!(c, '万' | '亿'));
    if !scaled || num.value.is_none() {
        return false;
    }
    if v.money_context.at(chars, num.end).is_some() {
        return true;
    }
    let Some(clause) = containing(&doc.seg.clauses, num.start) else {
        return false;
    };
    // The money word must end right before the number (获利200余万,
    // 被骗四千万), with no other word between.
    let p = num.prefix_start;
    (clause.0..p).any(|i| v.money_context.at(chars, i) == Some(p - i))
}

/// A price (每单1元, 每件售价6000元到3万元, 以300元至1500元的价格): a price
/// word in the amount's clause.
fn price(doc: &Doc, (s, e): Range) -> bool {
    VOCAB.price_words.occurs_in(&doc.chars()[s..e])
}

/// The size of a published list of typical cases (公布7起典型案例).
fn case_list(doc: &Doc, unit_end: usize, (_, e): Range) -> bool {
    let chars = doc.chars();
    let to = (unit_end + CASE_LIST_WINDOW).min(e.max(unit_end));
    VOCAB.case_lists.occurs_in(&chars[unit_end..to])
}

/// An absolute difference from an earlier year (较2020年多734宗, 增加了
/// 1001宗): the change of a fact, never a fact (guide §1, §3).
fn difference(doc: &Doc, num: &NumberToken, (s, _): Range) -> bool {
    let chars = doc.chars();
    let v = &*VOCAB;
    let mut p = num.prefix_start;
    if p > s && chars[p - 1] == '了' {
        p -= 1;
    }
    let word = (1..=2)
        .filter(|&n| p >= s + n)
        .find(|&n| v.differences.at(chars, p - n) == Some(n));
    let Some(n) = word else {
        return false;
    };
    let from = (p - n).saturating_sub(COMPARISON_WINDOW).max(s);
    let before = &chars[from..p - n];
    v.comparisons.occurs_in(before) && before.contains(&'年')
}

/// A count of people that opens its clause and names no one the police
/// dealt with (3人将目光盯向…, 3人在某小区租用民房): a back-reference to
/// people just named in a narrative, not a count of its own.
fn narrative_subject(doc: &Doc, num: &NumberToken, clause: Range) -> bool {
    if num.prefix_start > clause.0 {
        return false;
    }
    let v = &*VOCAB;
    let person = [
        Metric::Suspects,
        Metric::Penalized,
        Metric::Assisted,
        Metric::Other,
        Metric::Actions,
    ];
    !hits_in(&doc.words.metric, clause).iter().any(|h| {
        v.metric.payload[h.entry]
            .metrics
            .iter()
            .any(|m| person.contains(m))
    })
}

/// Ordinals (第, 前三名), rates (每) and durations (为期) before the number.
fn excluded_before(doc: &Doc, num: &NumberToken) -> bool {
    let p = num.prefix_start;
    let prev = |n: usize| p.checked_sub(n).map(|i| doc.chars()[i]);
    // 前 makes a rank (前三名) unless it ends a time word (目前4名…, 日前).
    let rank = prev(1) == Some('前')
        && !matches!(
            prev(2),
            Some('目' | '日' | '此' | '当' | '之' | '先' | '事' | '提' | '以')
        );
    rank || matches!(prev(1), Some('第' | '每' | '#' | '-' | '/' | '.' | ':'))
        || (p >= 2 && doc.starts_with_at(p - 2, "为期"))
}

/// 会同网信办、教体局等4家单位: the bodies a police force worked with, counted
/// after 等, are departments (guide §1), not a fact.
fn partner_count(doc: &Doc, num: &NumberToken, clause: Range, class: UnitClass) -> bool {
    let p = num.prefix_start;
    class == UnitClass::Org
        && p > clause.0
        && doc.chars()[p - 1] == '等'
        && VOCAB.joint_work.occurs_in(&doc.chars()[clause.0..p])
}

/// An amount in parentheses right after another amount is a currency
/// conversion of it (人民币5亿元(约6亿港元)), and so is an amount after
/// 折合 that follows another in its sentence (5480万USDT,折合人民币3.8亿元):
/// one fact, not two.
fn drop_conversions(doc: &Doc, cands: &mut Vec<Candidate>) {
    let chars = doc.chars();
    let mut keep = vec![true; cands.len()];
    for i in 1..cands.len() {
        let (prev, cur) = (&cands[i - 1], &cands[i]);
        let between = &chars[prev.end..cur.num.prefix_start];
        let money = prev.class == UnitClass::Money && cur.class == UnitClass::Money;
        let parenthesised = between.first() == Some(&'(') && between.len() <= CONVERSION_GAP;
        let converted = prev.sentence == cur.sentence && VOCAB.conversions.occurs_in(between);
        keep[i] = !(money && (parenthesised || converted));
    }
    let mut k = keep.iter();
    cands.retain(|_| *k.next().unwrap_or(&true));
}

/// Money written without a unit (被骗四千万) takes the unit the article
/// uses for its other amounts (guide §3 `unit`), else 元.
fn imply_money_units(cands: &mut [Candidate]) {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for c in cands
        .iter()
        .filter(|c| c.class == UnitClass::Money && !c.implied_unit)
    {
        match counts.iter_mut().find(|(u, _)| *u == c.unit) {
            Some(k) => k.1 += 1,
            None => counts.push((&c.unit, 1)),
        }
    }
    let Some(unit) = counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map(|(u, _)| u.to_string())
    else {
        return;
    };
    for c in cands.iter_mut().filter(|c| c.implied_unit) {
        c.unit.clone_from(&unit);
    }
}

/// The stretch of text that belongs to candidate `i`: its clause, cut at
/// the neighbouring facts so no quote contains another fact's number.
fn window(cands: &[Candidate], i: usize) -> Range {
    let c = &cands[i];
    let mut s = c.clause.0;
    let mut e = c.clause.1;
    if i > 0 && cands[i - 1].end > s && cands[i - 1].end <= c.num.prefix_start {
        s = cands[i - 1].end;
    }
    if let Some(next) = cands.get(i + 1) {
        if next.num.prefix_start < e {
            e = next.num.prefix_start.max(c.end);
        }
    }
    (s, e)
}

/// The quote: from the clause start (at most `MAX_LEAD` characters before
/// the number, never before `prev_end`, where the previous quote ended) to
/// the unit; when nothing precedes the number, the counted noun after it is
/// included (3654家属地单位). That noun is then the previous fact's, not the
/// next one's lead (12起案件涉及嫌疑人30名).
fn quote_span(doc: &Doc, c: &Candidate, (ws, we): Range, prev_end: usize) -> Range {
    let chars = doc.chars();
    let mut s = ws
        .max(prev_end)
        .max(c.num.prefix_start.saturating_sub(MAX_LEAD));
    // Never quote another number (a year, a duration) before this one.
    if let Some(d) = (s..c.num.prefix_start)
        .rev()
        .find(|&i| chars[i].is_ascii_digit() || chars[i] == '?')
    {
        s = d + 1;
        while s < c.num.prefix_start
            && matches!(
                chars[s],
                '年' | '月' | '日' | '号' | '天' | '个' | '时' | '%' | '倍' | '.' | '至' | '-'
            )
        {
            s += 1;
        }
    }
    while s < c.num.prefix_start && matches!(chars[s], ',' | ';' | ':' | '、' | '”' | ')' | '。')
    {
        s += 1;
    }
    // An opening quotation mark whose closing one is not in the quote is the
    // start of reported speech, not of the fact: annotators leave it out.
    while s < c.num.prefix_start && unclosed_opening(&chars[s..c.end]) {
        s += 1;
    }
    let mut e = c.end;
    if c.num.prefix_start - s < 2 {
        let v = &*VOCAB;
        // The noun that can be what the unit counts (企业 in 57家网络游戏企业,
        // not 游戏).
        let allow = allowed(c.class);
        let noun = hits_in(&doc.words.metric, (c.end, we.max(c.end)))
            .iter()
            .find(|h| {
                let t = &v.metric.payload[h.entry];
                t.kind != TriggerKind::Verb
                    && h.start <= c.end + NOUN_AFTER
                    && t.metrics.iter().any(|m| allow.contains(m))
            });
        if let Some(h) = noun {
            e = h.end;
        }
    }
    (s, e)
}

/// Opening quotation marks and brackets and the marks that close them.
const QUOTATION_MARKS: &[(char, char)] = &[
    ('“', '”'),
    ('‘', '’'),
    ('「', '」'),
    ('『', '』'),
    ('《', '》'),
    ('〈', '〉'),
];

/// Whether `quote` starts with an opening quotation mark it does not close.
fn unclosed_opening(quote: &[char]) -> bool {
    let Some(first) = quote.first() else {
        return false;
    };
    QUOTATION_MARKS
        .iter()
        .any(|(open, close)| open == first && !quote[1..].contains(close))
}

fn to_fact(text: &str, cursor: &mut CharCursor, doc: &Doc, c: Candidate) -> Fact {
    let (s, e) = doc.norm.original_span(c.span.0, c.span.1);
    let (bs, be) = (cursor.byte_at(s), cursor.byte_at(e));
    let quote = text.get(bs..be).unwrap_or_default().to_string();
    Fact {
        quote,
        occurrence: None,
        value: c.num.value.map(Number::from),
        unit: c.unit,
        approx: c.approx,
        metric: c.metric,
        category: c.category,
        change: c.change.map(Number::from),
        span: Some([s, e]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Extracts from `text` and compares each fact as
    /// `quote|value|unit|approx|metric|category|change`.
    fn check(text: &str, expected: &[&str]) {
        let got: Vec<String> = extract(text)
            .facts
            .iter()
            .map(|f| {
                format!(
                    "{}|{}|{}|{}|{}|{}|{}",
                    f.quote,
                    f.value.map_or("null".into(), |v| v.to_plain()),
                    f.unit,
                    f.approx.map_or("", |a| a.as_str()),
                    f.metric,
                    f.category.map_or("", |c| c.as_str()),
                    f.change.map_or(String::new(), |c| c.to_plain()),
                )
            })
            .collect();
        assert_eq!(got, expected, "facts of {text:?}");
    }

    #[test]
    fn facts_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "今年以来,全市共侦破电信网络诈骗案件145起,抓获犯罪嫌疑人73名,分别同比上升16.4%、22%。",
                &["全市共侦破电信网络诈骗案件145起|145|起||cases|fraud|16.4", "抓获犯罪嫌疑人73名|73|名||suspects|fraud|22"],
            ),
            ("为期3个月的专项行动中,11岁的学生第2次举报。", &[]),
            ("共清理各类违法有害信息1.2万余条,关停网站35家。", &["共清理各类违法有害信息1.2万余条|12000|条|over|information||", "关停网站35家|35|家||accounts||"]),
            ("冻结涉案资金近400万元,挽回损失约3,000元。", &["冻结涉案资金近400万元|4000000|元|nearly|money||", "挽回损失约3,000元|3000|元|about|money||"]),
            ("破获网络赌博案件?2起,收缴赌资3亿元(约3.3亿港元)。", &["破获网络赌博案件?2起|null|起||cases|gambling|", "收缴赌资3亿元|300000000|元||money|gambling|"]),
            ("对12家单位、30个信息系统开展网络安全检查。", &["对12家单位|12|家||organizations|network_security|", "30个信息系统|30|个||organizations|network_security|"]),
            ("他发布内容为:“有三名男子被罚款三万元”的虚假视频。", &[]),
            ("侦办侵犯公民个人信息案件18起,抓获犯罪嫌疑人40人,查获公民个人信息50万条,案件数和抓获人数分别同比上升20%、1倍。",
                &["侦办侵犯公民个人信息案件18起|18|起||cases|personal_data|20", "抓获犯罪嫌疑人40人|40|人||suspects|personal_data|100", "查获公民个人信息50万条|500000|条||information|personal_data|"]),
            ("開展護苗行動,清理涉未成年人有害信息300條。", &["清理涉未成年人有害信息300條|300|条||information|minors|"]),
            // Quotes never overlap: a counted noun after one fact is not the next fact's lead.
            // (嫌疑人 is not what 起 counts: it leads the next fact.)
            ("共侦破1倍3.7万余起抓获犯罪嫌疑人1,234起", &["3.7万余起|37000|起|over|cases||", "抓获犯罪嫌疑人1,234起|1234|起||cases||"]),
            ("12起案件涉及嫌疑人30名", &["12起案件|12|起||cases||", "涉及嫌疑人30名|30|名||suspects||"]),
            ("抓获5人以上万人", &["抓获5人|5|人||suspects||", "以上万人|10000|人|over|suspects||"]),
            ("全县侦破网络赌博案件45起,抓获犯罪嫌疑人60名,查处违法人员约80人,案件数同比上升50%。",
                &["全县侦破网络赌博案件45起|45|起||cases|gambling|50", "抓获犯罪嫌疑人60名|60|名||suspects|gambling|", "查处违法人员约80人|80|人|about|penalized|gambling|"]),
            ("查处刷单炒信、有偿删帖等案件30起。侦破侵犯公民个人信息等网络犯罪案件12起。",
                &["查处刷单炒信、有偿删帖等案件30起|30|起||cases|water_army|", "侦破侵犯公民个人信息等网络犯罪案件12起|12|起||cases||"]),
            ("联合惩戒失信人员450名。\n市反诈中心向群众推送预警信息12万条。",
                &["联合惩戒失信人员450名|450|名||penalized||", "市反诈中心向群众推送预警信息12万条|120000|条||actions|fraud|"]),
            ("关停涉赌网站120个,捣毁诈骗网站及APP 35个,发现涉黄网站18个,封堵赌博网站链接900余个,摧毁涉毒平台6个。发现网站后台漏洞40个。",
                &["关停涉赌网站120个|120|个||accounts|gambling|", "捣毁诈骗网站及APP 35个|35|个||groups|fraud|", "发现涉黄网站18个|18|个||groups|pornography|", "封堵赌博网站链接900余个|900|个|over|accounts|gambling|", "摧毁涉毒平台6个|6|个||groups|drugs|", "发现网站后台漏洞40个|40|个||other||"]),
            ("发动全区12个街道、30个社区开展宣传。", &[]),
            ("警方偵破案件25宗。各地下架违规APP 80余款。", &["警方偵破案件25宗|25|宗||cases||", "各地下架违规APP 80余款|80|款|over|accounts||"]),
            // 前 after a time word is no rank; the verb after the noun does not lose the fact.
            ("涉案金额8万元,目前6名犯罪嫌疑人已被刑事拘留。该县位列全省前3名。",
                &["涉案金额8万元|80000|元||money||", "目前6名|6|名||suspects||"]),
            // Machines an intruder took over measure the crime (guide §4: other).
            ("该男子用木马控制他人电脑500余台,警方收缴电脑12台。",
                &["该男子用木马控制他人电脑500余台|500|台|over|other|hacking|", "警方收缴电脑12台|12|台||items|hacking|"]),
            // 等犯罪嫌疑人 is "… and others, suspects", not "… and other crimes".
            ("破获一起侵犯公民个人信息案,抓获中介人员等犯罪嫌疑人7名。",
                &["抓获中介人员等犯罪嫌疑人7名|7|名||suspects|personal_data|"]),
            ("组织全省16个设区市公安机关开展集中行动。", &[]),
            // Downloads count like readership; money mules are suspects whatever verb finds them.
            ("反诈APP累计下载量达1.5亿次,查获诈骗车手230名。",
                &["反诈APP累计下载量达1.5亿次|150000000|次||other|fraud|", "查获诈骗车手230名|230|名||suspects|fraud|"]),
            // A site closed in the passive is an account closed; 场次 counts activity.
            ("共有20余个涉诈网站被关停,开展宣传活动300余场次。",
                &["共有20余个|20|个|over|accounts|fraud|", "开展宣传活动300余场次|300|场次|over|actions|fraud|"]),
            // Bodies worked with are departments; a rumour in corner brackets is no statistic.
            ("市公安局会同网信办、市场监管局等5家单位检查企业30家。", &["家单位检查企业30家|30|家||organizations||"]),
            ("網上流傳「某地抓獲賭客三百人並罰款兩萬元」的說法。", &[]),
            // An opening quotation mark is cut off unless the quote closes it.
            ("他介绍:“累计侦办涉网案件2443起,“护苗”行动清理有害信息3000条。",
                &["累计侦办涉网案件2443起|2443|起||cases||", "“护苗”行动清理有害信息3000条|3000|条||information|minors|"]),
            ("某县通报\n「全市破获诈骗案件80起。", &["全市破获诈骗案件80起|80|起||cases|fraud|"]),
            // Minors named in the sentence win over a general total beside them (guide §5),
            // and an audience reached is readership, not activity.
            ("开展护苗宣传课40场,覆盖学生2万人次,关停游戏账号300个,侦破侵害未成年人网络犯罪案件5起。",
                &["开展护苗宣传课40场|40|场||actions|minors|", "覆盖学生2万人次|20000|人次||other|minors|", "关停游戏账号300个|300|个||accounts|minors|", "侦破侵害未成年人网络犯罪案件5起|5|起||cases|minors|"]),
        ];
        for (text, expected) in cases {
            check(text, expected);
        }
    }
}
