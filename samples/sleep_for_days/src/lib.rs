//! # Sleep for days
//!
//! A workflow that does something every 30 days — here, sends an email — for as long as it runs,
//! until a signal tells it to stop. Each wait is a durable timer: it is recorded on the server,
//! costs nothing while it waits, and survives worker restarts and deployments, so sleeping for
//! a month is as reliable as sleeping for a second. The wait races the `complete` signal, so the
//! workflow ends promptly when told to, cancelling the timer it no longer needs.
//!
//! Reach for it for recurring work tied to one entity (a subscription's monthly email, a
//! periodic check on an account) where a schedule per entity would be heavier.
//!
//! Names match the Python sample `sleep_for_days` (`SleepForDaysWorkflow`, `send_email`,
//! `SendEmailInput{email_msg}`, signal `complete`, result `done!`). The period is an option (no
//! input means Python's 30 days), so the demo and the tests run in seconds.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p sleep_for_days worker
//! cargo run -p sleep_for_days starter
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use temporalio_sdk::WorkerOptions;

pub use activities::{EmailActivities, Outbox, SendEmailInput};
pub use workflows::{SleepForDaysInput, SleepForDaysWorkflow};

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "sleep-for-days-task-queue";
/// Workflow id prefix, as in the Python sample (which appends a UUID).
pub const WORKFLOW_ID_PREFIX: &str = "sleep-for-days-workflow-id";

/// Worker options: the workflow and the email activity.
pub fn worker_options(
    task_queue: &str,
    activities: EmailActivities,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<SleepForDaysWorkflow>()?
        .register_activities(activities)
        .build())
}
