//! Segmentation of the normalised text: lines (paragraphs), the title,
//! section headings, sentences, clauses, page furniture and quoted rumours.
//!
//! **Invariant:** every range here is a half-open range of normalised
//! characters; sentences and clauses never cross a line break, and each
//! list is sorted and non-overlapping. A line that ends inside a sentence
//! (after a comma, or an em-dash list intro) is marked as continuing into
//! the next: the category search reads the two as one sentence and one
//! paragraph.

use crate::extract::vocab::VOCAB;
use crate::extract::word_index::WordMatch;
use crate::text::charset::CharSet;

/// A half-open range of normalised characters.
pub type Range = (usize, usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// Article text: the title, lead, body, captions, Q&A.
    Body,
    /// A short line without closing punctuation that names a section.
    Heading,
    /// Navigation, related-article lists, widgets, editor and copyright
    /// lines, hotlines, e-mail addresses, image file names.
    Furniture,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub range: Range,
    pub kind: LineKind,
    /// The section heading block (consecutive heading lines) governing this line.
    pub heading: Option<Range>,
    /// The line ends inside a sentence (，, ：, ——) and the next line goes on with it.
    pub continues: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Segments {
    /// Non-empty lines, in order.
    pub lines: Vec<Line>,
    pub sentences: Vec<Range>,
    pub clauses: Vec<Range>,
    /// Quoted rumours, advertisements and other reported speech whose numbers
    /// are not statistics.
    pub rumours: Vec<Range>,
    /// The article's headline: its first article lines before the first
    /// long one (title, subtitle, a 原标题 line), when it opens with one.
    pub headline: Option<Range>,
}

/// Longest line that can be a section heading, in characters.
const HEADING_MAX: usize = 25;
/// Longest line of a headline block; a longer line is the lead paragraph.
const HEADLINE_LINE_MAX: usize = 40;
/// Longest line a furniture word makes furniture. Credits, copyright and
/// hotline lines are short; a paragraph that ends by giving the hotline
/// (…请拨打举报电话) is article text, however long (and a document on one
/// line is one paragraph).
const FURNITURE_LINE_MAX: usize = 120;
/// Shortest repeated line taken for a page repeat of the headline.
const REPEAT_MIN: usize = 8;
/// What a line ends with when its sentence goes on in the next line.
const SOFT_ENDS: &[char] = &[',', ';', ':', '、', '—'];
/// Longest widget line.
const WIDGET_MAX: usize = 8;
/// Characters searched before and after a quotation for rumour markers.
const RUMOUR_WINDOW: usize = 15;

const CLOSING: &[char] = &['。', '!', '?', ';', ',', ':', '…', '”', '」', '、', '.'];

/// Strips list bullets and spaces at the start of a line.
fn strip_bullets(chars: &[char]) -> &[char] {
    let n = chars
        .iter()
        .take_while(|c| matches!(c, '-' | '·' | '•' | ' ' | '*' | '>' | '|'))
        .count();
    &chars[n..]
}

/// What one pass over a line learns for the furniture test.
#[derive(Default)]
struct LineMarks {
    /// `>` and `»`: two or more make a navigation trail.
    arrows: usize,
    at: bool,
    dot: bool,
}

/// `has_word`: the line contains one of the furniture words.
fn is_furniture_line(line: &[char], marks: &LineMarks, has_word: bool) -> bool {
    let core = strip_bullets(line);
    // A line of digits alone is a page counter or a stray number.
    let bare_number = core.iter().all(|c| c.is_ascii_digit() || *c == ' ');
    let short_widget = core.len() <= WIDGET_MAX && VOCAB.widget_starts.starts(core);
    let email = line.len() <= 60 && marks.at && marks.dot;
    let image = line.len() <= 60 && marks.dot && VOCAB.image_extensions.occurs_in(line);
    let credit = has_word && line.len() <= FURNITURE_LINE_MAX;
    bare_number || short_widget || email || image || marks.arrows >= 2 || credit
}

/// A short line with a number that repeats an earlier article line word
/// for word: the page printing its headline again (guide §3: furniture
/// never counts, even where it repeats the article's own headline).
fn repeats(chars: &[char], line: &[char], earlier: &[Line]) -> bool {
    line.len() >= REPEAT_MIN
        && line.len() <= HEADLINE_LINE_MAX
        && line.iter().any(|c| c.is_ascii_digit())
        && earlier
            .iter()
            .any(|l| l.kind != LineKind::Furniture && &chars[l.range.0..l.range.1] == line)
}

fn starts_list(line: &[char]) -> bool {
    let core = strip_bullets(line);
    core.len() <= 12 && VOCAB.related_list_headings.starts(core)
}

fn is_heading_line(line: &[char]) -> bool {
    let last = line.last().copied().unwrap_or('。');
    line.len() <= HEADING_MAX
        && !CLOSING.contains(&last)
        && !SOFT_ENDS.contains(&last)
        && !line.contains(&'。')
}

/// Line breaks and the marks the furniture test counts.
const LINE_MARKS: &[char] = &['\n', '\r', '>', '»', '@', '.'];

/// Where sentences and clauses may end, and quotations open.
const SPLIT_MARKS: &[char] = &[
    '。', '!', '?', ',', ';', ':', '，', '；', '、', '“', '「', '『',
];

/// Every character segmentation stops at: one pass finds them all.
static MARKS: CharSet = CharSet::new(LINE_MARKS).union(CharSet::new(SPLIT_MARKS));

/// The state of the line classification, line by line.
struct Lines<'a> {
    chars: &'a [char],
    furniture_words: &'a [WordMatch],
    out: Vec<Line>,
    /// The next furniture word not before the current line.
    word: usize,
    in_list: bool,
    seen_title: bool,
    heading: Option<Range>,
}

