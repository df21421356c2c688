//! The checks of an annotation's facts against their source text: quotes
//! found (or why not), values and units readable from the quote, facts in
//! source order, not overlapping, not duplicated, not in page furniture.
//!
//! Checks are independent of each other and each reports at the YAML node it
//! concerns; a fact whose quote cannot be placed is left out of the checks
//! that need its place.

use crate::annotation::check::change::check_changes;
use crate::annotation::check::counted::check_counted;
use crate::annotation::check::diag::Severity;
use crate::annotation::check::quote_numbers::{numbers_in, QuoteNumbers, Written};
use crate::annotation::check::schema::{FactEntry, Sink};
use crate::annotation::check::source_view::{closest_passage, NormalisedView};
use crate::extract::vocab::VOCAB;
use crate::model::{Approx, FactField, Number};
use crate::text::locate::{LocateError, Quotes, Span, Text};
use crate::text::normalize::strip_pinyin_artefacts;
use zhconv::{zhconv, Variant};

/// A source edited after annotation shows as most quotes not found: at least
/// this many, and at least this share of all quotes.
const EDITED_MIN_MISSING: usize = 3;
const EDITED_MIN_SHARE: f64 = 0.5;

/// Characters of a furniture line shown in the warning.
const FURNITURE_SHOWN: usize = 20;

/// The source a file's facts are checked against.
pub struct Source<'a> {
    pub path: &'a str,
    pub text: &'a Text,
}

/// A fact placed in the source, with the number its value was read from.
struct Placed<'f> {
    fact: &'f FactEntry,
    span: Span,
    number: Option<Span>,
}

/// Runs every source check on the facts of one file; returns the facts
/// that could be placed, with their spans, in file order.
pub fn check_facts<'f>(
    facts: &'f [FactEntry],
    src: &Source,
    sink: &mut Sink,
) -> Vec<(&'f FactEntry, Span)> {
    let mut quotes = Quotes::new(src.text);
    let located: Vec<(&FactEntry, Result<Span, LocateError>)> = facts
        .iter()
        .filter(|f| f.quote.is_some())
        .map(|f| (f, place(f, src, &mut quotes, sink)))
        .collect();
    let missing: Vec<&FactEntry> = located
        .iter()
        .filter(|(_, r)| *r == Err(LocateError::NotFound))
        .map(|(f, _)| *f)
        .collect();
    // A quote copied from a normalised view has its own, specific fix, so it
    // is reported on its own and does not count as a sign of an edited source.
    let view = (!missing.is_empty()).then(|| NormalisedView::new(src.text));
    let (copied, lost): (Vec<&FactEntry>, Vec<&FactEntry>) = missing.into_iter().partition(|f| {
        view.as_ref()
            .is_some_and(|v| v.find(f.quote.as_deref().unwrap_or("")).is_some())
    });
    for f in &copied {
        report_normalised_copy(f, src, view.as_ref(), sink);
    }
    if source_seems_edited(lost.len(), located.len()) {
        report_edited_source(&lost, located.len(), src, sink);
    } else {
        for f in &lost {
            report_not_found(f, src, sink);
        }
    }
    for (f, r) in &located {
        report_locate_error(f, r, src, &mut quotes, sink);
    }
    let spans: Vec<Span> = located
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok().copied())
        .collect();
    let placed: Vec<Placed> = located
        .iter()
        .filter_map(|(f, r)| r.as_ref().ok().map(|span| (*f, *span)))
        .map(|(f, span)| Placed {
            fact: f,
            span,
            number: check_value_and_unit(f, span, &spans, sink),
        })
        .collect();
    check_order(&placed, src, sink);
    check_overlaps(&placed, src, sink);
    check_furniture(&placed, src, sink);
    let spans: Vec<(&FactEntry, Span)> = placed.iter().map(|p| (p.fact, p.span)).collect();
    check_changes(&spans, src.text, sink);
    spans
}

fn source_seems_edited(missing: usize, quotes: usize) -> bool {
    missing >= EDITED_MIN_MISSING && missing as f64 >= EDITED_MIN_SHARE * quotes as f64
}

