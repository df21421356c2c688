//! The `schema` command: prints the JSON Schema of the annotation format
//! (`model::schema`), the file the repository keeps in
//! `docs/annotation.schema.json` and drafts name for editors.

use crate::error::{Error, Result};
use crate::model::schema::json_schema;
use std::io::Write;
use std::process::ExitCode;

/// Runs the `schema` command.
pub fn run() -> Result<ExitCode> {
    match std::io::stdout().lock().write_all(json_schema().as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::new(format!("cannot write output: {e}")))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}
