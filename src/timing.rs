//! Phase timings on standard error when the environment variable `SAKIP_TIMINGS` is set: where
//! a long run spends its time, without a profiler (`SAKIP_TIMINGS=1 sakip score ...`).

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

/// The start, the last mark, and the process's CPU time at the last mark.
type Clock = (Instant, Instant, f64);

fn state() -> Option<&'static Mutex<Clock>> {
    static STATE: OnceLock<Option<Mutex<Clock>>> = OnceLock::new();
    STATE
        .get_or_init(|| {
            std::env::var_os("SAKIP_TIMINGS")
                .map(|_| Mutex::new((Instant::now(), Instant::now(), cpu_seconds())))
        })
        .as_ref()
}

/// User and system CPU time of the process so far, over all its threads (0 where unknown): a
/// phase whose CPU time is about twice its wall time kept both cores busy.
fn cpu_seconds() -> f64 {
    usage().0
}

/// The CPU time (see [`cpu_seconds`]) and the peak resident memory so far in MiB (0 where
/// unknown).
#[cfg(target_os = "linux")]
fn usage() -> (f64, f64) {
    // SAFETY: getrusage fills the struct it is given and reads nothing else.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_SELF, &mut usage) != 0 {
            return (0.0, 0.0);
        }
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    // ru_maxrss is in KiB on Linux.
    (
        seconds(usage.ru_utime) + seconds(usage.ru_stime),
        usage.ru_maxrss as f64 / 1024.0,
    )
}

#[cfg(not(target_os = "linux"))]
fn usage() -> (f64, f64) {
    (0.0, 0.0)
}

/// Starts the clock (the first call of either function does).
pub fn start() {
    let _ = state();
}

/// Prints `label` with the time since the last mark and since the start, when timings are on.
pub fn mark(label: &str) {
    let Some(state) = state() else {
        return;
    };
    let Ok(mut times) = state.lock() else {
        return;
    };
    let (now, (cpu, peak)) = (Instant::now(), usage());
    eprintln!(
        "[sakip] {label:<28} {:>8.3} s  (at {:>8.3} s, cpu {:>7.3} s, peak {peak:>6.0} MiB)",
        (now - times.1).as_secs_f64(),
        (now - times.0).as_secs_f64(),
        cpu - times.2
    );
    (times.1, times.2) = (now, cpu);
}
