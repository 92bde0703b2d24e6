//! Phase timings on standard error when the environment variable `SAKIP_TIMINGS` is set: where
//! a long run spends its time, without a profiler (`SAKIP_TIMINGS=1 sakip score ...`).

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

fn state() -> Option<&'static Mutex<(Instant, Instant)>> {
    static STATE: OnceLock<Option<Mutex<(Instant, Instant)>>> = OnceLock::new();
    STATE
        .get_or_init(|| {
            std::env::var_os("SAKIP_TIMINGS").map(|_| Mutex::new((Instant::now(), Instant::now())))
        })
        .as_ref()
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
    let now = Instant::now();
    eprintln!(
        "[sakip] {label:<28} {:>8.3} s  (at {:>8.3} s)",
        (now - times.1).as_secs_f64(),
        (now - times.0).as_secs_f64()
    );
    times.1 = now;
}
