//! The one test binary of this sample: end-to-end tests against a real dev server, the
//! activities in the SDK's test environment, and the replay test (one linked binary keeps the
//! build small).

mod activities;
mod end_to_end;

samples_helper::replay_test!(at_least = 2, [hello_activity::GreetingWorkflow]);
