//! The `schema` command: prints the JSON Schema of the annotation format
//! (`model::schema`), the file the repository keeps in
//! `docs/annotation.schema.json` and drafts name for editors.

use crate::error::Result;
use crate::model::schema::json_schema;
use std::process::ExitCode;

/// Runs the `schema` command.
pub fn run() -> Result<ExitCode> {
    crate::cli::print(&json_schema())?;
    Ok(ExitCode::SUCCESS)
}
