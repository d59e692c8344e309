//! The one test binary: its modules are folders (`end_to_end/mod.rs`), so Cargo builds no other.

mod end_to_end;

// The three variants register different workflows under the same type name, so each replays
// its own histories (file names starting with the variant's name) with its own registrations.
samples_helper::replay_test!(
    name = frequent_histories_replay,
    prefix = "frequent",
    at_least = 1,
    [polling::frequent::GreetingWorkflow]
);
samples_helper::replay_test!(
    name = infrequent_histories_replay,
    prefix = "infrequent",
    at_least = 1,
    [polling::infrequent::GreetingWorkflow]
);
samples_helper::replay_test!(
    name = periodic_histories_replay,
    prefix = "periodic",
    at_least = 2,
    [
        polling::periodic::GreetingWorkflow,
        polling::periodic::ChildWorkflow
    ]
);
