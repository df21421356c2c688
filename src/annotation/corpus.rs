//! The corpus layout: `corpus/NAME.txt` ↔ `annotations/NAME.yaml` (§2), and
//! the project file `corpora.yaml` that lists every corpus root a repository
//! scores (its own corpus, and sources kept outside it such as
//! `../shared/real`, whose annotations live in `annotations/real`).
//!
//! **Invariant:** a document is identified by its path relative to the corpus
//! root, with `/` separators and without extension; the annotation and any
//! prediction file share that relative path. An annotations folder that is
//! another root's is never read as part of an enclosing root's.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The project file's name, looked for in the working directory.
pub const PROJECT_FILE: &str = "corpora.yaml";

/// One document of a corpus and where its files are (or would be).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DocPaths {
    /// Relative name without extension, `/`-separated: `000_01aa` or `synthetic/s01`.
    pub name: String,
    pub source: PathBuf,
    pub annotation: PathBuf,
}

impl DocPaths {
    /// The prediction file for this document under a predictions directory.
    pub fn prediction(&self, dir: &Path) -> PathBuf {
        dir.join(format!("{}.yaml", self.name))
    }
}

/// The directories a command works on.
#[derive(Clone, Debug)]
pub struct Layout {
    pub corpus: PathBuf,
    pub annotations: PathBuf,
    /// Folders under `annotations` that belong to other roots: not read.
    pub exclude: Vec<PathBuf>,
}

impl Layout {
    pub fn new(corpus: impl Into<PathBuf>, annotations: impl Into<PathBuf>) -> Layout {
        Layout {
            corpus: corpus.into(),
            annotations: annotations.into(),
            exclude: Vec::new(),
        }
    }

    fn paths_for(&self, name: String) -> DocPaths {
        DocPaths {
            source: self.corpus.join(format!("{name}.txt")),
            annotation: self.annotations.join(format!("{name}.yaml")),
            name,
        }
    }

    /// Every `.txt` under the corpus directory, sorted by name, and the
    /// entries that could not be read.
    pub fn sources(&self) -> Result<Listing> {
        let names = relative_names(&self.corpus, "txt").map_err(|e| {
            Error::new(format!(
                "cannot read corpus directory {}: {e}",
                self.corpus.display()
            ))
            .with_hint("pass --corpus DIR or run from the repository root")
        })?;
        Ok(self.listing(names))
    }

    /// Every `.yaml` under the annotations directory (other roots' folders
    /// left out), sorted by name, and the entries that could not be read.
    pub fn annotations(&self) -> Result<Listing> {
        let names = names_under(&self.annotations, "yaml", &self.exclude).map_err(|e| {
            Error::new(format!(
                "cannot read annotations directory {}: {e}",
                self.annotations.display()
            ))
            .with_hint("pass --annotations DIR or run from the repository root")
        })?;
        Ok(self.listing(names))
    }

    fn listing(&self, names: Names) -> Listing {
        Listing {
            docs: names.names.into_iter().map(|n| self.paths_for(n)).collect(),
            skipped: names.skipped,
        }
    }

    /// Resolves a path given on the command line (a source, an annotation, or
    /// a bare name) to its document. A folder, a path that names nothing, and
    /// a file read from outside the repository's root (from inside
    /// `annotations/`, say) are each an error that says which it is.
    pub fn resolve(&self, arg: &Path) -> Result<DocPaths> {
        if arg.is_dir() {
            return Err(Error::new(format!(
                "{} is a folder, not a document",
                arg.display()
            ))
            .with_hint(format!(
                "give one file: a source (.txt) under {}, its annotation (.yaml) under {}, or the document's name",
                self.corpus.display(),
                self.annotations.display()
            )));
        }
        for (root, ext) in [(&self.corpus, "txt"), (&self.annotations, "yaml")] {
            if let Some(name) = strip_root(arg, root, ext) {
                let doc = self.paths_for(name);
                if arg.exists() || doc.source.exists() || doc.annotation.exists() {
                    return Ok(doc);
                }
            }
        }
        let bare = arg.to_string_lossy().replace('\\', "/");
        let bare = bare
            .trim_end_matches(".txt")
            .trim_end_matches(".yaml")
            .to_string();
        let doc = self.paths_for(bare);
        if doc.source.exists() || doc.annotation.exists() {
            return Ok(doc);
        }
        Err(self.not_a_document(arg))
    }

