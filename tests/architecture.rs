//! The shape of the code, checked: the parts depend on each other one way
//! only (`cli → eval → annotation → extract → model → text`, with `error`
//! usable by all), and no module imports a module that imports it back, at
//! any distance. ARCHITECTURE.md describes the same layers.
//!
//! The graph is read from the sources: every `crate::a::b…` and `super::…`
//! path outside test modules is an edge to the deepest module it names.
//! `mod` declarations are ownership, not use, and are not edges.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The parts, lowest first; a part may use the parts before it.
const LAYERS: &[&str] = &[
    "error",
    "text",
    "model",
    "extract",
    "annotation",
    "eval",
    "cli",
];

/// Modules (`a::b`) and the modules each one uses.
type Graph = BTreeMap<String, BTreeSet<String>>;

fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file before its first `#[cfg(test)]`, comments removed.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::…` or `super::…` path in `code`, as module path segments
/// relative to the crate root (`super` resolved against `module`: the
/// `super` of `a::b` is `a`, whether `b` is `a/b.rs` or `a/b/mod.rs`).
fn paths(code: &str, module: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            // A whole word: not `xcrate::`.
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let rest: String = code[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let segs: Vec<String> = rest
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let resolved = if start == "crate::" {
                segs[1..].to_vec()
            } else {
                // `super` of a mod.rs file is its parent's parent module.
                let mut base: Vec<String> = module.split("::").map(str::to_string).collect();
                let mut segs = segs.as_slice();
                while segs.first().is_some_and(|s| s == "super") {
                    base.pop();
                    segs = &segs[1..];
                }
                base.extend(segs.iter().cloned());
                base
            };
            out.push(resolved);
        }
    }
    out
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("src/ is readable");
        if entry.path().extension().is_some_and(|e| e == "rs") {
            let rel = entry.path().strip_prefix(&src).unwrap().to_path_buf();
            if rel != Path::new("main.rs") {
                files.push((rel, std::fs::read_to_string(entry.path()).unwrap()));
            }
        }
    }
    let modules: BTreeSet<String> = files.iter().map(|(rel, _)| module_of(rel)).collect();
    let mut g = Graph::new();
    for (rel, text) in &files {
        let module = module_of(rel);
        let mut uses = BTreeSet::new();
        for path in paths(&code(text), &module) {
            // The deepest module the path names.
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].join("::"))
                .find(|m| modules.contains(m));
            if let Some(t) = target.filter(|t| *t != module) {
                uses.insert(t);
            }
        }
        g.insert(module, uses);
    }
    g
}

fn layer(module: &str) -> usize {
    let part = module.split("::").next().unwrap_or("");
    LAYERS
        .iter()
        .position(|l| *l == part)
        .unwrap_or_else(|| panic!("module `{module}` is in no part of {LAYERS:?}"))
}

#[test]
fn parts_depend_one_way() {
    let g = graph();
    let mut wrong = Vec::new();
    for (m, uses) in &g {
        if m.is_empty() {
            continue; // lib.rs declares the parts
        }
        for u in uses {
            if layer(u) > layer(m) {
                wrong.push(format!("{m} uses {u}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "a lower part uses a higher one ({}):\n{}",
        LAYERS.join(" < "),
        wrong.join("\n")
    );
}

#[test]
fn no_module_imports_itself_back() {
    let g = graph();
    // Depth-first search for a back edge; the cycle is reported as a path.
    fn visit(
        m: &str,
        g: &Graph,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(m.to_string(), 1);
        stack.push(m.to_string());
        for u in g.get(m).into_iter().flatten() {
            match state.get(u.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|s| s == u).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(u.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(u, g, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(m.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in g.keys().filter(|m| !m.is_empty()) {
        if state.get(m.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(cycle) = visit(m, &g, &mut state, &mut Vec::new()) {
                panic!("import circle: {}", cycle.join(" → "));
            }
        }
    }
}

#[test]
fn the_graph_reader_sees_edges() {
    // The checks above are only as good as the graph: it must see the
    // pipeline's use of its stages and the validator's use of the extractor.
    let g = graph();
    let uses = |m: &str, u: &str| g.get(m).is_some_and(|s| s.contains(u));
    assert!(
        uses("extract", "extract::numbers"),
        "{:?}",
        g.get("extract")
    );
    assert!(
        uses("annotation::check::facts", "extract"),
        "{:?}",
        g.get("annotation::check::facts")
    );
    assert!(
        uses("model::yaml", "model::fields"),
        "{:?}",
        g.get("model::yaml")
    );
}
