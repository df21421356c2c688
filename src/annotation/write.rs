//! File writes that never leave a half-written file behind.
//!
//! **Invariant:** every file jingwang writes goes through [`write_atomic`]:
//! a temporary file in the same folder, flushed, then renamed over the
//! target, so an interrupted run leaves either the old file or the new one.

use std::io::Write;
use std::path::Path;

/// Writes `contents` to `path` atomically, creating parent folders.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".jingwang-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_file_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.yaml");
        write_atomic(&path, "old".as_bytes()).unwrap();
        write_atomic(&path, "new".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
