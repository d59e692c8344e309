//! # Local activity
//!
//! A *local activity* runs in the worker that runs the workflow, inside the workflow task,
//! instead of being scheduled on the task queue for any worker to pick up. Its result is
//! recorded in history as a single marker event rather than the three activity events
//! (scheduled, started, completed) and the extra workflow task that follow them.
//!
//! Reach for one when the work is short (well under the workflow task timeout, i.e. a few
//! seconds), needs no other worker's resources, and you call it often enough that the saved
//! round trips matter: formatting, a cache lookup, a quick call to a local service. What you trade
//! away: no task-queue routing or rate limiting, no heartbeats, and retries that run inside the
//! workflow task (long retry backoffs become timers). For anything long or remote, use a normal
//! activity.
//!
//! Read on: [`workflows`] (the local activity call), [`activities`], then [`client`].
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p local_activity worker
//! cargo run -p local_activity starter
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use temporalio_sdk::WorkerOptions;

pub use activities::{ComposeGreetingInput, GreetingActivities};
pub use workflows::GreetingWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "hello-local-activity-task-queue";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "hello-local-activity-workflow-id";

/// Worker options: the workflow and the activity it runs locally.
pub fn worker_options(
    task_queue: &str,
    activities: GreetingActivities,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<GreetingWorkflow>()?
        // Local activities are registered like any other: the worker that runs the workflow
        // must have them.
        .register_activities(activities)
        .build())
}
