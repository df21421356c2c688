//! The in-place editor of annotation files (`annotation::edit`): each edit
//! of the table is applied to a fixture under `tests/fixtures/edit/` and the
//! result compared as text with `expected/CASE.yaml`, so a changed byte
//! anywhere (a lost comment, a reordered key, another fact's line touched)
//! fails. Refusals are checked by their message, and the input must come
//! back unchanged: the editor returns no text then.
//!
//! On a mismatch the produced text is written to `expected/CASE.yaml.actual`
//! for comparison.

use jingwang::annotation::edit::{apply, Edit};
use jingwang::model::{Approx, Category, Fact, Metric, Number, Status};
use std::path::Path;

const DIR: &str = "tests/fixtures/edit";

enum Want {
    /// The file `expected/NAME.yaml`.
    Text,
    /// Refused with a message containing this.
    Refused(&'static str),
}

struct Case {
    name: &'static str,
    input: &'static str,
    edit: Edit,
    want: Want,
}

fn fact(quote: &str, value: i64, unit: &str, metric: Metric) -> Fact {
    Fact {
        quote: quote.into(),
        occurrence: None,
        value: Some(Number::from(value)),
        unit: unit.into(),
        approx: None,
        metric,
        category: None,
        change: None,
        span: None,
    }
}

/// Fact `i` of `before.yaml` as it is written there.
fn before_fact(i: usize) -> Fact {
    let yaml = std::fs::read_to_string(Path::new(DIR).join("before.yaml")).unwrap();
    jingwang::annotation::load::parse_annotation(&yaml)
        .unwrap()
        .facts
        .remove(i)
}

fn cases() -> Vec<Case> {
    use Want::*;
    let new = fact("查处7起", 7, "起", Metric::Cases);
    vec![
        Case {
            name: "mark_reviewed",
            input: "before.yaml",
            edit: Edit::Status(Status::Reviewed),
            want: Text,
        },
        Case {
            name: "status_added_before_the_first_key",
            input: "no_status.yaml",
            edit: Edit::Status(Status::Reviewed),
            want: Text,
        },
        Case {
            name: "reject_middle_fact",
            input: "before.yaml",
            edit: Edit::Remove { index: 1 },
            want: Text,
        },
        Case {
            name: "reject_last_fact",
            input: "before.yaml",
            edit: Edit::Remove { index: 2 },
            want: Text,
        },
        Case {
            name: "reject_only_fact",
            input: "no_status.yaml",
            edit: Edit::Remove { index: 0 },
            want: Text,
        },
        Case {
            name: "relabel_metric_keeps_trailing_comment",
            input: "before.yaml",
            edit: Edit::Replace {
                index: 0,
                fact: Fact {
                    metric: Metric::Actions,
                    ..before_fact(0)
                },
            },
            want: Text,
        },
        Case {
            name: "add_category_and_drop_change",
            input: "before.yaml",
            edit: Edit::Replace {
                index: 0,
                fact: Fact {
                    category: Some(Category::Fraud),
                    change: None,
                    ..before_fact(0)
                },
            },
            want: Text,
        },
        Case {
            name: "drop_approx_set_unit_and_value",
            input: "before.yaml",
            edit: Edit::Replace {
                index: 1,
                fact: Fact {
                    approx: None,
                    unit: "名".into(),
                    value: Some(Number::from(8708)),
                    ..before_fact(1)
                },
            },
            want: Text,
        },
        Case {
            name: "approx_added_to_quoted_fact",
            input: "before.yaml",
            edit: Edit::Replace {
                index: 2,
                fact: Fact {
                    approx: Some(Approx::Over),
                    ..before_fact(2)
                },
            },
            want: Text,
        },
        Case {
            name: "insert_first",
            input: "before.yaml",
            edit: Edit::Insert {
                index: 0,
                fact: new.clone(),
            },
            want: Text,
        },
        Case {
            name: "insert_between_keeps_comments_with_their_facts",
            input: "before.yaml",
            edit: Edit::Insert {
                index: 1,
                fact: Fact {
                    occurrence: Some(2),
                    approx: Some(Approx::Nearly),
                    category: Some(Category::Gambling),
                    change: Number::parse("-12.5"),
                    span: Some([3, 8]),
                    ..new.clone()
                },
            },
            want: Text,
        },
        Case {
            name: "append",
            input: "before.yaml",
            edit: Edit::Insert {
                index: 3,
                fact: fact("涉案: 2亿元", 200_000_000, "元", Metric::Money),
            },
            want: Text,
        },
        Case {
            name: "insert_into_empty_list",
            input: "empty.yaml",
            edit: Edit::Insert {
                index: 0,
                fact: new.clone(),
            },
            want: Text,
        },
        Case {
            name: "crlf_kept",
            input: "crlf.yaml",
            edit: Edit::Status(Status::Reviewed),
            want: Text,
        },
        Case {
            name: "flow_style_refused",
            input: "flow.yaml",
            edit: Edit::Remove { index: 0 },
            want: Refused("does not start with `- key: value`"),
        },
        Case {
            name: "multi_line_value_refused",
            input: "folded.yaml",
            edit: Edit::Remove { index: 0 },
            want: Refused("spread over several lines"),
        },
        Case {
            name: "unparsable_file_refused",
            input: "broken.yaml",
            edit: Edit::Status(Status::Reviewed),
            want: Refused("does not parse"),
        },
        Case {
            name: "missing_fact_refused",
            input: "before.yaml",
            edit: Edit::Remove { index: 3 },
            want: Refused("there is no fact 4 (the file has 3)"),
        },
    ]
}

fn check(case: &Case) -> Result<(), String> {
    let input = std::fs::read_to_string(Path::new(DIR).join(case.input)).unwrap();
    let got = apply(&input, &case.edit);
    match (&case.want, got) {
        (Want::Text, Ok(text)) => {
            let path = Path::new(DIR)
                .join("expected")
                .join(format!("{}.yaml", case.name));
            let want = std::fs::read_to_string(&path).unwrap_or_default();
            if text == want {
                Ok(())
            } else {
                let actual = path.with_extension("yaml.actual");
                std::fs::write(&actual, &text).unwrap();
                Err(format!(
                    "{}: differs from {} (got {}):\n{text}",
                    case.name,
                    path.display(),
                    actual.display()
                ))
            }
        }
        (Want::Text, Err(e)) => Err(format!("{}: refused: {e}", case.name)),
        (Want::Refused(msg), Err(e)) if e.to_string().contains(msg) => Ok(()),
        (Want::Refused(msg), other) => Err(format!(
            "{}: expected a refusal with `{msg}`, got {other:?}",
            case.name
        )),
    }
}

#[test]
fn edits_touch_only_their_lines() {
    let failures: Vec<String> = cases().iter().filter_map(|c| check(c).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
