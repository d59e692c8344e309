//! The one test binary of this sample: end-to-end tests against a real dev server and the
//! replay test, as modules (one linked binary keeps the build small).

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
