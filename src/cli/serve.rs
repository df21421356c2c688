//! The `serve` command: the review pages from a local server where an
//! annotator edits the ground truth (accept a prediction, reject or
//! relabel a fact, add one from a text selection, mark a file reviewed).
//!
//! **Security:** the server listens on 127.0.0.1 only; every request must
//! carry the random token printed at start (in the URL once, then in an
//! HttpOnly, SameSite=Strict cookie), its `Host` must name this server (no
//! DNS rebinding) and its `Origin`, when given, this server's. An edit must
//! also carry the token in a header, which no other site can set without a
//! preflight this server never grants.
//!
//! **Invariant:** edits go through `annotation::edit` (in place, comments
//! kept, refused when unsafe) and `write::replace_if`, one at a time; an
//! edit made from a page rendered before the file last changed (its version
//! differs) is refused, so no edit ever overwrites another one unseen.

use crate::annotation::check::diag::{Diagnostic, Severity};
use crate::annotation::check::validate_file;
use crate::annotation::corpus::{DocPaths, Root};
use crate::annotation::edit::{self, Edit};
use crate::annotation::load::{parse_annotation, place};
use crate::annotation::write::{replace_if, Durability};
use crate::cli::review::html::{self, Mode};
use crate::cli::review::{self, version_of};
use crate::cli::ServeArgs;
use crate::error::{Error, Result};
use crate::model::{Approx, Category, Fact, Metric, Number, Status};
use crate::text::locate::{occurrence_of, Span, Text};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

/// Requests handled at once (page renders run the extractor).
const WORKERS: usize = 4;
/// The largest edit request read.
const MAX_BODY: u64 = 1 << 20;

/// What every request handler shares.
struct State {
    /// The corpus roots and the predictions of each (`review::roots`).
    roots: Vec<(Root, Option<PathBuf>)>,
    port: u16,
    token: String,
    /// Held for the whole of an edit: read, check, write.
    edits: Mutex<()>,
}

