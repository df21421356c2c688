//! Walking a folder for the files of one extension, in sorted order, as
//! the caller asks for more.
//!
//! **Invariant:** files come depth first with each folder's entries sorted
//! by name (bytes), links followed, every folder read once; an entry that
//! cannot be read, a link back to a folder that contains it (a loop), and
//! a `.EXT` name that is not a regular file (a pipe that could block the
//! run for ever) are errors in their place, and the walk goes on.
//!
//! Why not walkdir: sorting by name there takes each entry's name apart
//! from its path at every comparison, which on a folder of thousands of
//! small documents cost more than reading them. Here the names are kept
//! as they come from the folder and compared as bytes.

use std::ffi::OsString;
use std::fs::FileType;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// What the walk finds: a file, or an error at a path.
pub type Found = Result<PathBuf, (PathBuf, String)>;

/// The files under `root` whose names end in `.EXT`.
pub fn files(root: &Path, ext: &str) -> Walk {
    let mut walk = Walk {
        suffix: format!(".{ext}").into_bytes(),
        stack: Vec::new(),
        errors: Vec::new(),
    };
    walk.enter(root.to_path_buf(), Vec::new());
    walk
}

pub struct Walk {
    suffix: Vec<u8>,
    /// The folders being read, innermost last.
    stack: Vec<Folder>,
    /// Errors met on entering a folder, given out before its entries.
    errors: Vec<(PathBuf, String)>,
}

struct Folder {
    path: PathBuf,
    /// Sorted entries, reversed (the next one is popped from the end).
    entries: Vec<(OsString, Option<FileType>)>,
    /// Device and inode of this folder and the folders above it.
    ancestry: Vec<(u64, u64)>,
}

impl Walk {
    /// Reads the folder at `path` onto the stack, or records why not.
    fn enter(&mut self, path: PathBuf, mut ancestry: Vec<(u64, u64)>) {
        let id = match std::fs::metadata(&path) {
            Ok(meta) => (meta.dev(), meta.ino()),
            Err(e) => return self.errors.push((path, format!("cannot read: {e}"))),
        };
        if ancestry.contains(&id) {
            let reason = "a link to a folder that contains it (a loop); not followed".to_string();
            return self.errors.push((path, reason));
        }
        ancestry.push(id);
        let reader = match std::fs::read_dir(&path) {
            Ok(reader) => reader,
            Err(e) => return self.errors.push((path, format!("cannot read: {e}"))),
        };
        let mut entries = Vec::new();
        for entry in reader {
            match entry {
                Ok(entry) => entries.push((entry.file_name(), entry.file_type().ok())),
                Err(e) => self
                    .errors
                    .push((path.clone(), format!("cannot read: {e}"))),
            }
        }
        entries.sort_unstable_by(|a, b| b.0.as_bytes().cmp(a.0.as_bytes()));
        self.stack.push(Folder {
            path,
            entries,
            ancestry,
        });
    }
}

impl Iterator for Walk {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            if let Some(error) = self.errors.pop() {
                return Some(Err(error));
            }
            let folder = self.stack.last_mut()?;
            let Some((name, file_type)) = folder.entries.pop() else {
                self.stack.pop();
                continue;
            };
            let path = folder.path.join(&name);
            // A link is followed: what it leads to decides.
            let (is_dir, is_file) = match file_type {
                Some(t) if !t.is_symlink() => (t.is_dir(), t.is_file()),
                _ => match std::fs::metadata(&path) {
                    Ok(meta) => (meta.is_dir(), meta.is_file()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        let reason = "a link to nothing (its target does not exist); skipped";
                        return Some(Err((path, reason.to_string())));
                    }
                    Err(e) => return Some(Err((path, format!("cannot read: {e}")))),
                },
            };
            if is_dir {
                let ancestry = folder.ancestry.clone();
                self.enter(path, ancestry);
            } else if has_suffix(name.as_bytes(), &self.suffix) {
                if is_file {
                    return Some(Ok(path));
                }
                // Reading a pipe could wait forever: named, not read.
                let reason = "not a regular file (a pipe, socket or device); skipped";
                return Some(Err((path, reason.to_string())));
            }
        }
    }
}

/// Whether `name` ends in `suffix` after at least one character, as
/// `Path::extension` has it (`.txt` alone is a hidden file, not a text).
fn has_suffix(name: &[u8], suffix: &[u8]) -> bool {
    name.len() > suffix.len() && name.ends_with(suffix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStringExt;

    /// What the walk gives for a tree, as relative paths (errors marked).
    fn check(make: impl FnOnce(&Path)) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        make(dir.path());
        files(dir.path(), "txt")
            .map(|found| match found {
                Ok(p) => p.strip_prefix(dir.path()).unwrap().display().to_string(),
                Err((p, reason)) => format!(
                    "error {}: {reason}",
                    p.strip_prefix(dir.path()).unwrap().display()
                ),
            })
            .collect()
    }

    fn touch(root: &Path, name: &str) {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "x").unwrap();
    }

    #[test]
    fn files_come_depth_first_in_byte_order() {
        let got = check(|root| {
            for name in [
                "b.txt",
                "a/z.txt",
                "a/b/c.txt",
                "B.txt",
                "a.txt",
                "c.md",
                "é.txt",
                "a/.txt",
            ] {
                touch(root, name);
            }
        });
        assert_eq!(
            got,
            ["B.txt", "a/b/c.txt", "a/z.txt", "a.txt", "b.txt", "é.txt"]
        );
    }

    #[test]
    fn links_are_followed_and_loops_reported() {
        let got = check(|root| {
            touch(root, "real/x.txt");
            std::os::unix::fs::symlink(root.join("real"), root.join("link")).unwrap();
            std::os::unix::fs::symlink(root, root.join("real/up")).unwrap();
            std::os::unix::fs::symlink(root.join("nowhere"), root.join("dangling.txt")).unwrap();
            let fifo = std::ffi::CString::new(root.join("pipe.txt").into_os_string().into_vec());
            // SAFETY: a valid NUL-terminated path; mkfifo only reads it.
            assert_eq!(unsafe { libc::mkfifo(fifo.unwrap().as_ptr(), 0o644) }, 0);
        });
        assert_eq!(
            got[0],
            "error dangling.txt: a link to nothing (its target does not exist); skipped"
        );
        assert!(
            got[1].starts_with("error link/up: a link to a folder that contains it"),
            "{got:?}"
        );
        assert_eq!(got[2], "link/x.txt");
        assert_eq!(
            got[3],
            "error pipe.txt: not a regular file (a pipe, socket or device); skipped"
        );
        assert!(
            got[4].starts_with("error real/up: a link to a folder"),
            "{got:?}"
        );
        assert_eq!(got[5], "real/x.txt");
        assert_eq!(got.len(), 6);
    }
}
