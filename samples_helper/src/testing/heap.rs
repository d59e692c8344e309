//! Is a worker's memory bounded? A heap counter for a test binary, and a way to run one test
//! again in a process of its own, alone, so that the heap it counts is only its own.
//!
//! Install the counter in the test binary (`tests/main.rs`):
//!
//! ```ignore
//! #[global_allocator]
//! static HEAP: samples_helper::testing::heap::Counting = samples_helper::testing::heap::Counting;
//! ```
//!
//! A test then measures in a process of its own:
//!
//! ```ignore
//! #[tokio::test]
//! async fn memory_is_bounded() -> anyhow::Result<()> {
//!     if !heap::is_alone() {
//!         let printed = heap::run_alone(module_path!(), "memory_is_bounded")?;
//!         // … parse what the measuring run printed, and assert on it
//!         return Ok(());
//!     }
//!     let before = heap::live_bytes()?;
//!     // … the work
//!     println!("grew {}", heap::live_bytes()?.saturating_sub(before));
//!     Ok(())
//! }
//! ```

use std::{
    alloc::{GlobalAlloc, Layout, System},
    process::Command,
    sync::atomic::{AtomicBool, AtomicUsize, Ordering},
};

use anyhow::{Context, Result, bail};

/// The system allocator, counting the bytes it holds for the program.
pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static COUNTED: AtomicBool = AtomicBool::new(false);

// The workspace denies unsafe code; an allocator cannot be written without it. SAFETY: every
// call is forwarded to the system allocator unchanged; only counters are added.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is the system allocator's.
        allocated(unsafe { System.alloc(layout) }, layout.size())
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        allocated(unsafe { System.alloc_zeroed(layout) }, layout.size())
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE.fetch_add(new_size, Ordering::Relaxed);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        new
    }
}

/// Counts `size` bytes when the allocation `ptr` succeeded.
fn allocated(ptr: *mut u8, size: usize) -> *mut u8 {
    if !ptr.is_null() {
        LIVE.fetch_add(size, Ordering::Relaxed);
        COUNTED.store(true, Ordering::Relaxed);
    }
    ptr
}

/// The bytes the program holds on the heap now. Fails when [`Counting`] is not the binary's
/// global allocator, rather than measuring nothing.
pub fn live_bytes() -> Result<usize> {
    if !COUNTED.load(Ordering::Relaxed) {
        bail!(
            "the heap is not counted: install `samples_helper::testing::heap::Counting` as the \
             test binary's #[global_allocator]"
        );
    }
    Ok(LIVE.load(Ordering::Relaxed))
}

/// Set in the process [`run_alone`] starts.
const ALONE: &str = "SAMPLES_HELPER_TEST_ALONE";

/// Whether this process is the one [`run_alone`] started to run a test alone.
pub fn is_alone() -> bool {
    std::env::var_os(ALONE).is_some()
}

/// Runs the test `name`, defined in the module `module` (pass `module_path!()`), again in a
/// process of its own with no other test beside it, and returns what it printed. Fails, with
/// its output, when that run fails.
pub fn run_alone(module: &str, name: &str) -> Result<String> {
    // `module_path!()` starts with the test crate's name, which test names leave out.
    let path = match module.split_once("::") {
        Some((_, inner)) => format!("{inner}::{name}"),
        None => name.to_owned(),
    };
    let exe = std::env::current_exe().context("cannot find this test binary")?;
    let output = Command::new(&exe)
        .args([
            path.as_str(),
            "--exact",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env(ALONE, "1")
        .output()
        .with_context(|| format!("cannot run {} again", exe.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        bail!(
            "`{path}` failed when run alone ({}):\n{stdout}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    if !stdout.contains("1 passed") {
        bail!("`{path}` did not run when run alone:\n{stdout}");
    }
    Ok(stdout)
}
