//! # Hello, activity
//!
//! The smallest complete Temporal program: a *workflow* that calls one *activity*, a *worker*
//! that runs both, and a *client* that starts the workflow and waits for its result.
//!
//! - The **workflow** ([`workflows`]) is the orchestration. Temporal records every step it
//!   takes in the workflow's history, and a worker that crashes picks up where it left off by
//!   replaying that history — so workflow code must be deterministic: no clocks, no randomness,
//!   no I/O. Anything that talks to the outside world goes in an activity.
//! - The **activity** ([`activities`]) is the side effect: an ordinary function that Temporal
//!   schedules, times out and retries. Write it as a plain `fn` (the SDK runs it on a blocking
//!   thread, like Python's `def` activity on a thread pool) or as an `async fn` (it runs on the
//!   worker's Tokio runtime, like Python's `async def`); [`activities`] says when to choose which.
//! - The **client** ([`client`]) starts the workflow by name on a task queue, and any worker
//!   polling that queue runs it.
//!
//! Read on: [`workflows`], [`activities`], then [`client`].
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p hello_activity worker            # or `worker --async` for the async activity
//! cargo run -p hello_activity starter
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use temporalio_sdk::WorkerOptions;

pub use activities::{AsyncGreetingActivities, ComposeGreetingInput, GreetingActivities};
pub use workflows::GreetingWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "hello-activity-task-queue";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "hello-activity-workflow-id";

/// Which implementation of `compose_greeting` a worker registers. Both answer to the same
/// activity name, so the workflow (and any client) cannot tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ActivityKind {
    /// [`GreetingActivities`]: a plain `fn`, run on Tokio's blocking thread pool.
    #[default]
    Blocking,
    /// [`AsyncGreetingActivities`]: an `async fn`, run on the worker's Tokio runtime.
    Async,
}

/// Worker options: the workflow and one implementation of its activity.
pub fn worker_options(task_queue: &str, kind: ActivityKind) -> anyhow::Result<WorkerOptions> {
    let options = WorkerOptions::new(task_queue).register_workflow::<GreetingWorkflow>()?;
    Ok(match kind {
        ActivityKind::Blocking => options.register_activities(GreetingActivities),
        ActivityKind::Async => options.register_activities(AsyncGreetingActivities),
    }
    .build())
}
