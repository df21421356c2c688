//! The review pages as HTML: the index and one page per document.
//!
//! Every piece of text from a source, an annotation or a file name goes
//! through [`esc`] (or, inside the page's JSON data block, through
//! [`json_for_script`]); nothing is loaded from outside the site. The same
//! pages serve the static site and `jingwang serve`, whose [`Mode`] adds the
//! editing controls.

use super::{DocStatus, DocView, Item, Outcome, RootSite, Site};
use crate::annotation::check::diag::Severity;
use crate::annotation::load::PlacedFact;
use crate::eval::score::Counts;
use crate::model::{Approx, Category, Fact, Metric};
use crate::text::locate::{Span, Text};
use serde_json::{json, Value};
use std::fmt::Write;

/// Whether a page is a file of the static site or a page of `serve`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    Static,
    /// Served, with edits sent to `/api/edit` under this token.
    Serve {
        token: String,
    },
}

/// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted
/// attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON for a `<script type="application/json">` block: `<`, `>` and `&`
/// escaped inside strings, so no text can close the element.
pub fn json_for_script(v: &Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Percent-encodes a document name for a URL path (`/` kept).
pub fn url_path(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => write!(out, "%{b:02X}").unwrap_or(()),
        }
    }
    out
}

/// The page of a document, relative to the site root.
pub fn doc_path(name: &str) -> String {
    format!("doc/{name}.html")
}

/// `../` as many times as the page is deep below the site root.
fn root_of(name: &str) -> String {
    "../".repeat(1 + name.matches('/').count())
}

fn head(title: &str, root: &str, mode: &Mode) -> String {
    let token = match mode {
        Mode::Static => String::new(),
        Mode::Serve { token } => format!(
            "<meta name=\"jingwang-token\" content=\"{}\">\n",
            esc(token)
        ),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n{token}\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"{root}assets/review.css\">\n</head>\n",
        esc(title)
    )
}

fn num(x: f64) -> String {
    format!("{x:.3}")
}

/// The index: for each corpus root, its totals and review progress, then
/// one sortable row per source.
pub fn index(site: &Site, mode: &Mode) -> String {
    let mut out = head("jingwang review", "", mode);
    out.push_str("<body class=\"index\">\n<header class=\"bar\">\n<h1>jingwang review</h1>\n");
    out.push_str(
        "<p class=\"sub\">keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens; click a column to sort</p>\n</header>\n<main>\n",
    );
    for root in &site.roots {
        out.push_str(&root_section(root));
    }
    out.push_str("</main>\n");
    out.push_str(&data_block(
        &json!({ "page": "index", "mode": mode_name(mode) }),
    ));
    out.push_str("<script src=\"assets/review.js\"></script>\n</body>\n</html>\n");
    out
}

