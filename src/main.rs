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

/// Freed memory kept for reuse until the process ends, not handed back to the system after
/// 10 ms (mimalloc's default): a run frees and retakes gigabytes phase after phase, and every
/// page handed back is faulted in and zeroed again. On the national run this cuts the kernel's
/// time from 2.0-2.8 s to 1.35-1.85 s for ~300 MB more at the peak (still under 2.5 GB).
fn keep_freed_memory() {
    /// `mi_option_purge_delay` in mimalloc's `mi_option_e` (the same in its v2 and v3).
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets one of mimalloc's options, before any thread is started.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}

fn main() -> ExitCode {
    no_huge_pages();
    keep_freed_memory();
    let cli = sakip::cli::Cli::parse();
    let result = sakip::cli::run(cli);
    let code = sakip::cli::exit_code(&result);
    // Input problems were printed in the user's language by the command itself.
    match result {
        Ok(()) | Err(sakip::Error::Input(_)) => {}
        Err(e) => {
            use std::io::Write as _;
            // Standard error closed early (`2>&1 | head`) is no reason to panic.
            let _ = writeln!(std::io::stderr(), "sakip: {:#}", anyhow::Error::from(e));
        }
    }
    ExitCode::from(code)
}
