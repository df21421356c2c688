//! The `validate` command: runs the validator (`annotation::check`) and
//! prints every problem with file, line and column; the exit code is decided
//! at the end from the tally.

use crate::annotation::check::{summary, validate_many, Outcome};
use crate::cli::ValidateArgs;
use crate::error::Result;
use std::process::ExitCode;

/// The command: prints every diagnostic and a summary line; exit 1 on any
/// error (or warning with `--strict`).
pub fn run(args: &ValidateArgs) -> Result<ExitCode> {
    let mut out = Outcome::default();
    if args.files.is_empty() {
        for root in args.layout.roots()? {
            out.absorb(validate_many(&root.layout, &[])?);
        }
    } else {
        for file in &args.files {
            let layout = args.layout.root_of(file)?;
            out.absorb(validate_many(&layout, std::slice::from_ref(file))?);
        }
    }
    let mut text = String::new();
    for d in &out.diagnostics {
        text.push_str(&d.render());
        text.push('\n');
    }
    text.push_str(&summary(&out));
    text.push('\n');
    crate::cli::print(&text)?;
    let failed = out.tally.errors > 0 || (args.strict && out.tally.warnings > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
