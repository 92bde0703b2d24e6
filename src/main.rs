//! The `sakip` binary: parse flags, run, turn the result into an exit code.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: the national run allocates and frees millions of small strings and large frames,
/// which glibc's malloc does markedly slower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Transparent huge pages off for this process: the allocator hands memory back and takes it
/// again as frames come and go, and with huge pages every fresh 2 MB is zeroed at once. On the
/// national run this was 2-3 s of the kernel's time and about 10% of the wall time.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and only sets a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = sakip::cli::Cli::parse();
    let result = sakip::cli::run(cli);
    let code = sakip::cli::exit_code(&result);
    if let Err(e) = result {
        eprintln!("sakip: {:#}", anyhow::Error::from(e));
    }
    ExitCode::from(code)
}
