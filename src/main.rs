//! The `jingwang` binary: parses flags and hands them to the library.

use clap::Parser;
use jingwang::cli::{Cli, Command};
use std::process::ExitCode;

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
