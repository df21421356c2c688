//! The `jingwang` binary: parses flags and hands them to the library.

use clap::Parser;
use jingwang::cli::{Cli, Command};
use std::io::Write;
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
        Command::Extract(a) => jingwang::cli::extract::run(a),
        Command::Validate(a) => jingwang::cli::validate::run(a),
        Command::Report(a) => jingwang::cli::report::run(a),
        Command::Diff(a) => jingwang::cli::diff::run(a),
        Command::Annotate(a) => jingwang::cli::annotate::run(a),
        Command::Schema => jingwang::cli::schema::run(),
        Command::Review(a) => jingwang::cli::review::run(a),
        Command::Serve(a) => jingwang::cli::serve::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // A full or closed stderr must not turn an error into a panic.
            let _ = writeln!(std::io::stderr(), "{e}");
            ExitCode::from(2)
        }
    }
}
