//! What the fuzz targets check, shared with `tests/fuzz_fixtures.rs`, which
//! replays the minimised corpora on stable: one home for the properties.

use jingwang::annotation::check::diag::Severity;
use jingwang::annotation::check::validate_text;
use jingwang::annotation::load::{parse_annotation, place_all};
use jingwang::extract::extract;
use jingwang::text::locate::{Span, Text};
use jingwang::text::source::decode;

/// The source the annotation target's files are checked against.
pub const SOURCE: &str = include_str!("../corpus/000_01aaf3f646222cb2.txt");

/// Any bytes as an annotation file, validated against `SOURCE` and loaded
/// for scoring. Beyond "no panic, no hang": a file the validator passes
/// without errors is one the loader reads and places, fact by fact (one set
/// of rules for `validate` and `report`).
#[allow(dead_code)] // each target uses one property
pub fn annotation(data: &[u8]) {
    let Ok(yaml) = std::str::from_utf8(data) else {
        return;
    };
    let diagnostics = validate_text(yaml, SOURCE);
    for d in &diagnostics {
        let _ = d.render();
    }
    let clean = !diagnostics.iter().any(|d| d.severity == Severity::Error);
    let loaded = parse_annotation(yaml);
    if clean {
        let file = loaded.unwrap_or_else(|e| panic!("validates but does not load: {e}"));
        if let Err((i, e)) = place_all(&Text::new(SOURCE), &file) {
            panic!("validates but fact {i} cannot be placed: {e}");
        }
    }
}

/// Any bytes as a source document: decoded as files are, then extracted.
/// Every fact's span must hold its quote in the decoded text.
#[allow(dead_code)] // each target uses one property
pub fn source(data: &[u8]) {
    let Ok(text) = decode(data) else {
        return;
    };
    let found = extract(&text);
    let indexed = Text::new(text.as_str());
    for fact in &found.facts {
        let [start, end] = fact.span.expect("extracted facts carry spans");
        assert_eq!(
            indexed.slice(Span::new(start, end)),
            Some(fact.quote.as_str()),
            "span [{start}, {end}] does not hold the quote"
        );
    }
}
