//! The `jingwang` binary: parses flags and hands them to the library.

use clap::Parser;
use jingwang::cli::{Cli, Command};
use std::process::ExitCode;

/// mimalloc rather than the system allocator: extraction makes a few dozen
/// vectors and strings per document, and glibc's malloc and free were
/// about a twelfth of extraction time (callgrind); mimalloc's thread-local
/// free lists also suit the rayon workers of a directory run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Extract(a) => jingwang::run_extract::run(a),
        Command::Validate(a) => jingwang::validate::run(a),
        Command::Report(a) => jingwang::report::run(a),
        Command::Diff(a) => jingwang::diff::run(a),
        Command::Annotate(a) => jingwang::annotate::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
