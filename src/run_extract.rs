//! Placeholder for the `run_extract` command.

use crate::cli::ExtractArgs;
use crate::error::{Error, Result};
use std::process::ExitCode;

pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    let _ = args;
    Err(Error::new("not implemented yet"))
}