/// Places a fact: its `span` when given (it must hold the quote), else its
/// quote at its occurrence. A span that does not hold the quote is reported
/// here; the quote is then looked up as if there were no span.
fn place(
    f: &FactEntry,
    src: &Source,
    quotes: &mut Quotes,
    sink: &mut Sink,
) -> Result<Span, LocateError> {
    let quote = f.quote.as_deref().unwrap_or("");
    if let Some([s, e]) = f.span {
        let span = Span::new(s, e);
        match src.text.slice(span) {
            Some(t) if t == quote => return Ok(span),
            Some(t) => sink.at(
                Severity::Error,
                f.pos(FactField::Span),
                format!(
                    "span [{s}, {e}] holds `{}`, not the quote",
                    t.replace('\n', "⏎")
                ),
                Some(
                    "a span is authoritative and must hold exactly the quote; fix it or remove it"
                        .into(),
                ),
            ),
            None => sink.at(
                Severity::Error,
                f.pos(FactField::Span),
                format!(
                    "span [{s}, {e}] is outside the source ({} characters)",
                    src.text.char_len()
                ),
                None,
            ),
        }
    }
    quotes.locate(quote, f.occurrence)
}

fn report_edited_source(missing: &[&FactEntry], quotes: usize, src: &Source, sink: &mut Sink) {
    let first = missing[0];
    sink.at(
        Severity::Error,
        first.pos(FactField::Quote),
        format!(
            "the source seems to have changed since annotation: {} of {quotes} quotes are not found in {}",
            missing.len(),
            src.path
        ),
        Some(format!(
            "sources must never be edited after annotation (guide §2): restore {} (see `git log -p -- {}`) or annotate it again",
            src.path, src.path
        )),
    );
}

/// A quote copied from a normalised rendering of the page: say exactly
/// what to copy instead.
fn report_normalised_copy(
    f: &FactEntry,
    src: &Source,
    view: Option<&NormalisedView>,
    sink: &mut Sink,
) {
    let quote = f.quote.as_deref().unwrap_or("");
    let Some(span) = view.and_then(|v| v.find(quote)) else {
        return;
    };
    let exact = src.text.slice(span).unwrap_or("");
    let (line, column) = src.text.line_col(span.start);
    sink.at(
        Severity::Error,
        f.pos(FactField::Quote),
        format!(
            "quote is not the source text: it was copied from a view with {}",
            normalisations(quote, exact)
        ),
        Some(format!(
            "copy the exact text of {}:{line}:{column}: {exact}",
            src.path
        )),
    );
}

/// A quote that is not in the source in any form: show the closest passage.
fn report_not_found(f: &FactEntry, src: &Source, sink: &mut Sink) {
    let quote = f.quote.as_deref().unwrap_or("");
    let hint = match closest_passage(src.text, quote) {
        Some(p) => format!("closest passage in {}:{}: …{}…", src.path, p.line, p.text),
        None => format!(
            "nothing like it in {}: copy the quote character for character from the source",
            src.path
        ),
    };
    sink.at(
        Severity::Error,
        f.pos(FactField::Quote),
        "quote not found in the source",
        Some(hint),
    );
}

/// What differs between a quote and the source text it was copied from.
fn normalisations(quote: &str, exact: &str) -> String {
    let mut kinds = Vec::new();
    let (q, e) = (strip_pinyin_artefacts(quote), strip_pinyin_artefacts(exact));
    if e != exact && q == quote {
        kinds.push("pinyin artefacts such as (wǎng) removed");
    }
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    if squeeze(&q) != squeeze(&e) {
        if zhconv(&q, Variant::ZhHans) == q {
            kinds.push("Traditional characters turned into Simplified");
        } else {
            kinds.push("characters converted between Traditional and Simplified");
        }
    }
    if squeeze(&q) == q && squeeze(&e) != e {
        kinds.push("spaces or line breaks removed");
    }
    if kinds.is_empty() {
        kinds.push("small differences");
    }
    kinds.join(", ")
}

