//! The one test binary: its modules are folders (`end_to_end/mod.rs`), so Cargo builds no other.

mod end_to_end;

samples_helper::replay_test!(at_least = 3, [entity::CustomerRewardAccount]);
