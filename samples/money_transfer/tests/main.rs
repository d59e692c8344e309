//! The one test binary of this sample: end-to-end tests against a real dev server and the
//! replay test, as modules (one linked binary keeps the build small).

mod bank;
mod end_to_end;
mod replay;

// The success, failure and refund histories.
samples_helper::replay_test!(at_least = 3, [money_transfer::MoneyTransferWorkflow]);
