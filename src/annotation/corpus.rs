//! The corpus layout: `corpus/NAME.txt` ↔ `annotations/NAME.yaml` (§2).
//!
//! **Invariant:** a document is identified by its path relative to the corpus
//! root, with `/` separators and without extension; the annotation and any
//! prediction file share that relative path.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

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
}

impl Layout {
    pub fn new(corpus: impl Into<PathBuf>, annotations: impl Into<PathBuf>) -> Layout {
        Layout {
            corpus: corpus.into(),
            annotations: annotations.into(),
        }
    }

    fn paths_for(&self, name: String) -> DocPaths {
        DocPaths {
            source: self.corpus.join(format!("{name}.txt")),
            annotation: self.annotations.join(format!("{name}.yaml")),
            name,
        }
    }

    /// Every `.txt` under the corpus directory, sorted by name.
    pub fn sources(&self) -> Result<Vec<DocPaths>> {
        let names = relative_names(&self.corpus, "txt").map_err(|e| {
            Error::new(format!(
                "cannot read corpus directory {}: {e}",
                self.corpus.display()
            ))
            .with_hint("pass --corpus DIR or run from the repository root")
        })?;
        Ok(names.into_iter().map(|n| self.paths_for(n)).collect())
    }

    /// Every `.yaml` under the annotations directory, sorted by name.
    pub fn annotations(&self) -> Result<Vec<DocPaths>> {
        let names = relative_names(&self.annotations, "yaml").map_err(|e| {
            Error::new(format!(
                "cannot read annotations directory {}: {e}",
                self.annotations.display()
            ))
            .with_hint("pass --annotations DIR or run from the repository root")
        })?;
        Ok(names.into_iter().map(|n| self.paths_for(n)).collect())
    }

    /// Resolves a path given on the command line (a source, an annotation, or
    /// a bare name) to its document.
    pub fn resolve(&self, arg: &Path) -> Result<DocPaths> {
        for (root, ext) in [(&self.corpus, "txt"), (&self.annotations, "yaml")] {
            if let Some(name) = strip_root(arg, root, ext) {
                return Ok(self.paths_for(name));
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
        Err(Error::new(format!(
            "{} is not a document of {}",
            arg.display(),
            self.corpus.display()
        ))
        .with_hint("give a path under --corpus or --annotations, or a document name"))
    }
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

/// Relative names (without extension) of every file with `ext` under `root`.
pub fn relative_names(root: &Path, ext: &str) -> std::io::Result<Vec<String>> {
    if !root.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "not a directory",
        ));
    }
    let mut names = Vec::new();
    for entry in WalkDir::new(root).follow_links(true) {
        let entry = entry.map_err(std::io::Error::other)?;
        let path = entry.path();
        if entry.file_type().is_file() && path.extension().is_some_and(|e| e == ext) {
            let rel = path.strip_prefix(root).map_err(std::io::Error::other)?;
            names.push(name_of(&rel.with_extension("")));
        }
    }
    names.sort();
    Ok(names)
}
