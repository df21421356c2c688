//! Safe writes: every file jingwang writes goes through this module.
//!
//! **Invariant:** no write ever loses what was on disk.
//! - A new file is made whole under a temporary name in the same folder,
//!   then linked to its name *without replacing* anything there
//!   ([`create_new`]): a file that appeared meanwhile (an annotator saving,
//!   a `git checkout`, a parallel run) is never replaced, the write fails.
//! - An existing file is replaced by *swapping* it with the new one in one
//!   step (`renameat2(RENAME_EXCHANGE)` where the system has it), so what
//!   was there is in hand afterwards, whatever happened in between: kept
//!   as a backup ([`replace_keeping_backup`], under a name taken
//!   exclusively) or checked and, if it is not what may be replaced, put
//!   back ([`replace_if`]).
//! - An interrupted run leaves the old file or the new one, never half of
//!   one (at worst a `.jingwang-*.tmp` file beside it).
//! - New files get the mode the umask gives (0644 or 0664, as any editor
//!   would make them), a replacement keeps the mode of the file it
//!   replaces.

use std::fs::{File, OpenOptions, Permissions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Whether a file must be on disk before it is linked into place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// Flushed to disk first (annotations: a power cut leaves the old
    /// version or the new one).
    Synced,
    /// Left to the page cache (outputs that can be made again: flushing
    /// each of thousands of files made `extract -o` ten to fifty times
    /// slower; a killed process still leaves only whole files).
    Cached,
}

/// The folder `path` is in, made if missing.
fn folder_of(path: &Path) -> std::io::Result<&Path> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    Ok(dir)
}

/// `contents` in a temporary file beside `path`, with `mode` (the umask's
/// when `None`).
fn temporary(
    path: &Path,
    contents: &[u8],
    mode: Option<u32>,
    durability: Durability,
) -> std::io::Result<NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".jingwang-")
        .suffix(".tmp")
        // Asked for 0666, made with what the umask leaves of it.
        .permissions(Permissions::from_mode(0o666))
        .tempfile_in(folder_of(path)?)?;
    if let Some(mode) = mode {
        tmp.as_file()
            .set_permissions(Permissions::from_mode(mode))?;
    }
    tmp.write_all(contents)?;
    if durability == Durability::Synced {
        tmp.as_file().sync_all()?;
    }
    Ok(tmp)
}

/// Creates `path` with `contents`, whole, never replacing a file that is
/// there: if one is (or appears before the link), the error is
/// `AlreadyExists` and nothing is written.
pub fn create_new(path: &Path, contents: &[u8], durability: Durability) -> std::io::Result<()> {
    create_new_with(path, contents, durability, || {})
}

/// [`create_new`], running `between` after the temporary file is written
/// and before it is linked into place: where a race would strike.
fn create_new_with(
    path: &Path,
    contents: &[u8],
    durability: Durability,
    between: impl FnOnce(),
) -> std::io::Result<()> {
    let tmp = temporary(path, contents, None, durability)?;
    between();
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// Replaces `path` (which must exist) with `contents`, keeping the replaced
/// file, exactly as it was at the moment of the swap, as the first free
/// `NAME.bak`, `NAME.bak.2`, …; returns that name. The new file keeps the
/// old one's mode.
pub fn replace_keeping_backup(path: &Path, contents: &[u8]) -> std::io::Result<PathBuf> {
    let mode = file_mode(path)?;
    let tmp = temporary(path, contents, Some(mode), Durability::Synced)?;
    if exchange(tmp.path(), path)? {
        // The temporary name now holds the old file: give it a backup name.
        let mut displaced = tmp;
        let mut n = 0;
        loop {
            n += 1;
            let backup = backup_name(path, n);
            match displaced.persist_noclobber(&backup) {
                Ok(_) => return Ok(backup),
                Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                    displaced = e.file;
                }
                Err(e) => {
                    // Put the old file back rather than lose it.
                    let _ = exchange(e.file.path(), path);
                    return Err(e.error);
                }
            }
        }
    }
    // No swap on this system: a second name for the old file first (taken
    // exclusively), then the new file renamed over the first name.
    let backup = link_backup(path)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(backup)
}

