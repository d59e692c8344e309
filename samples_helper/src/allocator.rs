//! Not part of any lesson: a glibc allocator setting that a long-running worker wants.
//!
//! The SDK gzips every gRPC message by default (tonic, with flate2's pure-Rust backend). Each
//! message gets a fresh compressor, about 300 KB of tables and buffers, freed again when the
//! message is sent. With glibc's defaults, free memory above 128 KiB at the top of a heap goes
//! back to the kernel at once, so the next message faults the same pages in again: a greeting
//! worker spent about 15 % of its CPU on that (`cargo xtask bench`, bench/RESULTS.md). Keeping up
//! to a few MiB of freed memory per heap avoids it, at a price in resident memory that stays
//! flat: +0.6 MiB for the greeting worker, and the batch worker's peak at 36–44 MiB from 1,000
//! records on (24 MiB at 1,000 and 48 MiB at 10,000 records without it).
//!
//! Only glibc on Linux has these knobs (`mallopt`); elsewhere this does nothing. A process
//! started with glibc's own malloc settings in its environment (`MALLOC_TRIM_THRESHOLD_`,
//! `MALLOC_MMAP_THRESHOLD_`, or `glibc.malloc` tunables in `GLIBC_TUNABLES`) keeps those.

use std::sync::Once;

/// Freed memory kept for reuse before glibc returns it to the kernel.
const TRIM_THRESHOLD: usize = 8 << 20;
/// Allocations at least this large get their own mapping. Setting the trim threshold turns off
/// glibc's self-adjusting mapping threshold, so it is set too, to where that would go: half the
/// trim threshold.
const MMAP_THRESHOLD: usize = 4 << 20;

/// Applies the setting once per process (later calls do nothing).
pub(crate) fn keep_freed_memory_for_reuse() {
    static ONCE: Once = Once::new();
    ONCE.call_once(set);
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn set() {
    let configured = ["MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_"]
        .iter()
        .any(|name| std::env::var_os(name).is_some())
        || std::env::var("GLIBC_TUNABLES").is_ok_and(|t| t.contains("glibc.malloc."));
    if configured {
        return;
    }
    for (option, value) in [
        (libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD),
        (libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD),
    ] {
        let value = libc::c_int::try_from(value).unwrap_or(libc::c_int::MAX);
        // SAFETY: `mallopt` takes plain integers and is thread-safe (it locks the allocator's
        // arenas); a value glibc rejects makes it return 0 and changes nothing.
        if unsafe { libc::mallopt(option, value) } == 0 {
            tracing::debug!("glibc did not accept mallopt({option}, {value})");
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn set() {}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
mod tests {
    /// The calling thread's minor page faults so far.
    fn minor_faults() -> i64 {
        // SAFETY: `rusage` is plain integers, for which all zeroes is a valid value, and
        // `getrusage` only writes into the one it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let rc = unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut usage) };
        assert_eq!(rc, 0, "getrusage failed");
        usage.ru_minflt
    }

    /// What gzip does for each message: a compressor's tables and buffers (miniz_oxide's sizes),
    /// written, then freed.
    fn one_message() {
        let buffers: Vec<Vec<u8>> = [33_026, 65_536, 65_536, 65_536, 85_196]
            .iter()
            .map(|&n| vec![1u8; n])
            .collect();
        std::hint::black_box(&buffers);
    }

    #[test]
    fn freed_memory_is_reused_not_faulted_in_again() {
        super::keep_freed_memory_for_reuse();
        one_message();
        let before = minor_faults();
        for _ in 0..100 {
            one_message();
        }
        let faults = minor_faults() - before;
        assert!(
            faults < 100,
            "{faults} page faults for 100 messages: freed memory went back to the kernel \
             (with glibc's defaults: about 45 per message; malloc options in this process's \
             environment replace the helper's)"
        );
    }
}