/// Runs the command until it is interrupted.
pub fn run(args: &ServeArgs) -> Result<ExitCode> {
    let roots = review::roots(&args.layout, args.predictions.as_deref())?;
    // Fail now, not on the first page, when a corpus is not there; name
    // the entries passed over once, not on every page.
    for (root, _) in &roots {
        review::warn_skipped(&review::documents(&root.layout)?);
    }
    let server = tiny_http::Server::http(("127.0.0.1", args.port)).map_err(|e| {
        Error::new(format!("cannot listen on 127.0.0.1:{}: {e}", args.port))
            .with_hint("choose another --port, or 0 for any free port")
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or_else(|| Error::new("the server has no TCP address"))?;
    let state = Arc::new(State {
        roots,
        port,
        token: new_token()?,
        edits: Mutex::new(()),
    });
    let mut out = std::io::stdout().lock();
    let folders: Vec<String> = state
        .roots
        .iter()
        .map(|(r, _)| r.layout.annotations.display().to_string())
        .collect();
    let _ = writeln!(
        out,
        "jingwang serve: http://127.0.0.1:{port}/?token={}\n(edits are written to {}; Ctrl-C stops the server)",
        state.token,
        folders.join(", ")
    );
    let _ = out.flush();
    drop(out);
    let server = Arc::new(server);
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (server, state) = (Arc::clone(&server), Arc::clone(&state));
            std::thread::spawn(move || {
                while let Ok(req) = server.recv() {
                    handle(&state, req);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    Ok(ExitCode::SUCCESS)
}

/// 128 random bits as hex.
fn new_token() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::new(format!("cannot draw a random token: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A response before it is sent.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    set_cookie: bool,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type,
            body: body.into(),
            set_cookie: false,
        }
    }

    fn html(body: String) -> Reply {
        Reply::new(200, "text/html; charset=utf-8", body)
    }

    fn json(status: u16, v: &Value) -> Reply {
        Reply::new(status, "application/json; charset=utf-8", v.to_string())
    }

    fn error(status: u16, message: &str, hint: Option<&str>) -> Reply {
        Reply::json(
            status,
            &json!({ "ok": false, "error": message, "hint": hint }),
        )
    }
}

fn header<'r>(req: &'r tiny_http::Request, name: &str) -> Option<&'r str> {
    req.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn handle(state: &State, mut req: tiny_http::Request) {
    let reply = route(state, &mut req);
    let mut response = tiny_http::Response::from_data(reply.body)
        .with_status_code(reply.status)
        .with_header(fixed_header("Content-Type", reply.content_type))
        .with_header(fixed_header(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ))
        .with_header(fixed_header("X-Content-Type-Options", "nosniff"))
        .with_header(fixed_header("Referrer-Policy", "no-referrer"))
        .with_header(fixed_header("Cache-Control", "no-store"));
    if reply.set_cookie {
        let cookie = format!(
            "{}={}; Path=/; HttpOnly; SameSite=Strict",
            cookie_name(state.port),
            state.token
        );
        response = response.with_header(fixed_header("Set-Cookie", &cookie));
    }
    // A client that went away is not the server's problem.
    let _ = req.respond(response);
}

fn fixed_header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values are ASCII")
}

fn cookie_name(port: u16) -> String {
    format!("jingwang_{port}")
}

/// Equality that takes as long whatever the first differing byte.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn route(state: &State, req: &mut tiny_http::Request) -> Reply {
    let hosts = [
        format!("127.0.0.1:{}", state.port),
        format!("localhost:{}", state.port),
    ];
    if !header(req, "Host").is_some_and(|h| hosts.iter().any(|a| a == h)) {
        return Reply::error(403, "request refused: unexpected Host header", None);
    }
    if let Some(origin) = header(req, "Origin") {
        if !hosts.iter().any(|h| origin == format!("http://{h}")) {
            return Reply::error(403, "request refused: cross-origin request", None);
        }
    }
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let query_token = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("token="))
        .is_some_and(|t| same(t, &state.token));
    let cookie_token = header(req, "Cookie").is_some_and(|c| {
        c.split(';').any(|kv| {
            kv.trim()
                .strip_prefix(&format!("{}=", cookie_name(state.port)))
                .is_some_and(|t| same(t, &state.token))
        })
    });
    if !query_token && !cookie_token {
        return Reply::error(
            403,
            "request refused: no valid token",
            Some("open the URL with ?token=… that `jingwang serve` printed"),
        );
    }
    let method = req.method().clone();
    let mut reply = match (&method, path) {
        (tiny_http::Method::Post, "/api/edit") => {
            if !header(req, "X-Jingwang-Token").is_some_and(|t| same(t, &state.token)) {
                return Reply::error(
                    403,
                    "request refused: an edit must carry the token header",
                    None,
                );
            }
            let mut body = String::new();
            if req
                .as_reader()
                .take(MAX_BODY)
                .read_to_string(&mut body)
                .is_err()
            {
                return Reply::error(400, "the request body is not UTF-8 text", None);
            }
            edit_request(state, &body)
        }
        (tiny_http::Method::Get, _) => page(state, path),
        _ => Reply::error(405, "method not allowed", None),
    };
    reply.set_cookie = query_token;
    reply
}

/// Decodes `%XX` escapes of a URL path; `None` when they do not make UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Every document of every root, in the site's order: the root's index
/// (into `State::roots`) and the document.
fn all_documents(state: &State) -> Result<Vec<(usize, DocPaths)>> {
    let mut out = Vec::new();
    for (i, (root, _)) in state.roots.iter().enumerate() {
        out.extend(
            review::documents(&root.layout)?
                .docs
                .into_iter()
                .map(|d| (i, d)),
        );
    }
    Ok(out)
}

fn page(state: &State, path: &str) -> Reply {
    let mode = Mode::Serve {
        token: state.token.clone(),
    };
    match path {
        "/" | "/index.html" => match review::site(&state.roots) {
            Ok(site) => Reply::html(html::index(&site, &mode)),
            Err(e) => Reply::new(500, "text/plain; charset=utf-8", e.to_string()),
        },
        "/assets/review.css" => Reply::new(200, "text/css; charset=utf-8", review::CSS),
        "/assets/review.js" => Reply::new(200, "text/javascript; charset=utf-8", review::JS),
        _ => {
            let Some(wanted) = path
                .strip_prefix("/doc/")
                .and_then(|p| p.strip_suffix(".html"))
                .and_then(percent_decode)
            else {
                return Reply::new(404, "text/plain; charset=utf-8", "not found");
            };
            let docs = match all_documents(state) {
                Ok(d) => d,
                Err(e) => return Reply::new(500, "text/plain; charset=utf-8", e.to_string()),
            };
            let key_of = |(r, d): &(usize, DocPaths)| review::key(&state.roots[*r].0.name, &d.name);
            // Only documents of the corpus are served: no path is built from the URL.
            let Some(i) = docs.iter().position(|d| key_of(d) == wanted) else {
                return Reply::new(404, "text/plain; charset=utf-8", "no such document");
            };
            let (r, doc) = &docs[i];
            let (root, predictions) = &state.roots[*r];
            let v = review::view(&root.name, doc, predictions.as_deref());
            let prev = i.checked_sub(1).map(|j| key_of(&docs[j]));
            let next = docs.get(i + 1).map(key_of);
            Reply::html(html::document(&v, prev.as_deref(), next.as_deref(), &mode))
        }
    }
}