/// Replaces `path` (which must exist) with `contents` only if what it
/// holds at the moment of the swap passes `replaceable`; otherwise puts it
/// back and fails with `InvalidData`. The new file keeps the old mode.
pub fn replace_if(
    path: &Path,
    contents: &[u8],
    durability: Durability,
    replaceable: impl Fn(&[u8]) -> bool,
) -> std::io::Result<()> {
    let mode = file_mode(path)?;
    let tmp = temporary(path, contents, Some(mode), durability)?;
    let changed = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "it changed since this run started; not replacing it",
        )
    };
    if exchange(tmp.path(), path)? {
        let old = std::fs::read(tmp.path());
        if old.as_deref().is_ok_and(&replaceable) {
            // Dropping the temporary deletes the old file.
            return Ok(());
        }
        exchange(tmp.path(), path)?;
        return Err(old.err().unwrap_or_else(changed));
    }
    if !replaceable(&std::fs::read(path)?) {
        return Err(changed());
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The mode of the regular file at `path`; anything else (a folder, a
/// device) is not replaced at all.
fn file_mode(path: &Path) -> std::io::Result<u32> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(meta.permissions().mode())
}

/// Replaces `path` whatever it holds: for a file this program owns by its
/// name (the manifest of an output folder), never for one a person edits.
pub fn replace_own(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let tmp = temporary(path, contents, None, Durability::Cached)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Opens `path` for appending lines, creating it with the umask's mode.
/// Each line must go out in one `write_all` of a buffer under a few
/// kilobytes, which appends whole even from several threads.
pub fn open_append(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o666)
        .open(path)
}

/// Swaps the files at `a` and `b` in one step; false (nothing done) where
/// the system or the file system cannot.
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        use rustix::io::Errno;
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// A backup of `path` under the first free backup name, taken
/// exclusively: a second link to the same file, or where links are not
/// possible a copy made with `O_EXCL`.
fn link_backup(path: &Path) -> std::io::Result<PathBuf> {
    let mut n = 0;
    loop {
        n += 1;
        let backup = backup_name(path, n);
        match std::fs::hard_link(path, &backup) {
            Ok(()) => return Ok(backup),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => {}
        }
        let mode = std::fs::metadata(path)?.permissions().mode();
        let old = std::fs::read(path)?;
        let created = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&backup);
        match created {
            Ok(mut file) => {
                file.write_all(&old)?;
                file.sync_all()?;
                return Ok(backup);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// The `n`th backup name of `path`: `NAME.bak`, `NAME.bak.2`, …
fn backup_name(path: &Path, n: u64) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    if n == 1 {
        name.push(".bak");
    } else {
        name.push(format!(".bak.{n}"));
    }
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// The process's umask, as the kernel reports it.
    fn umask() -> u32 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("Umask:")).unwrap();
        u32::from_str_radix(line["Umask:".len()..].trim(), 8).unwrap()
    }

    #[test]
    fn a_file_that_appears_before_the_link_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        for round in 0..100 {
            let path = dir.path().join(format!("sub/{round}.yaml"));
            let result = create_new_with(&path, b"draft", Durability::Cached, || {
                std::fs::write(&path, "annotator's work").unwrap();
            });
            let err = result.unwrap_err();
            assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "annotator's work");
        }
        assert_eq!(names(&dir.path().join("sub")).len(), 100, "no temporaries");
    }

    #[test]
    fn new_files_have_the_umask_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        create_new(&path, b"x", Durability::Synced).unwrap();
        let mode = std::fs::metadata(&path).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o666 & !umask());
    }

    #[test]
    fn a_replaced_file_is_kept_as_a_backup_with_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "version 1").unwrap();
        std::fs::set_permissions(&path, Permissions::from_mode(0o664)).unwrap();
        std::fs::write(dir.path().join("a.yaml.bak"), "older").unwrap();
        let backup = replace_keeping_backup(&path, b"version 2").unwrap();
        assert_eq!(backup, dir.path().join("a.yaml.bak.2"));
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), "version 1");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "version 2");
        let older = std::fs::read_to_string(dir.path().join("a.yaml.bak"));
        assert_eq!(older.unwrap(), "older");
        assert_eq!(std::fs::metadata(&path).unwrap().mode() & 0o777, 0o664);
        assert_eq!(names(dir.path()), ["a.yaml", "a.yaml.bak", "a.yaml.bak.2"]);
    }

    #[test]
    fn a_file_that_is_not_replaceable_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "mine").unwrap();
        replace_if(&path, b"new", Durability::Cached, |old| old == b"mine").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let err = replace_if(&path, b"newer", Durability::Cached, |old| old == b"mine");
        assert_eq!(err.unwrap_err().kind(), std::io::ErrorKind::InvalidData);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(names(dir.path()), ["a.yaml"]);
    }

    #[test]
    fn the_fallback_backup_is_exclusive() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.yaml");
        std::fs::write(&path, "3").unwrap();
        std::fs::write(dir.path().join("x.yaml.bak"), "1").unwrap();
        std::fs::write(dir.path().join("x.yaml.bak.2"), "2").unwrap();
        let backup = link_backup(&path).unwrap();
        assert_eq!(backup, dir.path().join("x.yaml.bak.3"));
        assert_eq!(std::fs::read_to_string(backup).unwrap(), "3");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("x.yaml.bak")).unwrap(),
            "1"
        );
    }
}
