//! One number parser: `validate` (the validator) and `report` (the loader)
//! accept the same numbers, read them exactly (no float on the way), and
//! refuse the same ones with the same message. Each case is a fact of a
//! file checked against a one-line source by both; `check` is the only code
//! that calls them.

use jingwang::annotation::check::diag::Severity;
use jingwang::annotation::check::validate_text;
use jingwang::annotation::load::parse_annotation;

const SOURCE: &str = "抓获犯罪嫌疑人12345678901234567.8人，同比上升171.3%。";

/// What both readers must make of a fact's fields.
enum Want {
    /// Accepted; the value and change as read, printed exactly.
    Read(&'static str, Option<&'static str>),
    /// Refused by both, the message containing this.
    Refused(&'static str),
}

fn check(fields: &str, want: Want) {
    check_file(
        &format!(
            "status: reviewed\ndocument:\n  region: null\n  campaign: null\nfacts:\n  - quote: 抓获犯罪嫌疑人12345678901234567.8人\n    unit: 人\n    metric: suspects\n{fields}"
        ),
        want,
    );
}

/// As `check`, on a whole file (`fields` in messages is the file).
fn check_file(yaml: &str, want: Want) {
    let fields = yaml;
    let yaml = yaml.to_string();
    let errors: Vec<String> = validate_text(&yaml, SOURCE)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message)
        .collect();
    let loaded = parse_annotation(&yaml);
    match want {
        Want::Read(value, change) => {
            assert!(errors.is_empty(), "{fields}: validate refuses: {errors:?}");
            let file = loaded.unwrap_or_else(|e| panic!("{fields}: report refuses: {e}"));
            let fact = &file.facts[0];
            assert_eq!(
                fact.value.map(|v| v.to_string()).as_deref(),
                Some(value),
                "{fields}"
            );
            assert_eq!(
                fact.change.map(|v| v.to_string()).as_deref(),
                change,
                "{fields}"
            );
        }
        Want::Refused(message) => {
            assert!(
                errors.iter().any(|e| e.contains(message)),
                "{fields}: validate does not say `{message}`: {errors:?}"
            );
            let e = loaded.expect_err(&format!("{fields}: report accepts what validate refuses"));
            assert!(e.message.contains(message), "{fields}: report says {e}");
        }
    }
}

#[test]
fn exact_decimals() {
    // Past a float's 15 digits: read as written, not as …568.
    check(
        "    value: 12345678901234567.8\n    change: 171.3\n",
        Want::Read("12345678901234567.8", Some("171.3")),
    );
    // `validate` reads with the full YAML reader, `report` with the fast
    // block-style one: both give the same exact numbers.
    check(
        "    value: 12345678901234567.8\n    change: 171.30\n    occurrence: 1\n",
        Want::Read("12345678901234567.8", Some("171.3")),
    );
}

#[test]
fn numbers_that_cannot_be_held_exactly() {
    for v in ["1e-30", "99999999999999999999999999999", "0x2203"] {
        check(
            &format!("    value: {v}\n"),
            Want::Refused("is not a plain decimal that can be held exactly"),
        );
    }
    for v in ["1e400", ".inf", "-.inf"] {
        check(&format!("    value: {v}\n"), Want::Refused("out of range"));
    }
}

#[test]
fn strings_are_not_numbers() {
    check(
        "    value: \"12345678901234567.8\"\n",
        Want::Refused("must be a number"),
    );
    check(
        "    value: 1\n    change: \"171.3\"\n",
        Want::Refused("must be a number"),
    );
}

#[test]
fn occurrences_and_spans_are_whole_numbers() {
    check(
        "    value: 12345678901234567.8\n    occurrence: 1.0\n",
        Want::Refused("must be a whole number"),
    );
    check(
        "    value: 12345678901234567.8\n    span: [0.0, 27.0]\n",
        Want::Refused("whole-number character offsets"),
    );
    check(
        "    value: 12345678901234567.8\n    span: [0, 27]\n",
        Want::Read("12345678901234567.8", None),
    );
}

#[test]
fn what_a_decimal_would_round_or_an_exponent_is_refused() {
    for v in [
        "0.12345678901234567890123456789",
        "1.5e-28",
        "3.7e4",
        "1_000",
    ] {
        check(
            &format!("    value: {v}\n"),
            Want::Refused("is not a plain decimal that can be held exactly"),
        );
    }
}

/// Numbers are found by their bytes, not by line and column, which YAML
/// and Rust count differently: a lone `\r` is a YAML line break, a BOM
/// takes no column. (An alias's number is its anchor's: `yaml_tree`'s
/// unit tests.)
#[test]
fn numbers_are_read_where_they_are_written() {
    let head = "document:\n  region: null\n  campaign: null\n";
    let fact =
        "  - quote: 抓获犯罪嫌疑人12345678901234567.8人\n    unit: 人\n    metric: suspects\n";
    check_file(
        &format!("status: reviewed\r\r\n{head}facts:\n{fact}    value: 12345678901234567.8\n    change: 171.3\n"),
        Want::Read("12345678901234567.8", Some("171.3")),
    );
    check_file(
        "\u{feff}{status: reviewed, document: {region: null, campaign: null}, facts: [{quote: 抓获犯罪嫌疑人12345678901234567.8人, unit: 人, metric: suspects, value: 12345678901234567.8, change: 171.3, span: [0, 27]}]}\n",
        Want::Read("12345678901234567.8", Some("171.3")),
    );
}