/// A refusal: HTTP status, message, hint.
type Refusal = (u16, String, Option<String>);

fn refuse(status: u16, message: impl Into<String>) -> Refusal {
    (status, message.into(), None)
}

fn edit_request(state: &State, body: &str) -> Reply {
    match apply_edit(state, body) {
        Ok(v) => Reply::json(200, &v),
        Err((status, message, hint)) => Reply::error(status, &message, hint.as_deref()),
    }
}

fn apply_edit(state: &State, body: &str) -> std::result::Result<Value, Refusal> {
    let req: Value = serde_json::from_str(body)
        .map_err(|e| refuse(400, format!("the edit is not valid JSON: {e}")))?;
    let text_of = |k: &str| req.get(k).and_then(Value::as_str);
    let name = text_of("doc").ok_or_else(|| refuse(400, "the edit names no document"))?;
    let op = text_of("op").ok_or_else(|| refuse(400, "the edit has no `op`"))?;
    let version = text_of("version").unwrap_or("");
    let (root, doc) = all_documents(state)
        .map_err(|e| refuse(500, e.to_string()))?
        .into_iter()
        .find(|(r, d)| review::key(&state.roots[*r].0.name, &d.name) == name)
        .ok_or_else(|| refuse(404, format!("{name} is not a document of the corpus")))?;
    let layout = &state.roots[root].0.layout;
    // One edit at a time, from reading the file to writing it.
    let _guard = state.edits.lock().unwrap_or_else(|e| e.into_inner());
    let before = std::fs::read(&doc.annotation).ok();
    if version_of(before.as_deref()) != version {
        return Err((
            409,
            format!(
                "{} changed on disk since this page was loaded; your edit was not applied",
                doc.annotation.display()
            ),
            Some("reload the page to see the file as it is now, then make the edit again".into()),
        ));
    }
    if op == "draft" {
        crate::cli::annotate::annotate(layout, &doc.source, false)
            .map_err(|e| refuse(409, e.to_string()))?;
        return Ok(done(&doc));
    }
    let Some(before) = before else {
        return Err(refuse(
            409,
            format!("{} has no annotation yet: create a draft first", doc.name),
        ));
    };
    let yaml = String::from_utf8(before.clone())
        .map_err(|_| refuse(422, format!("{} is not UTF-8", doc.annotation.display())))?;
    let edit = build_edit(&doc, &yaml, op, &req)?;
    let new = edit::apply(&yaml, &edit).map_err(|e| (422, e.message, e.hint))?;
    // The file may have been written by another program since it was
    // read: the swap puts it back unless it still holds what was edited.
    replace_if(&doc.annotation, new.as_bytes(), Durability::Synced, |now| {
        now == before.as_slice()
    })
    .map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidData {
            (
                409,
                format!(
                    "{} changed on disk during the edit; your edit was not applied",
                    doc.annotation.display()
                ),
                Some("reload the page and make the edit again".into()),
            )
        } else {
            refuse(
                500,
                format!("cannot write {}: {e}", doc.annotation.display()),
            )
        }
    })?;
    Ok(done(&doc))
}

/// The answer to an edit that was written: the file's new version and what
/// the validator now says about it.
fn done(doc: &DocPaths) -> Value {
    let version = version_of(std::fs::read(&doc.annotation).ok().as_deref());
    let diagnostics: Vec<Value> = validate_file(doc)
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .map(diagnostic_json)
        .collect();
    json!({ "ok": true, "version": version, "diagnostics": diagnostics })
}

fn diagnostic_json(d: &Diagnostic) -> Value {
    json!({
        "severity": d.severity.to_string(),
        "line": d.line,
        "column": d.column,
        "message": d.message,
        "hint": d.hint,
    })
}

