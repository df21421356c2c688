//! Placeholder for the `annotate` command.

use crate::cli::AnnotateArgs;
use crate::error::{Error, Result};
use std::process::ExitCode;

pub fn run(args: &AnnotateArgs) -> Result<ExitCode> {
    let _ = args;
    Err(Error::new("not implemented yet"))
}
