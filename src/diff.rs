//! Placeholder for the `diff` command.

use crate::cli::DiffArgs;
use crate::error::{Error, Result};
use std::process::ExitCode;

pub fn run(args: &DiffArgs) -> Result<ExitCode> {
    let _ = args;
    Err(Error::new("not implemented yet"))
}