fn report_locate_error(
    f: &FactEntry,
    r: &Result<Span, LocateError>,
    src: &Source,
    quotes: &mut Quotes,
    sink: &mut Sink,
) {
    let quote = f.quote.as_deref().unwrap_or("");
    let mut lines = || occurrence_lines(src.text, quotes.all(quote));
    match r {
        Err(LocateError::Ambiguous(n)) => sink.at(
            Severity::Error,
            f.pos(FactField::Quote),
            format!("quote occurs {n} times in the source and no occurrence is given"),
            Some(format!(
                "add `occurrence: N` (it occurs at {} of {}) or lengthen the quote",
                lines(),
                src.path
            )),
        ),
        Err(LocateError::OccurrenceOutOfRange { wanted, found }) => sink.at(
            Severity::Error,
            f.pos(FactField::Occurrence),
            format!(
                "occurrence {wanted} asked for, but the quote occurs {found} time{} in the source",
                plural(*found)
            ),
            Some(format!(
                "occurrences count from 1; the quote occurs at {} of {}",
                lines(),
                src.path
            )),
        ),
        _ => {}
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Where a quote's occurrences are, as `line:column`: the first few, so a
/// quote found ten thousand times gives a line, not a page.
fn occurrence_lines(text: &Text, all: &[Span]) -> String {
    const SHOWN: usize = 5;
    let mut out: Vec<String> = all.iter().take(SHOWN).map(|s| place_of(text, *s)).collect();
    if all.len() > SHOWN {
        out.push(format!("and {} more", all.len() - SHOWN));
    }
    out.join(", ")
}

fn place_of(text: &Text, span: Span) -> String {
    let (line, column) = text.line_col(span.start);
    format!("{line}:{column}")
}

/// Checks that the value is one of the numbers the quote writes, the unit
/// what follows it, and that the quote says what it counts; returns where
/// that number is in the source. `spans`: every placed quote of the file.
fn check_value_and_unit(
    f: &FactEntry,
    span: Span,
    spans: &[Span],
    sink: &mut Sink,
) -> Option<Span> {
    let quote = f.quote.as_deref()?;
    let q = numbers_in(quote);
    let numbers = &q.numbers;
    let matched = match f.value? {
        None => check_null_value(f, numbers, sink),
        Some(v) => check_value(f, v, quote, numbers, sink),
    };
    if let Some(unit) = f.unit.as_deref() {
        check_unit(f, unit, quote, matched.map(|w| (&q, w)), sink);
    }
    if let Some(w) = matched {
        check_approx(f, &q, w, sink);
        let touches = spans.iter().any(|s| {
            *s != span && (s.overlaps(&span) || s.end == span.start || s.start == span.end)
        });
        check_counted(f, &q, w, touches, sink);
    }
    matched.map(|w| Span::new(span.start + w.start, span.start + w.end))
}

/// A null value needs an illegible number in the quote; returns it.
fn check_null_value<'w>(
    f: &FactEntry,
    numbers: &'w [Written],
    sink: &mut Sink,
) -> Option<&'w Written> {
    if let Some(w) = numbers.iter().find(|w| w.illegible) {
        return Some(w);
    }
    let legible: Vec<String> = numbers
        .iter()
        .filter_map(|w| w.value)
        .map(|v| v.to_string())
        .collect();
    let hint = match legible.as_slice() {
        [] => "the quote holds no number; it must contain the number it counts".to_string(),
        [one] => format!("null is only for numbers written with or touching ?, ？ or �; write `value: {one}`"),
        many => format!("null is only for numbers written with or touching ?, ？ or �; numbers in the quote: {}", many.join(", ")),
    };
    sink.at(
        Severity::Error,
        f.pos(FactField::Value),
        "value is null but the quote's numbers are legible",
        Some(hint),
    );
    None
}

fn check_value<'w>(
    f: &FactEntry,
    v: Number,
    quote: &str,
    numbers: &'w [Written],
    sink: &mut Sink,
) -> Option<&'w Written> {
    if let Some(w) = numbers
        .iter()
        .find(|w| w.value.map(Number::from) == Some(v))
    {
        return Some(w);
    }
    let text_of = |w: &Written| {
        quote
            .chars()
            .skip(w.start)
            .take(w.end - w.start)
            .collect::<String>()
    };
    if let Some(w) = numbers.iter().find(|w| w.illegible) {
        sink.at(
            Severity::Error,
            f.pos(FactField::Value),
            format!(
                "value must be null: the number `{}` in the quote is illegible",
                text_of(w)
            ),
            Some(
                "a number written with or touching ?, ？ or � has `value: null` (guide §3)".into(),
            ),
        );
        return None;
    }
    let unscaled = numbers
        .iter()
        .find(|w| !w.scale_words.is_empty() && w.unscaled.map(Number::from) == Some(v));
    if let Some(w) = unscaled {
        let scaled = w.value.map(Number::from).unwrap_or_default();
        sink.at(
            Severity::Error,
            f.pos(FactField::Value),
            format!(
                "value {v} ignores {}: did you mean {scaled}",
                zhconv(&w.scale_words, Variant::ZhHans)
            ),
            Some(format!(
                "the quote writes `{}`; apply 万 (10^4) and 亿 (10^8) to the value",
                text_of(w)
            )),
        );
        return Some(w);
    }
    let written: Vec<String> = numbers
        .iter()
        .filter_map(|w| w.value)
        .map(|v| v.to_string())
        .collect();
    let hint = if written.is_empty() {
        "the quote holds no number; it must contain the number it counts".to_string()
    } else {
        format!("numbers in the quote: {}", written.join(", "))
    };
    sink.at(
        Severity::Error,
        f.pos(FactField::Value),
        format!("value {v} is not written in the quote"),
        Some(hint),
    );
    None
}

