//! The one test binary of this sample: activity tests without a server, end-to-end tests
//! against a real dev server and the replay test, as modules (one linked binary keeps the build
//! small).

mod activities;
mod end_to_end;

samples_helper::replay_test!(
    at_least = 2,
    [
        cancellation::CancellationWorkflow,
        cancellation::BatchWorkflow
    ]
);
