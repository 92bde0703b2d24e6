//! The `sakip` binary: parse flags, run, turn the result into an exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = sakip::cli::Cli::parse();
    let result = sakip::cli::run(cli);
    let code = sakip::cli::exit_code(&result);
    if let Err(e) = result {
        eprintln!("sakip: {:#}", anyhow::Error::from(e));
    }
    ExitCode::from(code)
}