    /// Why `arg` names no document: it does not exist, or it does but this
    /// layout's folders are not where the command runs.
    fn not_a_document(&self, arg: &Path) -> Error {
        let elsewhere = !self.corpus.is_dir() || !self.annotations.is_dir();
        let from_root = |root: &Path| {
            format!(
                "run from {} (the folder that holds corpus/ and annotations/), or pass --corpus and --annotations",
                root.display()
            )
        };
        if elsewhere {
            let here = std::env::current_dir().unwrap_or_default();
            let missing = if self.corpus.is_dir() {
                &self.annotations
            } else {
                &self.corpus
            };
            let mut e = Error::new(format!(
                "{} {}: there is no folder {} here",
                arg.display(),
                if arg.exists() {
                    "is not a document of this corpus"
                } else {
                    "does not exist"
                },
                missing.display()
            ));
            e.hint = Some(match repository_above(&here) {
                Some(root) => format!(
                    "you are in {}, inside the repository at {}: {}",
                    here.display(),
                    root.display(),
                    from_root(&root)
                ),
                None => from_root(Path::new("the repository root")),
            });
            return e;
        }
        if !arg.exists() {
            return Error::new(format!("{} does not exist", arg.display())).with_hint(format!(
                "give a source under {}, its annotation under {}, or the document's name",
                self.corpus.display(),
                self.annotations.display()
            ));
        }
        Error::new(format!(
            "{} is not a document of {}: it is in neither {} nor {}",
            arg.display(),
            self.corpus.display(),
            self.corpus.display(),
            self.annotations.display()
        ))
        .with_hint("give a path under --corpus or --annotations, or a document name")
    }
}

/// The nearest folder above `dir` that holds a repository's corpus: a
/// project file, or both `corpus/` and `annotations/`.
fn repository_above(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .skip(1)
        .find(|d| {
            d.join(PROJECT_FILE).is_file()
                || (d.join("corpus").is_dir() && d.join("annotations").is_dir())
        })
        .map(Path::to_path_buf)
}

fn strip_root(arg: &Path, root: &Path, ext: &str) -> Option<String> {
    let rel = arg.strip_prefix(root).ok().or_else(|| {
        let a = arg.canonicalize().ok()?;
        let r = root.canonicalize().ok()?;
        a.strip_prefix(&r)
            .ok()
            .map(|p| p.to_path_buf())
            .map(|p| Box::leak(p.into_boxed_path()) as &Path)
    })?;
    if rel.extension()? != ext {
        return None;
    }
    Some(name_of(&rel.with_extension("")))
}

fn name_of(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// An entry of a folder that could not be read, and why.
pub type Skipped = (PathBuf, String);

/// Documents found under a folder, and the entries passed over.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    pub docs: Vec<DocPaths>,
    /// Entries that could not be read (a link to nothing, a link back to a
    /// folder above it, a pipe, a folder without permission), each with
    /// why: callers report them and go on with the rest.
    pub skipped: Vec<Skipped>,
}

/// Relative names found under a folder, and the entries passed over.
#[derive(Clone, Debug, Default)]
pub struct Names {
    pub names: Vec<String>,
    pub skipped: Vec<Skipped>,
}

/// Relative names (without extension) of every file with `ext` under `root`.
pub fn relative_names(root: &Path, ext: &str) -> std::io::Result<Names> {
    names_under(root, ext, &[])
}

