//! The one test binary of this sample: end-to-end tests against a real dev server with the
//! Python Nexus handler as a real process, and the replay test of the recorded histories.

mod end_to_end;

samples_helper::replay_test!(
    at_least = 2,
    [nexus::CallerWorkflow, nexus::HelloCallerWorkflow]
);