/// The measure word right after a number, in the normalised view (layout
/// spaces dropped, Simplified).
fn measure_word_after(q: &QuoteNumbers, w: &Written) -> Option<String> {
    let n = VOCAB.measure_word_at(&q.chars, w.norm_end)?;
    Some(q.chars[w.norm_end..w.norm_end + n].iter().collect())
}

/// The unit must be what follows the number; where the text gives none the
/// guide allows the article's measure word for the same thing, else 个, so
/// a unit absent from the quote is only a warning.
fn check_unit(
    f: &FactEntry,
    unit: &str,
    quote: &str,
    matched: Option<(&QuoteNumbers, &Written)>,
    sink: &mut Sink,
) {
    let simple_quote = zhconv(quote, Variant::ZhHans);
    let unit = zhconv(unit, Variant::ZhHans);
    if unit.contains(['万', '亿']) {
        return; // reported by the schema check, with the fix
    }
    let follows = matched.and_then(|(q, w)| measure_word_after(q, w));
    match follows.as_deref() {
        Some(m) if m == unit => {}
        Some(m) if !matches!(m, "万" | "亿") => sink.at(
            Severity::Error,
            f.pos(FactField::Unit),
            format!("unit `{unit}` is not what the quote gives: the number is followed by `{m}`"),
            Some(format!("write `unit: {m}` (the measure word that follows the number, guide §3)")),
        ),
        _ if simple_quote.contains(unit.as_str()) => {}
        _ => sink.at(
            Severity::Warning,
            f.pos(FactField::Unit),
            format!("unit `{unit}` does not appear in the quote"),
            Some("fine when the text gives no measure word and the article uses this one elsewhere (else 个); otherwise use the quote's".into()),
        ),
    }
}

/// Approximation words between a number and its scale (3.7万余, 十余万).
const APPROX_INSIDE: &[(char, Approx)] = &[('余', Approx::Over), ('多', Approx::Over)];

/// What the quote's wording says about the number's precision, if anything:
/// the vocabulary's words before the number and after it and its measure
/// word, 余/多 inside it, and 上 before a bare scale word (上万, 上亿).
fn approx_written(q: &QuoteNumbers, w: &Written) -> Option<Approx> {
    let chars = &q.chars;
    let inside = &chars[w.norm_start..w.norm_end];
    if let Some((_, a)) = APPROX_INSIDE.iter().find(|(c, _)| inside.contains(c)) {
        return Some(*a);
    }
    let before = &chars[..w.norm_start];
    if let Some((_, a)) = VOCAB
        .approx_before
        .iter()
        .find(|(word, _)| before.ends_with(word))
    {
        return Some(*a);
    }
    if before.ends_with(&['上']) && inside.first().is_some_and(|c| "亿万千百".contains(*c)) {
        return Some(Approx::Over);
    }
    let after = w.norm_end + VOCAB.measure_word_at(chars, w.norm_end).unwrap_or(0);
    VOCAB.approx_after.at(chars, after).map(|(_, a)| a)
}

/// A warning when `approx` disagrees with the quote's wording: the word
/// lists are the guide's, but wording varies, so this never fails a file.
fn check_approx(f: &FactEntry, q: &QuoteNumbers, w: &Written, sink: &mut Sink) {
    let written = approx_written(q, w);
    if written == f.approx {
        return;
    }
    let (pos, message, hint) = match (written, f.approx) {
        (Some(a), None) => (
            f.at,
            "the quote makes the number approximate but the fact has no `approx`".to_string(),
            format!("add `approx: {a}` (guide §3 `approx`)"),
        ),
        (None, Some(a)) => (
            f.pos(FactField::Approx),
            format!("approx `{a}` but the quote has no word for it"),
            "`approx` is omitted when the number is exact (达, 高达, 共 are exact)".to_string(),
        ),
        (Some(a), Some(b)) => (
            f.pos(FactField::Approx),
            format!("approx `{b}` but the quote's wording means `{a}`"),
            format!("write `approx: {a}` (guide §3 `approx`)"),
        ),
        (None, None) => return,
    };
    sink.at(Severity::Warning, pos, message, Some(hint));
}