/// [`relative_names`], leaving out the folders in `exclude`. Only a root
/// that is not a folder is an error; an entry that cannot be read is
/// listed as skipped and the walk goes on (`text::walk`).
fn names_under(root: &Path, ext: &str, exclude: &[PathBuf]) -> std::io::Result<Names> {
    if !root.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "not a directory",
        ));
    }
    let mut out = Names::default();
    let excluded = |p: &Path| exclude.iter().any(|x| p.starts_with(x));
    for found in crate::text::walk::files(root, ext) {
        match found {
            Ok(path) if !excluded(&path) => {
                let rel = path.strip_prefix(root).map_err(std::io::Error::other)?;
                out.names.push(name_of(&rel.with_extension("")));
            }
            Err((path, why)) if !excluded(&path) => out.skipped.push((path, why)),
            _ => {}
        }
    }
    out.names.sort();
    Ok(out)
}

/// One corpus root of a project: a name for reports, its layout, and
/// whether it may be absent (sources kept outside the repository).
#[derive(Clone, Debug)]
pub struct Root {
    pub name: String,
    pub layout: Layout,
    pub optional: bool,
}

impl Root {
    /// Whether the root's sources are there to be read.
    pub fn present(&self) -> bool {
        self.layout.corpus.is_dir()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    roots: Vec<RootEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RootEntry {
    name: String,
    corpus: PathBuf,
    annotations: PathBuf,
    #[serde(default)]
    optional: bool,
}

/// The roots listed in the project file at `path`, paths taken relative to
/// the file's folder; each root's annotations leave out the folders of the
/// roots nested in them.
pub fn read_project(path: &Path) -> Result<Vec<Root>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))?;
    let file: ProjectFile = serde_saphyr::from_str(&text).map_err(|e| {
        Error::new(format!("{}: {}", path.display(), e.to_string().lines().next().unwrap_or("")))
            .with_hint("the file lists `roots:`, each with `name`, `corpus`, `annotations` and optionally `optional: true`")
    })?;
    if file.roots.is_empty() {
        return Err(Error::new(format!("{} lists no roots", path.display())));
    }
    let base = path.parent().unwrap_or(Path::new(""));
    let join = |p: &Path| -> PathBuf {
        if base.as_os_str().is_empty() {
            p.to_path_buf()
        } else {
            base.join(p)
        }
    };
    let mut roots: Vec<Root> = file
        .roots
        .iter()
        .map(|r| Root {
            name: r.name.clone(),
            layout: Layout::new(join(&r.corpus), join(&r.annotations)),
            optional: r.optional,
        })
        .collect();
    let annotation_dirs: Vec<PathBuf> =
        roots.iter().map(|r| r.layout.annotations.clone()).collect();
    for root in &mut roots {
        root.layout.exclude = annotation_dirs
            .iter()
            .filter(|d| **d != root.layout.annotations && d.starts_with(&root.layout.annotations))
            .cloned()
            .collect();
    }
    Ok(roots)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_roots_are_left_out_of_the_enclosing_one() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in [
            "corpus/a.txt",
            "annotations/a.yaml",
            "annotations/real/r1.yaml",
            "elsewhere/r1.txt",
        ] {
            std::fs::create_dir_all(d.join(f).parent().unwrap()).unwrap();
            std::fs::write(d.join(f), "").unwrap();
        }
        std::fs::write(
            d.join(PROJECT_FILE),
            "roots:\n  - name: corpus\n    corpus: corpus\n    annotations: annotations\n  - name: real\n    corpus: elsewhere\n    annotations: annotations/real\n    optional: true\n",
        )
        .unwrap();
        let roots = read_project(&d.join(PROJECT_FILE)).unwrap();
        let names = |r: &Root| -> Vec<String> {
            r.layout
                .annotations()
                .unwrap()
                .docs
                .into_iter()
                .map(|p| p.name)
                .collect()
        };
        assert_eq!(names(&roots[0]), ["a"]);
        assert_eq!(names(&roots[1]), ["r1"]);
        assert!(roots[1].optional && roots[1].present());
    }
}
