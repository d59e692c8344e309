//! The one test binary: its modules are folders (`end_to_end/mod.rs`), so Cargo builds no other.

mod bank;
mod end_to_end;
mod replay;

// The success, failure and refund histories.
samples_helper::replay_test!(at_least = 3, [money_transfer::MoneyTransferWorkflow]);
