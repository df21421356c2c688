//! `-o DIR`: one output file per source under a folder, written only where
//! that cannot cost anyone their work.
//!
//! **Invariant:** `extract -o` writes into a folder only if every file in
//! it is one an earlier `extract -o` wrote and nobody changed since; a
//! folder holding anything else (a reviewed annotation above all) is
//! refused before any work. What it wrote is listed in a manifest,
//! `.jingwang-extract` at the folder's root: each file's path and a hash of
//! the bytes written, appended before the file is made, so even a killed
//! run leaves a folder the next run recognises. A file that appears after
//! the check is never replaced, and a file of ours that someone edits
//! after the check is put back, not replaced (`annotation::write`).

use crate::annotation::write::{create_new, open_append, replace_if, replace_own, Durability};
use crate::error::{Error, Result};
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The manifest's name, at the output folder's root.
pub const MANIFEST: &str = ".jingwang-extract";

const MANIFEST_HEADER: &str = "# written by `jingwang extract -o`: the files it wrote here (path, FNV-1a hash of the bytes), which a later run may replace; it replaces nothing else\n";

/// Foreign files counted before a folder is refused without looking
/// further.
const MAX_FOREIGN: usize = 1000;

/// The largest file looked into for `status: reviewed`.
const MAX_ANNOTATION: u64 = 4 << 20;

/// An output folder claimed for one run.
pub struct OutputDir {
    root: PathBuf,
    /// Files of ours found at the start, by relative path, with the
    /// hashes of every version written.
    ours: HashMap<String, HashSet<u64>>,
    manifest: File,
}

impl OutputDir {
    /// Checks `root` and takes it for this run (made if missing), or says
    /// why not.
    pub fn claim(root: &Path) -> Result<OutputDir> {
        let cannot = |e: std::io::Error| {
            Error::new(format!("cannot use output folder {}: {e}", root.display()))
        };
        if root.exists() && !root.is_dir() {
            return Err(Error::new(format!("-o {} is not a folder", root.display())));
        }
        std::fs::create_dir_all(root).map_err(cannot)?;
        let written = read_manifest(&root.join(MANIFEST));
        let mut ours = HashMap::new();
        let mut foreign = Vec::new();
        let mut reviewed = Vec::new();
        let walk = walkdir::WalkDir::new(root).min_depth(1).sort_by_file_name();
        for entry in walk {
            let entry = entry.map_err(|e| cannot(e.into()))?;
            if entry.file_type().is_dir() {
                continue;
            }
            let path = entry.path();
            let rel = relative(root, path);
            let name = entry.file_name().to_string_lossy();
            let leftover = name.starts_with(".jingwang-") && name.ends_with(".tmp");
            if rel == MANIFEST || leftover {
                continue;
            }
            let listed = written.get(&rel);
            let is_file = entry.file_type().is_file();
            // Only a listed file is read whole (to hash it); another is
            // read only when it may be an annotation, to name it as one.
            let small_yaml = || {
                entry.metadata().is_ok_and(|m| m.len() <= MAX_ANNOTATION)
                    && path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            };
            let bytes = if is_file && (listed.is_some() || small_yaml()) {
                std::fs::read(path).ok()
            } else {
                None
            };
            let hash = bytes.as_deref().map(fnv1a);
            match (listed, hash) {
                (Some(hashes), Some(hash)) if hashes.contains(&hash) => {
                    ours.insert(rel, HashSet::from([hash]));
                }
                _ => {
                    if bytes.as_deref().is_some_and(is_reviewed) {
                        reviewed.push(rel.clone());
                    }
                    foreign.push(rel);
                    // A folder full of other files (-o ~) is refused
                    // without walking all of it.
                    if foreign.len() == MAX_FOREIGN {
                        break;
                    }
                }
            }
        }
        if !reviewed.is_empty() {
            return Err(Error::new(format!(
                "{} holds reviewed annotations ({}); extract -o never writes there",
                root.display(),
                some(&reviewed)
            ))
            .with_hint(
                "write predictions to a folder of their own, e.g. -o predictions; \
                 drafts of annotations are made by `jingwang annotate`",
            ));
        }
        if !foreign.is_empty() {
            let count = match foreign.len() {
                1 => "1 file".to_string(),
                MAX_FOREIGN => format!("{MAX_FOREIGN} or more files"),
                n => format!("{n} files"),
            };
            return Err(Error::new(format!(
                "{} holds {count} extract -o did not write ({}); not writing into it",
                root.display(),
                some(&foreign)
            ))
            .with_hint(
                "give a new or empty folder, or one an earlier extract -o wrote \
                 (with its files unchanged)",
            ));
        }
        // The manifest starts again from what is there, then grows as
        // this run writes.
        let mut lines = String::from(MANIFEST_HEADER);
        let mut paths: Vec<_> = ours.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        for (rel, hashes) in paths {
            for hash in hashes {
                lines.push_str(&manifest_line(rel, *hash));
            }
        }
        let manifest = root.join(MANIFEST);
        replace_own(&manifest, lines.as_bytes()).map_err(cannot)?;
        let manifest = open_append(&manifest).map_err(cannot)?;
        Ok(OutputDir {
            root: root.to_path_buf(),
            ours,
            manifest,
        })
    }