impl Lines<'_> {
    /// Classifies line `[s, e)` and returns its kind (`None` for an empty line).
    fn push(&mut self, (s, e): Range, marks: LineMarks) -> Option<LineKind> {
        if s >= e {
            return None;
        }
        let text = &self.chars[s..e];
        let words = self.furniture_words;
        while words.get(self.word).is_some_and(|w| w.start < s) {
            self.word += 1;
        }
        let has_word = words.get(self.word).is_some_and(|w| w.end <= e);
        self.in_list = self.in_list || starts_list(text);
        let kind = if self.in_list
            || is_furniture_line(text, &marks, has_word)
            || repeats(self.chars, text, &self.out)
        {
            LineKind::Furniture
        } else if self.seen_title && is_heading_line(text) {
            LineKind::Heading
        } else {
            self.seen_title = true;
            LineKind::Body
        };
        if kind == LineKind::Heading {
            let continues = self.out.last().is_some_and(|l| l.kind == LineKind::Heading);
            self.heading = Some(match (continues, self.heading) {
                (true, Some((hs, _))) => (hs, e),
                _ => (s, e),
            });
        }
        self.out.push(Line {
            range: (s, e),
            kind,
            heading: self.heading,
            continues: false,
        });
        Some(kind)
    }
}

/// The sentences and clauses of each line, and the sentences that open a
/// quotation (the only ones that can hold a rumour), cut as the marks are
/// met; a line found to be furniture at its end takes its cuts back.
///
/// Sentences end at 。！？ (a `?` only at the end of a phrase, since inside
/// numbers it marks an illegible digit), with the closing quotes after the
/// mark. Clauses end at ，；,;: and, for a 、-list whose items each carry
/// their own number, at each 、 after a number.
struct Splitter<'a> {
    chars: &'a [char],
    number_starts: &'a [usize],
    sentences: Vec<Range>,
    clauses: Vec<Range>,
    quoted: Vec<Range>,
    /// Where the open sentence and clause start, and whether the sentence
    /// opened a quotation.
    sentence: usize,
    clause: usize,
    open_quote: bool,
    /// The lengths of the three lists after the last line kept.
    kept: (usize, usize, usize),
}

