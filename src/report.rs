//! Placeholder for the `report` command.

use crate::cli::ReportArgs;
use crate::error::{Error, Result};
use std::process::ExitCode;

pub fn run(args: &ReportArgs) -> Result<ExitCode> {
    let _ = args;
    Err(Error::new("not implemented yet"))
}