    /// Writes one output file (a path under the folder).
    pub fn write(&self, path: &Path, contents: &[u8]) -> std::io::Result<()> {
        let rel = relative(&self.root, path);
        let hash = fnv1a(contents);
        // Listed before it exists: a run killed in between leaves a file
        // the next run still knows as its own.
        (&self.manifest).write_all(manifest_line(&rel, hash).as_bytes())?;
        if let Some(hashes) = self.ours.get(&rel) {
            let replaced = replace_if(path, contents, Durability::Cached, |old| {
                hashes.contains(&fnv1a(old))
            });
            match replaced {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                other => return other,
            }
        }
        create_new(path, contents, Durability::Cached).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                std::io::Error::new(
                    e.kind(),
                    "it appeared after this run started; not replacing it",
                )
            } else {
                e
            }
        })
    }
}

/// `path` relative to `root`, `/`-separated, as the manifest lists it.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// A few names of a list, for a message.
fn some(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    match names.len() - shown.len() {
        0 => shown.join(", "),
        more => format!("{}, and {more} more", shown.join(", ")),
    }
}

/// An annotation a person has reviewed: a `status: reviewed` line.
fn is_reviewed(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes).lines().any(|line| {
        let line = line.trim_end();
        line.strip_prefix("status:")
            .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\''))
            == Some("reviewed")
    })
}

/// FNV-1a, 64 bits: enough to tell a file we wrote from one changed since
/// (not a defence against someone forging one).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    path: String,
    fnv1a: String,
}

fn manifest_line(rel: &str, hash: u64) -> String {
    let entry = Entry {
        path: rel.to_string(),
        fnv1a: format!("{hash:016x}"),
    };
    serde_json::to_string(&entry).unwrap_or_default() + "\n"
}

/// Every hash the manifest lists for each path; a line that does not
/// parse counts for nothing (its file is then foreign: safe).
fn read_manifest(path: &Path) -> HashMap<String, HashSet<u64>> {
    let mut written: HashMap<String, HashSet<u64>> = HashMap::new();
    let text = std::fs::read_to_string(path).unwrap_or_default();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Ok(entry) = serde_json::from_str::<Entry>(line) else {
            continue;
        };
        if let Ok(hash) = u64::from_str_radix(&entry.fnv1a, 16) {
            written.entry(entry.path).or_default().insert(hash);
        }
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviewed_is_a_status_line() {
        for (text, reviewed) in [
            ("status: reviewed\nfacts: []\n", true),
            ("# c\nstatus: \"reviewed\"\n", true),
            ("status: draft\n", false),
            ("  - quote: status: reviewed\n", false),
        ] {
            assert_eq!(is_reviewed(text.as_bytes()), reviewed, "{text}");
        }
    }

    #[test]
    fn a_folder_of_ours_is_claimed_again_and_an_edited_file_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        let out = OutputDir::claim(&root).unwrap();
        out.write(&root.join("a/b.yaml"), b"one").unwrap();
        drop(out);
        let out = OutputDir::claim(&root).unwrap();
        out.write(&root.join("a/b.yaml"), b"two").unwrap();
        drop(out);
        assert_eq!(std::fs::read(root.join("a/b.yaml")).unwrap(), b"two");
        std::fs::write(root.join("a/b.yaml"), "edited by hand").unwrap();
        let err = OutputDir::claim(&root).err().unwrap();
        assert!(err
            .message
            .contains("1 file extract -o did not write (a/b.yaml)"));
    }
}