impl Splitter<'_> {
    /// A sentence or clause mark at `p`.
    fn mark(&mut self, p: usize) {
        let chars = self.chars;
        match chars[p] {
            c @ ('。' | '!' | '?') => {
                let mut i = p + 1;
                let ends = c != '?'
                    || i == chars.len()
                    || matches!(chars[i], '”' | '"' | '」' | '\n' | '\r');
                if !ends {
                    return;
                }
                // The closing quotes after the mark end the sentence too;
                // none of them is a mark or a line break, so the visit goes
                // on after them, in the same line.
                while i < chars.len() && matches!(chars[i], '”' | '」' | '"' | ')') {
                    i += 1;
                }
                self.close_clause(self.clause, i);
                self.close_sentence(self.sentence, i, self.open_quote);
                (self.sentence, self.clause, self.open_quote) = (i, i, false);
            }
            '“' | '「' | '『' => self.open_quote = true,
            '、' if !has_number_in(self.number_starts, self.clause, p) => {}
            // A thousands separator (2,072) cuts nothing.
            ',' if p > 0
                && chars[p - 1].is_ascii_digit()
                && chars.get(p + 1).is_some_and(|c| c.is_ascii_digit()) => {}
            _ => {
                self.close_clause(self.clause, p);
                self.clause = p + 1;
            }
        }
    }

    /// Closes the line ending at `e`, keeping its cuts unless it is
    /// furniture, and opens the next line at `e + 1`.
    fn end_line(&mut self, e: usize, keep: bool) {
        if keep {
            if self.sentence < e {
                self.close_clause(self.clause, e);
                self.close_sentence(self.sentence, e, self.open_quote);
            }
            self.kept = (self.sentences.len(), self.clauses.len(), self.quoted.len());
        } else {
            self.sentences.truncate(self.kept.0);
            self.clauses.truncate(self.kept.1);
            self.quoted.truncate(self.kept.2);
        }
        (self.sentence, self.clause, self.open_quote) = (e + 1, e + 1, false);
    }

    fn close_clause(&mut self, s: usize, e: usize) {
        if s < e {
            self.clauses.push((s, e));
        }
    }

    fn close_sentence(&mut self, s: usize, e: usize, quoted: bool) {
        self.sentences.push((s, e));
        if quoted {
            self.quoted.push((s, e));
        }
    }
}

fn has_number_in(number_starts: &[usize], s: usize, e: usize) -> bool {
    let i = number_starts.partition_point(|&n| n < s);
    number_starts.get(i).is_some_and(|&n| n < e)
}

/// Quoted stretches (“…”, 「…」 or 『…』 up to the closing mark, else to the
/// end of the sentence) that carry a rumour marker inside or next to them.
fn rumours(chars: &[char], sentences: &[Range]) -> Vec<Range> {
    let mut out = Vec::new();
    for &(s, e) in sentences {
        let mut i = s;
        while i < e {
            // Curly quotes, and the corner brackets of Traditional text.
            let closing = match chars[i] {
                '“' => '”',
                '「' => '」',
                '『' => '』',
                _ => {
                    i += 1;
                    continue;
                }
            };
            let close = (i + 1..e).find(|&j| chars[j] == closing);
            let end = close.map_or(e, |j| j + 1);
            let before = i.saturating_sub(RUMOUR_WINDOW).max(s);
            let after = (end + RUMOUR_WINDOW).min(e);
            let marked = VOCAB.rumour_markers.occurs_in(&chars[before..after]);
            if marked && end - i > 8 {
                out.push((i, end));
            }
            i = end;
        }
    }
    out
}

/// Segments the normalised text; `number_starts` (sorted) drive the 、 rule;
/// `furniture_words` are the matches of the furniture words in it, in order.
///
/// One visit of the marks (64 characters at a time, see [`CharSet`])
/// finds the lines, the marks the furniture test counts, and the sentence
/// and clause cuts.
pub fn segment(chars: &[char], number_starts: &[usize], furniture_words: &[WordMatch]) -> Segments {
    let mut lines = Lines {
        chars,
        furniture_words,
        out: Vec::with_capacity(chars.len() / 64),
        word: 0,
        in_list: false,
        seen_title: false,
        heading: None,
    };
    let mut split = Splitter {
        chars,
        number_starts,
        sentences: Vec::with_capacity(chars.len() / 32),
        clauses: Vec::with_capacity(chars.len() / 12),
        quoted: Vec::new(),
        sentence: 0,
        clause: 0,
        open_quote: false,
        kept: (0, 0, 0),
    };
    let (mut start, mut marks) = (0, LineMarks::default());
    MARKS.each_in(chars, (0, chars.len()), |i| match chars[i] {
        '>' | '»' => marks.arrows += 1,
        '@' => marks.at = true,
        '.' => marks.dot = true,
        '\n' | '\r' => {
            let kind = lines.push((start, i), std::mem::take(&mut marks));
            split.end_line(i, kind != Some(LineKind::Furniture));
            start = i + 1;
        }
        _ => split.mark(i),
    });
    let kind = lines.push((start, chars.len()), marks);
    split.end_line(chars.len(), kind != Some(LineKind::Furniture));
    let rumours = rumours(chars, &split.quoted);
    let mut lines = lines.out;
    mark_continuations(chars, &mut lines);
    let headline = headline(chars, &lines);
    Segments {
        lines,
        sentences: split.sentences,
        clauses: split.clauses,
        rumours,
        headline,
    }
}

