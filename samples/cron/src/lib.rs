//! # Cron workflows
//!
//! A workflow started with a **cron schedule** (`"* * * * *"`, or `"@every 2s"`) runs once per
//! tick: when a run completes, the server starts the next one at the next tick, under the same
//! workflow id, until the workflow is terminated. Each run is a fresh execution with its own
//! history and result.
//!
//! It is the old way. **Schedules** (see the `schedules` sample) do the same and more: they can
//! be paused, described, updated, triggered and backfilled, have overlap and catch-up policies,
//! and are objects of their own rather than a property of one workflow id. Prefer them for new
//! code; this sample shows cron because existing code uses it and the Python samples have it
//! ([hello_cron.py](https://github.com/temporalio/samples-python/blob/main/hello/hello_cron.py)).
//!
//! Names match the Python sample `hello/hello_cron`.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p cron worker
//! cargo run -p cron starter [--cron "@every 2s" --runs 3]
//! ```

pub mod client;
pub mod workflows;

use temporalio_sdk::WorkerOptions;

// The activity is hello_activity's `compose_greeting` (its `async fn` form), unchanged: nothing in
// it is about cron.
pub use hello_activity::{AsyncGreetingActivities as GreetingActivities, ComposeGreetingInput};
pub use workflows::GreetingWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "hello-cron-task-queue";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "hello-cron-workflow-id";
/// The Python sample's schedule: every minute.
pub const EVERY_MINUTE: &str = "* * * * *";

/// Worker options: the workflow and its activity.
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<GreetingWorkflow>()?
        .register_activities(GreetingActivities)
        .build())
}