fn build_edit(
    doc: &DocPaths,
    yaml: &str,
    op: &str,
    req: &Value,
) -> std::result::Result<Edit, Refusal> {
    let index = || {
        req.get("index")
            .and_then(Value::as_u64)
            .map(|i| i as usize)
            .ok_or_else(|| refuse(400, "the edit names no fact (`index`)"))
    };
    match op {
        "status" => {
            let s = req.get("status").and_then(Value::as_str).unwrap_or("");
            let status = Status::from_label(s)
                .ok_or_else(|| refuse(400, format!("unknown status `{s}`")))?;
            Ok(Edit::Status(status))
        }
        "reject" => Ok(Edit::Remove { index: index()? }),
        "set" => {
            let index = index()?;
            let file = parse_annotation(yaml)
                .map_err(|e| refuse(422, format!("the file does not parse: {e}")))?;
            let mut fact = file
                .facts
                .get(index)
                .cloned()
                .ok_or_else(|| refuse(409, format!("there is no fact {}", index + 1)))?;
            let field = req.get("field").and_then(Value::as_str).unwrap_or("");
            let value = req.get("value").and_then(Value::as_str).unwrap_or("");
            set_field(&mut fact, field, value)?;
            Ok(Edit::Replace { index, fact })
        }
        "accept" | "add" => {
            let text = crate::text::source::read_source(&doc.source)
                .map(Text::new)
                .map_err(|e| refuse(500, e.to_string()))?;
            let fields = if op == "accept" {
                req.get("fact").cloned().unwrap_or(Value::Null)
            } else {
                req.clone()
            };
            let span = fields
                .get("span")
                .and_then(Value::as_array)
                .and_then(|a| {
                    Some(Span::new(
                        a.first()?.as_u64()? as usize,
                        a.get(1)?.as_u64()? as usize,
                    ))
                })
                .ok_or_else(|| refuse(400, "the fact has no span"))?;
            let quote = text
                .slice(span)
                .filter(|q| !q.trim().is_empty())
                .ok_or_else(|| {
                    refuse(
                        400,
                        format!(
                            "[{}, {}) is not a passage of the source",
                            span.start, span.end
                        ),
                    )
                })?
                .to_string();
            if op == "accept" && fields.get("quote").and_then(Value::as_str) != Some(quote.as_str())
            {
                return Err(refuse(
                    409,
                    "the prediction's quote is not the text at its span; reload the page",
                ));
            }
            let occurrence = occurrence_of(&text, &quote, span);
            let mut fact = Fact {
                occurrence,
                ..Fact::quoting(quote)
            };
            for field in ["value", "unit", "approx", "metric", "category", "change"] {
                let v = match fields.get(field) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Null) | None => String::new(),
                    Some(other) => other.to_string(),
                };
                set_field(&mut fact, field, &v)?;
            }
            let file = parse_annotation(yaml)
                .map_err(|e| refuse(422, format!("the file does not parse: {e}")))?;
            // Facts stay in text order: the new one goes before the first
            // fact that starts after it (facts that cannot be placed are
            // passed over).
            let index = file
                .facts
                .iter()
                .position(|f| {
                    place(&text, f).is_ok_and(|s| (s.start, s.end) > (span.start, span.end))
                })
                .unwrap_or(file.facts.len());
            Ok(Edit::Insert { index, fact })
        }
        _ => Err(refuse(400, format!("unknown edit `{op}`"))),
    }
}

/// Sets one field of a fact from the text a form sent.
fn set_field(fact: &mut Fact, field: &str, value: &str) -> std::result::Result<(), Refusal> {
    let value = value.trim();
    let number = |v: &str| -> std::result::Result<Option<Number>, Refusal> {
        if v.is_empty() || v == "null" {
            return Ok(None);
        }
        Number::parse(v)
            .map(Some)
            .ok_or_else(|| refuse(400, format!("`{v}` is not a plain decimal number")))
    };
    fn label<T>(
        v: &str,
        parse: fn(&str) -> Option<T>,
        labels: &[&str],
        name: &str,
    ) -> std::result::Result<Option<T>, Refusal> {
        if v.is_empty() {
            return Ok(None);
        }
        parse(v).map(Some).ok_or_else(|| {
            refuse(
                400,
                format!("unknown {name} label `{v}` (one of {})", labels.join(", ")),
            )
        })
    }
    match field {
        "value" => fact.value = number(value)?,
        "change" => fact.change = number(value)?,
        "unit" if value.is_empty() => return Err(refuse(400, "the unit cannot be empty")),
        "unit" => fact.unit = value.to_string(),
        "approx" => fact.approx = label(value, Approx::from_label, Approx::LABELS, "approx")?,
        "category" => {
            fact.category = label(value, Category::from_label, Category::LABELS, "category")?
        }
        "metric" => {
            fact.metric = label(value, Metric::from_label, Metric::LABELS, "metric")?
                .ok_or_else(|| refuse(400, "a fact needs a metric"))?
        }
        _ => return Err(refuse(400, format!("`{field}` cannot be changed here"))),
    }
    Ok(())
}