/// Marks each article line that ends inside a sentence and is followed by
/// an article line (a hard break after a comma, 这4起案件分别是——).
fn mark_continuations(chars: &[char], lines: &mut [Line]) {
    for i in 1..lines.len() {
        let (prev, next) = (&lines[i - 1], &lines[i]);
        let soft = chars[prev.range.0..prev.range.1]
            .last()
            .is_some_and(|c| SOFT_ENDS.contains(c));
        if soft && prev.kind == LineKind::Body && next.kind != LineKind::Furniture {
            lines[i - 1].continues = true;
        }
    }
}

/// The headline block: the first article lines before the first long one
/// or the first that ends a sentence (a paragraph).
fn headline(chars: &[char], lines: &[Line]) -> Option<Range> {
    let title_like = |l: &Line| {
        l.range.1 - l.range.0 <= HEADLINE_LINE_MAX
            && chars.get(l.range.1.wrapping_sub(1)) != Some(&'。')
    };
    let mut article = lines.iter().filter(|l| l.kind != LineKind::Furniture);
    let first = article.next().filter(|l| title_like(l))?;
    let mut end = first.range.1;
    for l in article.take_while(|l| title_like(l)) {
        end = l.range.1;
    }
    Some((first.range.0, end))
}

/// The range in a sorted list that contains `pos`.
pub fn containing(ranges: &[Range], pos: usize) -> Option<Range> {
    let i = ranges.partition_point(|r| r.1 <= pos);
    ranges.get(i).copied().filter(|r| r.0 <= pos)
}

impl Segments {
    pub fn line_of(&self, pos: usize) -> Option<&Line> {
        let i = self.lines.partition_point(|l| l.range.1 <= pos);
        self.lines.get(i).filter(|l| l.range.0 <= pos)
    }

    /// The paragraph of a line: the line with the lines its sentences run
    /// on into or from (a hard break after a comma).
    pub fn paragraph_of(&self, line: &Line) -> Range {
        let i = self.lines.partition_point(|l| l.range.1 <= line.range.0);
        let (mut a, mut b) = (i, i);
        while a > 0 && self.lines[a - 1].continues {
            a -= 1;
        }
        while b + 1 < self.lines.len() && self.lines[b].continues {
            b += 1;
        }
        (self.lines[a].range.0, self.lines[b].range.1)
    }

    /// The sentence around `pos`, run on across a line it continues into
    /// or from: the last sentence of a line ending in a comma and the first
    /// of the next are one.
    pub fn sentence_at(&self, pos: usize) -> Option<Range> {
        let (mut s, mut e) = containing(&self.sentences, pos)?;
        let i = self.lines.partition_point(|l| l.range.1 <= pos);
        let line = self.lines.get(i)?;
        if s <= line.range.0 && i > 0 && self.lines[i - 1].continues {
            let prev = self.lines[i - 1].range;
            if let Some(p) = containing(&self.sentences, prev.1.saturating_sub(1)) {
                s = p.0;
            }
        }
        if e >= line.range.1 && line.continues {
            if let Some(n) = self.lines.get(i + 1) {
                if let Some(p) = containing(&self.sentences, n.range.0) {
                    e = p.1;
                }
            }
        }
        Some((s, e))
    }

    /// Splits the clauses of the headline at `breaks` (normalised positions
    /// where the original had a space between two phrases): in a headline
    /// a space ends a clause (guide §5).
    pub fn split_headline_clauses(&mut self, breaks: &[usize]) {
        let Some((hs, he)) = self.headline else {
            return;
        };
        let cuts: Vec<usize> = breaks
            .iter()
            .copied()
            .filter(|&b| b > hs && b < he)
            .collect();
        if cuts.is_empty() {
            return;
        }
        let mut out = Vec::with_capacity(self.clauses.len() + cuts.len());
        for &(s, e) in &self.clauses {
            let mut start = s;
            for &b in cuts.iter().filter(|&&b| b > s && b < e) {
                out.push((start, b));
                start = b;
            }
            out.push((start, e));
        }
        self.clauses = out;
    }

