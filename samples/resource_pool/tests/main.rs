//! The one test binary of this sample: end-to-end tests against real dev servers and the replay
//! test of the recorded histories. The pool's id is fixed (`resource_pool`, see
//! `ResourceUserWorkflow`), so each end-to-end test runs on a dev server of its own.

mod end_to_end;

samples_helper::replay_test!(
    at_least = 3,
    [
        resource_pool::ResourcePoolWorkflow,
        resource_pool::ResourceUserWorkflow
    ]
);
