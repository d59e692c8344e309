//! # Updatable timer
//!
//! A workflow that sleeps until a wake-up time that can change while it sleeps. A durable timer
//! cannot be moved once started, so the workflow races the timer against a condition — "the
//! wake-up time changed" — and when the condition wins it cancels the timer and starts a new one
//! for the new time. A signal moves the wake-up time (earlier or later); a query reads it.
//!
//! Reach for it for deadlines that change: a reminder the user snoozes, an SLA that is
//! extended, a retry that an operator wants to run now.
//!
//! Names match the Python sample `updatable_timer` (workflow type `Workflow`, signal
//! `update_wake_up_time`, query `get_wake_up_time`, times as Unix seconds in a float), so its
//! starter and updater drive this worker.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p updatable_timer worker
//! cargo run -p updatable_timer starter
//! ```

pub mod client;
pub mod support;
pub mod workflows;

use temporalio_sdk::WorkerOptions;

pub use workflows::UpdatableTimerWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "updatable-timer";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "updatable-timer-workflow";

/// Worker options: the workflow (it needs no activities).
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<UpdatableTimerWorkflow>()?
        .build())
}
