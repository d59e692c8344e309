//! The one test binary of this sample: end-to-end tests against a real dev server with real
//! Python workers, and the replay test of the recorded histories.

mod end_to_end;

samples_helper::replay_test!(at_least = 1, [polyglot::SayHelloWorkflow]);
