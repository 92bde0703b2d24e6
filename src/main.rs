//! The `sakip` binary: parse flags, run, turn the result into an exit code.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: the national run allocates and frees millions of small strings and large frames,
/// which glibc's malloc does markedly slower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = sakip::cli::Cli::parse();
    let result = sakip::cli::run(cli);
    let code = sakip::cli::exit_code(&result);
    if let Err(e) = result {
        eprintln!("sakip: {:#}", anyhow::Error::from(e));
    }
    ExitCode::from(code)
}
