//! # Auto-heartbeat
//!
//! A long-running activity should *heartbeat*: report to the server, more often than its
//! heartbeat timeout, that it is alive. Temporal then notices a dead worker within the heartbeat
//! timeout instead of the (much longer) start-to-close timeout, and the heartbeat's answer is how
//! a cancellation reaches the activity. Writing the heartbeat into every activity's own code is
//! noise; [`activities::auto_heartbeat`] wraps any activity's work and heartbeats at half the
//! heartbeat timeout for it — the Rust version of the Python sample's `@auto_heartbeater`
//! decorator.
//!
//! The activity here waits until it is cancelled; the workflow starts it with a 2 s heartbeat
//! timeout and cancels it when signalled. With the wrapper, the activity stays alive as long as it
//! takes and hears the cancellation; without it (the worker serves that version on a second task
//! queue), the activity times out after 2 s and the workflow fails.
//!
//! Read on: [`activities`] (the wrapper), [`workflows`], then [`client`].
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p auto_heartbeat worker
//! cargo run -p auto_heartbeat starter
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use temporalio_sdk::WorkerOptions;

pub use activities::WaitActivities;
pub use workflows::WaitForCancelWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "custom_decorator-task-queue";
/// The task queue of the activity without the wrapper (not in the Python sample).
pub const NO_HEARTBEAT_TASK_QUEUE: &str = "custom_decorator-no-heartbeat-task-queue";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "custom_decorator-workflow-id";

/// Worker options: the workflow and the activity, with or without the automatic heartbeat.
pub fn worker_options(task_queue: &str, auto_heartbeat: bool) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<WaitForCancelWorkflow>()?
        .register_activities(WaitActivities { auto_heartbeat })
        .build())
}
