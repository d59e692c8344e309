//! The one test binary of this sample: end-to-end tests against a real dev server and the
//! replay test of the recorded histories (one linked binary keeps the build small).

mod end_to_end;

samples_helper::replay_test!(
    at_least = 3,
    [mutex::MutexWorkflow, mutex::SampleWorkflowWithMutex]
);
