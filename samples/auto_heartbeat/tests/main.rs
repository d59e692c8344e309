//! The one test binary of this sample: end-to-end tests against a real dev server, the wrapper
//! in the SDK's activity test environment, and the replay test.

mod activities;
mod end_to_end;

samples_helper::replay_test!(at_least = 2, [auto_heartbeat::WaitForCancelWorkflow]);
