//! CPU time of the benchmark process, for figures that must not depend on
//! what else the (shared) machine is running. Included by the benchmarks
//! that need it with `#[path = "support/cpu_time.rs"] mod cpu_time;`.

use std::time::Duration;

/// User + system CPU time of the whole process so far (every thread, finished ones included).
pub fn cpu_time() -> Duration {
    // SAFETY: `getrusage` only writes into the zeroed struct we own.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_SELF, &mut usage) != 0 {
            return Duration::ZERO;
        }
        usage
    };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}
