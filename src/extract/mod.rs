//! The extractor: source text in, document fields and facts out.
//!
//! One pipeline of small stages: normalise → find numbers → segment →
//! attach units (and drop what is not a fact) → classify metric and category
//! → attach year-over-year changes → emit facts with spans in the original
//! text. Vocabularies are data (`vocab.txt`, `regions.txt`).
//! **Invariant:** every fact's span indexes the original text, contains its
//! number, and facts are in source order with non-overlapping spans.

use crate::extract::category::{classify_category, Levels};
use crate::extract::doc::{hits_in, Candidate, Doc};
use crate::extract::metric::{classify_metric, NOUN_AFTER};
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

/// The numbers of a document, segmented: the first stages of extraction.
fn segmented(text: &str) -> (Doc, Vec<NumberToken>) {
    let mut doc = Doc::new(text);
    let numbers: Vec<NumberToken> = find_numbers(doc.chars())
        .into_iter()
        .filter(|t| !t.skipped)
        .collect();
    let starts: Vec<usize> = numbers.iter().map(|t| t.start).collect();
    doc.seg = segment(doc.chars(), &starts, &doc.words.furniture);
    (doc, numbers)
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
    let (len, class) = v.units.at(chars, num.end)?;
    let unit_end = num.end + len;
    if v.not_after.at(chars, unit_end).is_some() || excluded_before(doc, &num) {
        return None;
    }
    let mut end = unit_end;
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
    let mut unit = String::with_capacity(3 * len);
    unit.extend(&chars[num.end..unit_end]);
    let clause = containing(&doc.seg.clauses, num.start)?;
    if partner_count(doc, &num, clause, class) {
        return None;
    }
    let sentence = containing(&doc.seg.sentences, num.start)?;
    Some(Candidate {
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

/// Ordinals (第, 前三名), rates (每), shares (占) and durations (为期) before
/// the number.
fn excluded_before(doc: &Doc, num: &NumberToken) -> bool {
    let p = num.prefix_start;
    let prev = |n: usize| p.checked_sub(n).map(|i| doc.chars()[i]);
    // 前 makes a rank (前三名) unless it ends a time word (目前4名…, 日前).
    let rank = prev(1) == Some('前')
        && !matches!(
            prev(2),
            Some('目' | '日' | '此' | '当' | '之' | '先' | '事' | '提' | '以')
        );
    rank || matches!(
        prev(1),
        Some('第' | '每' | '占' | '#' | '-' | '/' | '.' | ':')
    ) || (p >= 2 && doc.starts_with_at(p - 2, "为期"))
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
/// conversion of it (人民币5亿元(约6亿港元)): one fact, not two.
fn drop_conversions(doc: &Doc, cands: &mut Vec<Candidate>) {
    let chars = doc.chars();
    let mut keep = vec![true; cands.len()];
    for i in 1..cands.len() {
        let (prev, cur) = (&cands[i - 1], &cands[i]);
        let between = &chars[prev.end..cur.num.prefix_start];
        let conversion = prev.class == UnitClass::Money
            && cur.class == UnitClass::Money
            && between.first() == Some(&'(')
            && between.len() <= 4;
        keep[i] = !conversion;
    }
    let mut k = keep.iter();
    cands.retain(|_| *k.next().unwrap_or(&true));
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
        let noun = hits_in(&doc.words.metric, (c.end, we.max(c.end)))
            .iter()
            .find(|h| {
                v.metric.payload[h.entry].kind != TriggerKind::Verb && h.start <= c.end + NOUN_AFTER
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
                "今年以来,全市共侦破电信网络诈骗案件120起,抓获犯罪嫌疑人86名,分别同比上升12.5%、30%。",
                &["全市共侦破电信网络诈骗案件120起|120|起||cases|fraud|12.5", "抓获犯罪嫌疑人86名|86|名||suspects|fraud|30"],
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
            ("共侦破1倍3.7万余起抓获犯罪嫌疑人1,234起", &["3.7万余起抓获犯罪嫌疑人|37000|起|over|cases||", "1,234起|1234|起||cases||"]),
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
