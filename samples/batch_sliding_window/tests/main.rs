//! The one test binary: its modules are folders (`end_to_end/mod.rs`), so Cargo builds no other.

mod end_to_end;

// Counts the heap, for the test that a worker frees every run.
#[global_allocator]
static HEAP: samples_helper::testing::heap::Counting = samples_helper::testing::heap::Counting;

samples_helper::replay_test!(
    at_least = 1,
    [
        batch_sliding_window::ProcessBatchWorkflow,
        batch_sliding_window::SlidingWindowWorkflow,
        batch_sliding_window::RecordProcessorWorkflow
    ]
);