/// One root's totals, progress and table.
fn root_section(root: &RootSite) -> String {
    let r = &root.report;
    let t = &r.totals;
    let (reviewed, draft, none) = (
        root.count(DocStatus::Reviewed),
        root.count(DocStatus::Draft),
        root.count(DocStatus::None),
    );
    let total = root.docs.len();
    let mut out = format!(
        "<section class=\"root\" data-root=\"{}\">\n<h2 class=\"root-title\">{} <small>sources <code>{}</code>, annotations <code>{}</code>, predictions: {}</small></h2>\n",
        esc(&root.name),
        esc(&root.name),
        esc(&root.layout.corpus.display().to_string()),
        esc(&root.layout.annotations.display().to_string()),
        esc(&root.predictions)
    );
    out.push_str("<div class=\"totals\">\n");
    let _ = writeln!(
        out,
        "<div class=\"card\"><h2>facts <small>over {} reviewed documents</small></h2>{}</div>",
        r.documents,
        figures_dl(&t.facts, Some(&t.strict), "total")
    );
    let (missed, spurious, mismatch) =
        root.docs
            .iter()
            .filter(|d| d.scored())
            .fold((0, 0, 0), |(a, b, c), d| {
                (
                    a + d.count(Outcome::Missed),
                    b + d.count(Outcome::Spurious),
                    c + d.count(Outcome::Mismatch),
                )
            });
    let _ = writeln!(
        out,
        "<div class=\"card\"><h2>differences</h2><dl class=\"figures\">\
         <dt>missed</dt><dd data-k=\"missed\" class=\"o-missed\">{missed}</dd>\
         <dt>spurious</dt><dd data-k=\"spurious\" class=\"o-spurious\">{spurious}</dd>\
         <dt>attribute mismatches</dt><dd data-k=\"mismatch\" class=\"o-mismatch\">{mismatch}</dd></dl></div>"
    );
    let _ = writeln!(
        out,
        "<div class=\"card progress\"><h2>review progress</h2>\
         <meter min=\"0\" max=\"{total}\" value=\"{reviewed}\" title=\"{reviewed} of {total} reviewed\"></meter>\
         <dl class=\"figures\"><dt>reviewed</dt><dd data-k=\"reviewed\">{reviewed}</dd>\
         <dt>draft</dt><dd data-k=\"draft\">{draft}</dd><dt>none</dt><dd data-k=\"none\">{none}</dd>\
         <dt>sources</dt><dd data-k=\"sources\">{total}</dd></dl></div>"
    );
    out.push_str("</div>\n<table class=\"docs sortable\">\n<thead><tr>");
    let columns = [
        ("document", "text"),
        ("status", "text"),
        ("gold", "num"),
        ("pred", "num"),
        ("matched", "num"),
        ("P", "num"),
        ("R", "num"),
        ("F1", "num"),
        ("strict F1", "num"),
        ("missed", "num"),
        ("spurious", "num"),
        ("attr. mismatch", "num"),
        ("region", "num"),
        ("campaign", "num"),
    ];
    for (name, kind) in columns {
        let _ = write!(
            out,
            "<th data-type=\"{kind}\" tabindex=\"0\" aria-sort=\"none\">{name}</th>"
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for d in &root.docs {
        out.push_str(&index_row(d));
    }
    out.push_str("</tbody>\n</table>\n");
    if !r.pending.is_empty() {
        out.push_str("<p class=\"note\">Drafts are shown with their figures against the predictions but are not scored (guide §3).</p>\n");
    }
    out.push_str("</section>\n");
    out
}

fn mode_name(mode: &Mode) -> &'static str {
    match mode {
        Mode::Static => "static",
        Mode::Serve { .. } => "serve",
    }
}

fn data_block(v: &Value) -> String {
    format!(
        "<script type=\"application/json\" id=\"data\">{}</script>\n",
        json_for_script(v)
    )
}

/// `<dl>` of a document's or the corpus's detection figures.
fn figures_dl(facts: &Counts, strict: Option<&Counts>, id: &str) -> String {
    let mut out = format!("<dl class=\"figures\" data-figures=\"{id}\">");
    let mut add = |k: &str, label: &str, v: String| {
        let _ = write!(out, "<dt>{label}</dt><dd data-k=\"{k}\">{v}</dd>");
    };
    add("gold", "gold", facts.gold.to_string());
    add("predicted", "predicted", facts.predicted.to_string());
    add("tp", "matched", facts.tp.to_string());
    add("precision", "P", num(facts.precision()));
    add("recall", "R", num(facts.recall()));
    add("f1", "F1", num(facts.f1()));
    if let Some(s) = strict {
        add("strict_tp", "strict matched", s.tp.to_string());
        add("strict_f1", "strict F1", num(s.f1()));
    }
    out.push_str("</dl>");
    out
}

fn index_row(d: &DocView) -> String {
    let name = &d.paths.name;
    let mut out = format!(
        "<tr data-doc=\"{}\" data-status=\"{}\" class=\"st-{}{}\">",
        esc(&d.key()),
        d.status.as_str(),
        d.status.as_str(),
        if d.problems.is_empty() {
            ""
        } else {
            " has-problem"
        }
    );
    let _ = write!(
        out,
        "<td data-v=\"{}\"><a href=\"{}\">{}</a></td>",
        esc(name),
        esc(&url_path(&doc_path(&d.key()))),
        esc(name)
    );
    let status = if d.problems.is_empty() {
        d.status.as_str().to_string()
    } else {
        format!("{} · error", d.status.as_str())
    };
    let _ = write!(
        out,
        "<td data-v=\"{}\"><span class=\"badge st-{}\">{}</span></td>",
        d.status.as_str(),
        d.status.as_str(),
        esc(&status)
    );
    let cell = |k: &str, v: Option<String>, sort: Option<f64>| match v {
        Some(v) => format!(
            "<td data-k=\"{k}\" data-v=\"{}\">{v}</td>",
            sort.unwrap_or(0.0)
        ),
        None => format!("<td data-k=\"{k}\" data-v=\"-1\">–</td>"),
    };
    match &d.score {
        Some(s) => {
            let f = &s.scores.facts;
            let share = |a: crate::eval::score::Agreement| a.share();
            for (k, v) in [
                ("gold", f.gold as f64),
                ("predicted", f.predicted as f64),
                ("tp", f.tp as f64),
            ] {
                out.push_str(&cell(k, Some(format!("{v}")), Some(v)));
            }
            for (k, v) in [
                ("precision", f.precision()),
                ("recall", f.recall()),
                ("f1", f.f1()),
                ("strict_f1", s.scores.strict.f1()),
            ] {
                out.push_str(&cell(k, Some(num(v)), Some(v)));
            }
            for (k, o) in [
                ("missed", Outcome::Missed),
                ("spurious", Outcome::Spurious),
                ("mismatch", Outcome::Mismatch),
            ] {
                let n = d.count(o);
                out.push_str(&cell(k, Some(n.to_string()), Some(n as f64)));
            }
            for (k, a) in [
                ("region", share(s.scores.document_fields.region)),
                ("campaign", share(s.scores.document_fields.campaign)),
            ] {
                out.push_str(&cell(k, a.map(|x| agree_mark(x == 1.0)), a));
            }
        }
        None => {
            out.push_str(&cell("gold", None, None));
            let n = d.predicted.len();
            out.push_str(&cell("predicted", Some(n.to_string()), Some(n as f64)));
            for k in [
                "tp",
                "precision",
                "recall",
                "f1",
                "strict_f1",
                "missed",
                "spurious",
                "mismatch",
                "region",
                "campaign",
            ] {
                out.push_str(&cell(k, None, None));
            }
        }
    }
    out.push_str("</tr>\n");
    out
}

fn agree_mark(equal: bool) -> String {
    if equal {
        "<span class=\"agree\" title=\"equal\">✓</span>".into()
    } else {
        "<span class=\"disagree\" title=\"different\">✗</span>".into()
    }
}

/// One document's page.
pub fn document(d: &DocView, prev: Option<&str>, next: Option<&str>, mode: &Mode) -> String {
    let name = &d.paths.name;
    let root = root_of(&d.key());
    let mut out = head(&format!("{name} · jingwang review"), &root, mode);
    out.push_str("<body class=\"document\">\n<header class=\"bar\">\n<nav class=\"docnav\">");
    let _ = write!(
        out,
        "<a href=\"{root}index.html\" id=\"to-index\">index</a>"
    );
    let link = |id: &str, label: &str, target: Option<&str>| match target {
        Some(t) => format!(
            " <a href=\"{root}{}\" id=\"{id}\" rel=\"{id}\">{label}</a>",
            esc(&url_path(&doc_path(t)))
        ),
        None => format!(" <span class=\"disabled\" id=\"{id}\">{label}</span>"),
    };
    out.push_str(&link("prev", "← previous", prev));
    out.push_str(&link("next", "next →", next));
    out.push_str("</nav>\n");
    let _ = writeln!(
        out,
        "<h1><small class=\"root-name\">{}/</small>{} <span class=\"badge st-{}\" id=\"doc-status\">{}</span></h1>",
        esc(&d.root),
        esc(name),
        d.status.as_str(),
        d.status.as_str()
    );
    if let Some(s) = &d.score {
        out.push_str(&figures_dl(
            &s.scores.facts,
            Some(&s.scores.strict),
            "document",
        ));
        let _ = write!(
            out,
            "<dl class=\"figures\"><dt>missed</dt><dd data-k=\"missed\" class=\"o-missed\">{}</dd>\
             <dt>spurious</dt><dd data-k=\"spurious\" class=\"o-spurious\">{}</dd>\
             <dt>attr. mismatch</dt><dd data-k=\"mismatch\" class=\"o-mismatch\">{}</dd></dl>",
            d.count(Outcome::Missed),
            d.count(Outcome::Spurious),
            d.count(Outcome::Mismatch)
        );
        if d.status == DocStatus::Draft {
            out.push_str("<p class=\"note\">draft: not scored in the totals</p>");
        }
    } else {
        let _ = write!(
            out,
            "<p class=\"note\">no ground truth yet: {} predicted facts shown</p>",
            d.predicted.len()
        );
    }
    out.push_str(
        "<p class=\"keys\"><kbd>j</kbd>/<kbd>k</kbd> next/previous difference · <kbd>]</kbd>/<kbd>[</kbd> next/previous document · <kbd>Esc</kbd> clear</p>\n",
    );
    if let Mode::Serve { .. } = mode {
        out.push_str("<div class=\"actions\" id=\"doc-actions\">");
        match d.status {
            DocStatus::Draft => out.push_str(
                "<button type=\"button\" id=\"mark-reviewed\">Mark reviewed</button>",
            ),
            DocStatus::None => out.push_str(
                "<button type=\"button\" id=\"create-draft\">Create a draft from the predictions</button>",
            ),
            DocStatus::Reviewed => {}
        }
        out.push_str("</div>\n<div id=\"message\" role=\"alert\" hidden></div>\n");
    }
    out.push_str("</header>\n<main class=\"doc\">\n");
    out.push_str("<section class=\"text-pane\">\n");
    for p in &d.problems {
        let _ = writeln!(out, "<p class=\"problem\">{}</p>", esc(p));
    }
    if d.prediction_missing {
        out.push_str(
            "<p class=\"problem\">no prediction file for this document: scored as predicting no facts</p>\n",
        );
    }
    if let Some(text) = &d.text {
        out.push_str("<div id=\"text\" class=\"source\" lang=\"zh\">");
        out.push_str(&source_html(d, text));
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n<aside class=\"side\">\n");
    out.push_str("<section id=\"inspector\" class=\"inspector\" aria-live=\"polite\"><p class=\"note\">Hover over or focus a highlight to compare the gold and the predicted fact.</p></section>\n");
    out.push_str(&fields_html(d));
    out.push_str(&diagnostics_html(d));
    out.push_str(&legend_and_filters(d));
    out.push_str(&fact_list(d));
    out.push_str(
        "</aside>\n</main>\n<div id=\"tip\" class=\"tip\" role=\"tooltip\" hidden></div>\n",
    );
    let data = page_data(d, prev, next, &root, mode);
    out.push_str(&data_block(&data));
    let _ = writeln!(out, "<script src=\"{root}assets/review.js\"></script>");
    out.push_str("</body>\n</html>\n");
    out
}

/// The source text cut at every fact and furniture boundary; each piece a
/// `<span>` carrying its start (`data-s`, in characters) and the facts that
/// cover it (`data-f`: `g3` is gold fact 3, `p5` prediction 5).
fn source_html(d: &DocView, text: &Text) -> String {
    let len = text.char_len();
    let mut facts: Vec<(String, Span, Outcome)> = fact_outcomes(d);
    facts.sort_by_key(|f| f.1.start);
    let mut cuts = vec![0, len];
    for (_, s, _) in &facts {
        cuts.extend([s.start.min(len), s.end.min(len)]);
    }
    for f in &d.furniture {
        cuts.extend([f.start.min(len), f.end.min(len)]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    // One sweep over the cuts: the facts covering the current piece are
    // kept in `active` (a few at most, as facts overlap only locally), the
    // furniture lines (sorted, disjoint) are passed by an index.
    let (mut next_fact, mut next_furniture) = (0, 0);
    let mut active: Vec<&(String, Span, Outcome)> = Vec::new();
    let mut out = String::with_capacity(text.as_str().len() * 2);
    for w in cuts.windows(2) {
        let piece = Span::new(w[0], w[1]);
        active.retain(|f| f.1.end > piece.start);
        while next_fact < facts.len() && facts[next_fact].1.start <= piece.start {
            if facts[next_fact].1.overlaps(&piece) {
                active.push(&facts[next_fact]);
            }
            next_fact += 1;
        }
        while next_furniture < d.furniture.len() && d.furniture[next_furniture].end <= piece.start {
            next_furniture += 1;
        }
        let furniture = d
            .furniture
            .get(next_furniture)
            .is_some_and(|f| f.overlaps(&piece));
        let mut class = Vec::new();
        if furniture {
            class.push("furn".to_string());
        }
        if let Some(o) = active.iter().map(|c| c.2).min() {
            class.push("hl".into());
            class.push(format!("o-{}", o.as_str()));
        }
        let body = esc(text.slice(piece).unwrap_or(""));
        let _ = write!(out, "<span data-s=\"{}\"", piece.start);
        if !class.is_empty() {
            let _ = write!(out, " class=\"{}\"", class.join(" "));
        }
        if furniture {
            out.push_str(" title=\"page furniture: the extractor ignores this line\"");
        }
        if !active.is_empty() {
            let mut ids: Vec<&str> = active.iter().map(|c| c.0.as_str()).collect();
            ids.sort_unstable();
            let _ = write!(out, " data-f=\"{}\" tabindex=\"0\"", ids.join(" "));
        }
        let _ = write!(out, ">{body}</span>");
    }
    out
}

/// Each fact's id, span and the outcome of its item.
fn fact_outcomes(d: &DocView) -> Vec<(String, Span, Outcome)> {
    let mut out = Vec::new();
    for item in &d.items {
        if let Some(g) = item.gold {
            out.push((format!("g{g}"), d.gold[g].span, item.outcome));
        }
        if let Some(p) = item.predicted {
            out.push((format!("p{p}"), d.predicted[p].span, item.outcome));
        }
    }
    out
}

fn fields_html(d: &DocView) -> String {
    let mut out = String::from(
        "<section class=\"fields\"><h2>document fields</h2><table id=\"fields\"><thead><tr><th></th><th>gold</th><th>predicted</th><th></th></tr></thead><tbody>",
    );
    let show = |v: &Option<String>| v.as_deref().map_or_else(|| "<i>null</i>".to_string(), esc);
    for (name, gold, predicted) in [
        (
            "region",
            d.gold_fields.as_ref().map(|f| &f.region),
            &d.predicted_fields.region,
        ),
        (
            "campaign",
            d.gold_fields.as_ref().map(|f| &f.campaign),
            &d.predicted_fields.campaign,
        ),
    ] {
        let (g, agree) = match gold {
            Some(g) => (show(g), agree_mark(g == predicted)),
            None => ("–".to_string(), String::new()),
        };
        let _ = write!(
            out,
            "<tr data-field=\"{name}\"><th>{name}</th><td>{g}</td><td>{}</td><td>{agree}</td></tr>",
            show(predicted)
        );
    }
    out.push_str("</tbody></table></section>\n");
    out
}

fn diagnostics_html(d: &DocView) -> String {
    if d.diagnostics.is_empty() {
        return if d.status == DocStatus::None {
            String::new()
        } else {
            "<section id=\"diagnostics\" class=\"diagnostics ok\"><h2>validator</h2><p>no errors or warnings</p></section>\n".into()
        };
    }
    let mut out =
        String::from("<section id=\"diagnostics\" class=\"diagnostics\"><h2>validator</h2><ul>");
    for diag in &d.diagnostics {
        let sev = match diag.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let at = if diag.line > 0 {
            format!("line {}:{} ", diag.line, diag.column)
        } else {
            String::new()
        };
        let hint = diag.hint.as_deref().map_or_else(String::new, |h| {
            format!("<br><small>hint: {}</small>", esc(h))
        });
        let _ = write!(
            out,
            "<li class=\"sev-{sev}\"><b>{sev}</b> {}{}{hint}</li>",
            esc(&at),
            esc(&diag.message)
        );
    }
    out.push_str("</ul></section>\n");
    out
}

fn legend_and_filters(d: &DocView) -> String {
    let mut out =
        String::from("<section class=\"filters\"><h2>facts</h2><div id=\"outcome-filter\">");
    for o in Outcome::ALL {
        let n = d.count(o);
        if n == 0 && o == Outcome::Predicted {
            continue;
        }
        let _ = write!(
            out,
            "<label class=\"o-{0}\"><input type=\"checkbox\" name=\"outcome\" value=\"{0}\" checked> {1} ({n})</label> ",
            o.as_str(),
            esc(o.label())
        );
    }
    out.push_str("</div>");
    let select = |id: &str, labels: &[&str]| {
        let mut s = format!("<select id=\"{id}\"><option value=\"\">every {id}</option>");
        for l in labels {
            let _ = write!(s, "<option>{l}</option>");
        }
        s.push_str("</select>");
        s
    };
    let _ = writeln!(
        out,
        "<div class=\"selects\">{} {}</div></section>",
        select("metric", Metric::LABELS),
        select("category", Category::LABELS)
    );
    out
}

fn fact_list(d: &DocView) -> String {
    let mut out = String::from("<ol id=\"facts\" class=\"facts\">");
    for (n, item) in d.items.iter().enumerate() {
        let g = item.gold.map(|i| &d.gold[i]);
        let p = item.predicted.map(|i| &d.predicted[i]);
        let main = g.or(p).expect("an item has a fact");
        let metrics: Vec<&str> = [g, p]
            .iter()
            .flatten()
            .map(|f| f.fact.metric.as_str())
            .collect();
        let categories: Vec<&str> = [g, p]
            .iter()
            .flatten()
            .map(|f| f.fact.category.map_or("", |c| c.as_str()))
            .collect();
        let _ = write!(
            out,
            "<li class=\"item o-{}\" data-item=\"{n}\" data-outcome=\"{}\" data-metric=\"{}\" data-category=\"{}\" tabindex=\"-1\">",
            item.outcome.as_str(),
            item.outcome.as_str(),
            metrics.join(" "),
            categories.join(" ")
        );
        let _ = write!(
            out,
            "<span class=\"badge o-{}\">{}</span> <q>{}</q> <span class=\"summary\">{}</span>",
            item.outcome.as_str(),
            esc(item.outcome.label()),
            esc(&main.fact.quote),
            esc(&crate::eval::compare::summary(&main.fact))
        );
        if let (Some(g), Some(p)) = (g, p) {
            for a in &item.differences {
                let _ = write!(
                    out,
                    "<div class=\"diff\">{a}: gold {} → predicted {}</div>",
                    esc(&crate::eval::compare::shown(*a, &g.fact)),
                    esc(&crate::eval::compare::shown(*a, &p.fact))
                );
            }
            if g.span != p.span {
                let _ = write!(
                    out,
                    "<div class=\"diff\">span: gold [{}, {}) → predicted [{}, {}) <q>{}</q></div>",
                    g.span.start,
                    g.span.end,
                    p.span.start,
                    p.span.end,
                    esc(&p.fact.quote)
                );
            }
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>\n");
    out
}

fn fact_json(f: &PlacedFact, index: usize) -> Value {
    let fact: &Fact = &f.fact;
    json!({
        "i": index,
        "quote": fact.quote,
        "occurrence": fact.occurrence,
        "value": fact.value.map(|v| v.to_plain()),
        "unit": fact.unit,
        "approx": fact.approx.map(|a| a.as_str()),
        "metric": fact.metric.as_str(),
        "category": fact.category.map(|c| c.as_str()),
        "change": fact.change.map(|c| c.to_plain()),
        "span": [f.span.start, f.span.end],
    })
}

fn item_json(i: &Item) -> Value {
    json!({
        "outcome": i.outcome.as_str(),
        "label": i.outcome.label(),
        "difference": i.outcome.is_difference(),
        "gold": i.gold,
        "predicted": i.predicted,
        "differences": i.differences.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        "span": [i.span.start, i.span.end],
    })
}

fn page_data(
    d: &DocView,
    prev: Option<&str>,
    next: Option<&str>,
    root: &str,
    mode: &Mode,
) -> Value {
    let href = |t: Option<&str>| t.map(|t| format!("{root}{}", url_path(&doc_path(t))));
    json!({
        "page": "document",
        "mode": mode_name(mode),
        "doc": d.key(),
        "status": d.status.as_str(),
        "version": d.version,
        "prev": href(prev),
        "next": href(next),
        "gold": d.gold.iter().enumerate().map(|(i, f)| fact_json(f, i)).collect::<Vec<_>>(),
        "predicted": d.predicted.iter().enumerate().map(|(i, f)| fact_json(f, i)).collect::<Vec<_>>(),
        "items": d.items.iter().map(item_json).collect::<Vec<_>>(),
        "labels": {
            "metric": Metric::LABELS,
            "category": Category::LABELS,
            "approx": Approx::LABELS,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_names_are_escaped() {
        assert_eq!(
            esc("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        let v = json!({"q": "</script><b>&"});
        let s = json_for_script(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert_eq!(serde_json::from_str::<Value>(&s).unwrap(), v);
        assert_eq!(url_path("doc/甲 b.html"), "doc/%E7%94%B2%20b.html");
    }
}
