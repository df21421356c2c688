//! The `diff` command: one document's alignment made readable — matched
//! facts (with their attribute mismatches), missed gold facts and spurious
//! predicted facts, each shown at its line of the source with the span
//! marked in a short window of text, then a unified diff of the gold and
//! predicted facts rendered one per line in span order.
//!
//! Colour goes through `anstream`, which drops the escape codes when stdout
//! is not a terminal (unless `--color always`); the `«…»` span markers are
//! plain text so the output stays readable without colour.

use crate::annotation::load::PlacedFact;
use crate::cli::{ColorChoice, DiffArgs};
use crate::error::{Error, Result};
use crate::eval::compare::{canonical, differences, shown, summary, Comparison};
use crate::eval::corpus::load_document;
use crate::text::locate::{Span, Text};
use anstyle::{AnsiColor, Style};
use std::io::Write;
use std::process::ExitCode;

/// Characters of context shown on each side of a span.
const WINDOW: usize = 12;

const HEADING: Style = Style::new().bold();
const SPAN: Style = Style::new().bold().underline();
const REMOVED: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
const ADDED: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
const DIM: Style = Style::new().dimmed();

/// Runs the `diff` command.
pub fn run(args: &DiffArgs) -> Result<ExitCode> {
    if let Some(dir) = &args.predictions {
        crate::eval::corpus::check_predictions(dir)?;
    }
    let layout = args.layout.root_of(&args.file)?;
    let doc = layout.resolve(&args.file)?;
    if !doc.annotation.exists() {
        return Err(Error::new(format!(
            "{} has no annotation ({} does not exist)",
            doc.name,
            doc.annotation.display()
        ))
        .with_hint("write the ground truth first, e.g. with `jingwang annotate`"));
    }
    let loaded = load_document(&doc, args.predictions.as_deref(), true).map_err(|mut p| {
        let hint = p.hint.take();
        let mut e = Error::new(p.to_string().trim_start_matches("error: ").to_string());
        e.hint = hint;
        e
    })?;
    let choice = match args.color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    let mut out = anstream::AutoStream::new(std::io::stdout().lock(), choice);
    let text = render(
        &doc.name,
        &loaded.text,
        &loaded.input.gold.facts,
        &loaded.input.predicted.facts,
        loaded.prediction_missing,
    );
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::new(format!("cannot write to standard output: {e}")))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// The whole diff of one document, with ANSI styles (stripped by the caller
/// when colour is off).
pub fn render(
    name: &str,
    text: &Text,
    gold: &[PlacedFact],
    predicted: &[PlacedFact],
    prediction_missing: bool,
) -> String {
    let comparison = Comparison::new(gold, predicted);
    let mut out = format!(
        "{HEADING}{name}{HEADING:#}: {} gold, {} predicted, {} matched\n",
        gold.len(),
        predicted.len(),
        comparison.pairs.len()
    );
    if prediction_missing {
        out.push_str("(no prediction file: scored as predicting no facts)\n");
    }
    out.push_str(&matched_section(text, &comparison));
    out.push_str(&facts_section(
        "missed (gold, not predicted)",
        text,
        &comparison.missed(),
    ));
    out.push_str(&facts_section(
        "spurious (predicted, not in gold)",
        text,
        &comparison.spurious(),
    ));
    out.push_str(&format!("\n{HEADING}facts, gold → predicted{HEADING:#}\n"));
    out.push_str(&unified(gold, predicted));
    out
}

fn matched_section(text: &Text, comparison: &Comparison) -> String {
    let mut out = format!(
        "\n{HEADING}matched ({}){HEADING:#}\n",
        comparison.pairs.len()
    );
    for (g, pr) in comparison.matched() {
        out.push_str(&located(text, g));
        if pr.span != g.span {
            out.push_str(&format!(
                "      span: gold [{}, {}), predicted [{}, {}) {}\n",
                g.span.start,
                g.span.end,
                pr.span.start,
                pr.span.end,
                window(text, pr)
            ));
        }
        for a in differences(&g.fact, &pr.fact) {
            let line = format!(
                "{a}: gold {}, predicted {}",
                shown(a, &g.fact),
                shown(a, &pr.fact)
            );
            out.push_str(&format!("      {REMOVED}{line}{REMOVED:#}\n"));
        }
    }
    out
}

fn facts_section(title: &str, text: &Text, facts: &[&PlacedFact]) -> String {
    let mut out = format!("\n{HEADING}{title} ({}){HEADING:#}\n", facts.len());
    for f in facts {
        out.push_str(&located(text, f));
    }
    out
}

/// `  line 3  …context «span» context…  5300 起 cases` for one fact.
fn located(text: &Text, f: &PlacedFact) -> String {
    let (line, _) = text.line_col(f.span.start);
    format!(
        "  line {line:<4} {}  {DIM}{}{DIM:#}\n",
        window(text, f),
        summary(&f.fact)
    )
}

/// The span with up to [`WINDOW`] characters either side, kept to its line.
fn window(text: &Text, f: &PlacedFact) -> String {
    let len = text.char_len();
    let (start, end) = (f.span.start.min(len), f.span.end.min(len));
    let cut = |a: usize, b: usize| text.slice(Span::new(a, b)).unwrap_or("");
    let wide_before = cut(start.saturating_sub(WINDOW), start);
    let before = wide_before.rsplit('\n').next().unwrap_or("");
    let wide_after = cut(end, (end + WINDOW).min(len));
    let after = wide_after.split(['\r', '\n']).next().unwrap_or("");
    // An ellipsis only where the line goes on beyond the window.
    let line_break = |a: usize| matches!(cut(a, a + 1), "\n" | "\r");
    let more_before = before == wide_before && start > WINDOW && !line_break(start - WINDOW - 1);
    let more_after = after == wide_after && end + WINDOW < len && !line_break(end + WINDOW);
    let ellipsis = |more: bool| if more { "…" } else { "" };
    let (more_before, more_after) = (ellipsis(more_before), ellipsis(more_after));
    let span = cut(start, end).replace(['\r', '\n'], " ");
    format!("{more_before}{before}«{SPAN}{span}{SPAN:#}»{after}{more_after}")
}

fn unified(gold: &[PlacedFact], predicted: &[PlacedFact]) -> String {
    let (g, p) = (canonical(gold), canonical(predicted));
    if g == p {
        return "  (identical)\n".to_string();
    }
    let diff = similar::TextDiff::from_lines(&g, &p);
    let body = diff
        .unified_diff()
        .context_radius(2)
        .header("gold", "predicted")
        .to_string();
    body.lines()
        .map(|line| match line.chars().next() {
            Some('-') => format!("{REMOVED}{line}{REMOVED:#}\n"),
            Some('+') => format!("{ADDED}{line}{ADDED:#}\n"),
            Some('@') => format!("{DIM}{line}{DIM:#}\n"),
            _ => format!("{line}\n"),
        })
        .collect()
}