fn check_order(placed: &[Placed], src: &Source, sink: &mut Sink) {
    for pair in placed.windows(2) {
        let (prev, this) = (&pair[0], &pair[1]);
        if this.span.start < prev.span.start {
            sink.at(
                Severity::Error,
                this.fact.pos(FactField::Quote),
                "fact is out of source order",
                Some(format!(
                    "its quote is at {}:{}, before the previous fact's ({}); list facts in the order of the source (guide §3)",
                    src.path,
                    place_of(src.text, this.span),
                    place_of(src.text, prev.span)
                )),
            );
        }
    }
}

/// Duplicated facts (the same span twice) and overlapping quotes; a quote
/// that holds another fact's number is an error (guide §3 `quote`), an
/// overlap that does not is only a warning.
///
/// Facts are swept in source order (the file's order among equal starts),
/// each compared with the earliest fact before it whose span is still open
/// (the front of the queue once closed ones are dropped), so a file of ten
/// thousand facts is checked in one pass, not in pairs.
fn check_overlaps(placed: &[Placed], src: &Source, sink: &mut Sink) {
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by_key(|&i| (placed[i].span.start, i));
    // Facts before the current one, in sweep order, some already closed;
    // a closed fact stays closed as the sweep moves on, so each is dropped
    // from the front once.
    let mut open: std::collections::VecDeque<&Placed> = std::collections::VecDeque::new();
    for &i in &order {
        let this = &placed[i];
        while open.front().is_some_and(|p| p.span.end <= this.span.start) {
            open.pop_front();
        }
        let other = open.iter().find(|p| p.span.overlaps(&this.span)).copied();
        open.push_back(this);
        let Some(other) = other else {
            continue;
        };
        if other.span == this.span {
            sink.at(
                Severity::Error,
                this.fact.pos(FactField::Quote),
                format!(
                    "duplicated fact: the fact at line {} has the same quote at the same place",
                    other.fact.pos(FactField::Quote).line
                ),
                Some("a statistic mentioned twice is two facts, each with its own place in the source: remove this one, or give it the `occurrence` of the other mention".into()),
            );
            continue;
        }
        let mut held = false;
        for (holder, owner) in [(other, this), (this, other)] {
            if let Some(number) = number_held(holder, owner) {
                held = true;
                sink.at(
                    Severity::Error,
                    holder.fact.pos(FactField::Quote),
                    format!(
                        "quote holds `{}`, the number of the fact at line {}",
                        src.text.slice(number).unwrap_or(""),
                        owner.fact.pos(FactField::Quote).line
                    ),
                    Some(
                        "a quote never contains another fact's number (guide §3): shorten it"
                            .into(),
                    ),
                );
            }
        }
        if !held {
            sink.at(
                Severity::Warning,
                this.fact.pos(FactField::Quote),
                format!(
                    "quote overlaps the quote of the fact at line {}",
                    other.fact.pos(FactField::Quote).line
                ),
                Some(format!(
                    "both cover {} in {}; each quote should hold only its own fact",
                    overlap_text(this.span, other.span, src.text),
                    src.path
                )),
            );
        }
    }
}

/// The number of `owner` when `holder`'s quote contains it.
fn number_held(holder: &Placed, owner: &Placed) -> Option<Span> {
    owner.number.filter(|n| holder.span.overlaps(n))
}

fn overlap_text(a: Span, b: Span, text: &Text) -> String {
    let s = Span::new(a.start.max(b.start), a.end.min(b.end));
    format!("`{}`", text.slice(s).unwrap_or(""))
}

fn check_furniture(placed: &[Placed], src: &Source, sink: &mut Sink) {
    if placed.is_empty() {
        return;
    }
    let furniture = crate::extract::furniture(src.text.as_str());
    for p in placed {
        let Some(&(start, end)) = furniture
            .iter()
            .find(|(s, e)| (*s..*e).contains(&p.span.start))
        else {
            continue;
        };
        let line = src.text.line_col(start).0;
        let shown: String = src
            .text
            .slice(Span::new(start, end))
            .unwrap_or("")
            .chars()
            .take(FURNITURE_SHOWN)
            .collect();
        sink.at(
            Severity::Warning,
            p.fact.pos(FactField::Quote),
            format!(
                "fact points into page furniture: line {line} of {} (`{}`) is not article text",
                src.path,
                shown.trim()
            ),
            Some("navigation, related-article lists, editor and source lines are not annotated (guide §1); if this is the article's own text, set `occurrence` to its place there".into()),
        );
    }
}
