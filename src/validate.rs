//! Placeholder for the `validate` command.

use crate::cli::ValidateArgs;
use crate::error::{Error, Result};
use std::process::ExitCode;

pub fn run(args: &ValidateArgs) -> Result<ExitCode> {
    let _ = args;
    Err(Error::new("not implemented yet"))
}
