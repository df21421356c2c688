//! Reading source documents: bytes in, decoded text out.
//!
//! **Invariant:** the text returned here is the text every span counts in:
//! decoded, byte-order mark removed, nothing else changed (line endings kept).

use std::fmt;
use std::path::{Path, PathBuf};

/// A source document that could not be read or decoded.
#[derive(Debug)]
pub struct SourceError {
    pub path: PathBuf,
    pub reason: String,
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for SourceError {}

/// Reads and decodes a source file.
pub fn read_source(path: &Path) -> Result<String, SourceError> {
    let bytes = std::fs::read(path).map_err(|e| SourceError {
        path: path.to_path_buf(),
        reason: format!("cannot read: {e}"),
    })?;
    decode(&bytes).map_err(|reason| SourceError { path: path.to_path_buf(), reason })
}

/// Decodes source bytes; UTF-8 with or without BOM.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| format!("not valid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
}
