//! # Money transfer
//!
//! The first program a Temporal newcomer runs, done with a real bank. A `MoneyTransfer`
//! workflow withdraws from one account and deposits into another. Temporal retries each step
//! with a retry policy, stops retrying at once for errors retrying cannot fix (an unknown
//! account, insufficient funds), and when the deposit fails for good the workflow *compensates*
//! with a refund. The bank (SQLite) makes every operation idempotent by the transfer's reference
//! id, so retries and worker crashes never move money twice.
//!
//! Reach for this pattern whenever a business process spans several systems that must end up
//! consistent: each step is an activity, the compensation is an activity, and the workflow is
//! the durable record of how far it got.
//!
//! Read on: [`workflows`] (the transfer and its compensation), [`activities`] (the bank
//! calls), [`bank`] (why retries are safe), then [`client`].
//!
//! Run it (two terminals, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p money_transfer worker
//! cargo run -p money_transfer starter
//! ```
//!
//! Names match the Temporal Python tutorial, so a Python client can drive this worker.

pub mod activities;
pub mod bank;
pub mod client;
pub mod workflows;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use activities::BankActivities;
pub use bank::Bank;
pub use workflows::MoneyTransferWorkflow;

/// The task queue shared by the worker and the starter.
pub const TASK_QUEUE: &str = "TRANSFER_MONEY_TASK_QUEUE";
/// The tutorial's workflow id.
pub const WORKFLOW_ID: &str = "pay-invoice-701";

/// The workflow's (and each activity's) input, field for field as in the Python tutorial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentDetails {
    /// Account to take the money from, e.g. `85-150`.
    pub source_account: String,
    /// Account to put the money into, e.g. `43-812`.
    pub target_account: String,
    /// Amount in whole currency units.
    pub amount: i64,
    /// The caller's id for this transfer; the bank's idempotency keys derive from it.
    pub reference_id: String,
    /// Overrides the retry policy's 3 attempts (0 = retry until fixed). Absent for Python
    /// clients, and omitted from the JSON when unset, so both languages stay compatible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
}

/// Worker options for this sample: the workflow and the bank activities on `task_queue`.
pub fn worker_options(
    task_queue: &str,
    activities: BankActivities,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<MoneyTransferWorkflow>()?
        .register_activities(activities)
        .build())
}