    pub fn in_rumour(&self, pos: usize) -> bool {
        containing(&self.rumours, pos).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Segments `text` (numbers found by the number module) and returns the
    /// requested view as strings.
    fn check(text: &str, view: &str, expected: &[&str]) {
        let chars: Vec<char> = text.chars().collect();
        let starts: Vec<usize> = crate::extract::numbers::find_numbers(&chars)
            .iter()
            .filter(|t| !t.skipped)
            .map(|t| t.start)
            .collect();
        let words = crate::extract::vocab::VOCAB.scan(&chars).furniture;
        let seg = segment(&chars, &starts, &words);
        let s = |r: &Range| chars[r.0..r.1].iter().collect::<String>();
        let got: Vec<String> = match view {
            "sentences" => seg.sentences.iter().map(s).collect(),
            "clauses" => seg.clauses.iter().map(s).collect(),
            "furniture" => seg
                .lines
                .iter()
                .filter(|l| l.kind == LineKind::Furniture)
                .map(|l| s(&l.range))
                .collect(),
            "headings" => seg
                .lines
                .iter()
                .filter(|l| l.kind == LineKind::Heading)
                .map(|l| s(&l.range))
                .collect(),
            "rumours" => seg.rumours.iter().map(s).collect(),
            _ => unreachable!("unknown view {view}"),
        };
        assert_eq!(got, expected, "{view} of {text:?}");
    }

    #[test]
    fn segmentation_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "破案3起。抓获5人!好\n下一行",
                "sentences",
                &["破案3起。", "抓获5人!", "好", "下一行"],
            ),
            ("嫌疑?8名,共?89家", "sentences", &["嫌疑?8名,共?89家"]),
            (
                "侦破案件12起、抓获8人、收缴枪支3支",
                "clauses",
                &["侦破案件12起", "抓获8人", "收缴枪支3支"],
            ),
            (
                "侦办诈骗、赌博案件12起;抓获8人",
                "clauses",
                &["侦办诈骗、赌博案件12起", "抓获8人"],
            ),
            (
                "对12家单位、30个系统开展检查",
                "clauses",
                &["对12家单位", "30个系统开展检查"],
            ),
            (
                "首页>新闻>正文\n标题在此\n正文一句。\n编辑:张三\n分享到微信",
                "furniture",
                &["首页>新闻>正文", "编辑:张三", "分享到微信"],
            ),
            (
                "标题\n正文。\n最近更新\n- 某地破案3起2022-09-13",
                "furniture",
                &["最近更新", "- 某地破案3起2022-09-13"],
            ),
            (
                "标题\n正文。\n报料热线:886 2395@qq.com\n截图_1.png",
                "furniture",
                &["报料热线:886 2395@qq.com", "截图_1.png"],
            ),
            // A paragraph that ends by giving the hotline is article text:
            // only a short line is a hotline line.
            (
                &*format!(
                    "标题\n{}如发现线索请拨打举报电话。\n举报电话:12345",
                    "本月全市公安机关侦破网络犯罪案件42起,抓获犯罪嫌疑人57名。".repeat(4)
                ),
                "furniture",
                &["举报电话:12345"],
            ),
            // A furniture line's marks cut nothing: its cuts are taken back.
            (
                "标题\n编辑:张三,李四。\n正文一句,有数字3起。",
                "sentences",
                &["标题", "正文一句,有数字3起。"],
            ),
            (
                "标题\n编辑:张三,李四。\n正文一句,有数字3起。",
                "clauses",
                &["标题", "正文一句", "有数字3起。"],
            ),
            (
                "标题行\n打击网络谣言\n正文一句话,有数字3起。",
                "headings",
                &["打击网络谣言"],
            ),
            (
                "他发布内容为:“某地三名男子被罚款三万元后释放”的虚假视频。",
                "rumours",
                &["“某地三名男子被罚款三万元后释放”"],
            ),
            (
                "“累计侦办案件2443起,抓获嫌疑人3039名”今年以来成效显著。",
                "rumours",
                &[],
            ),
            (
                "网民发布“某小区发生火灾致5人死亡”的短视频,经查系凭空捏造。",
                "rumours",
                &["“某小区发生火灾致5人死亡”"],
            ),
        ];
        for (text, view, expected) in cases {
            check(text, view, expected);
        }
    }
}
