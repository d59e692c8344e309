//! # Parallel activities
//!
//! A workflow can start many activities and wait for all of them at once: Temporal schedules
//! them together, any number of workers run them concurrently, and the workflow resumes when
//! the last result is in. Reach for it for fan-out work whose items are independent.
//!
//! Inside workflow code, concurrency must be deterministic. Use the SDK's `join!`, `select!`
//! and `join_all` (or plain `futures` combinators that only poll what they are given), never
//! `tokio::spawn`, `tokio::select!` or anything that depends on wall-clock readiness.
//!
//! Two workflows:
//! - `SayHelloWorkflow` greets N users at once and returns the greetings sorted.
//! - `FirstResultWorkflow` races several slow greetings, keeps the first and **cancels** the
//!   others. Dropping an activity future does not cancel the activity in the Rust SDK — it keeps
//!   running and its result is ignored — so the workflow cancels each one explicitly and waits
//!   for the cancellations to be confirmed.
//!
//! Read on: [`workflows`] (five activities at once, and the race), [`activities`], then
//! [`client`].
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p parallel_activity worker
//! cargo run -p parallel_activity starter
//! cargo run -p parallel_activity first-wins
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use temporalio_sdk::WorkerOptions;

pub use activities::{GreetingActivities, SlowGreeting};
pub use workflows::{FirstResultWorkflow, Greetees, SayHelloWorkflow};

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "hello-parallel-activity-task-queue";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "hello-parallel-activity-workflow-id";
/// Workflow id of the first-result-wins race.
pub const FIRST_WINS_WORKFLOW_ID: &str = "hello-parallel-activity-first-wins";

/// Worker options: both workflows and the greeting activities.
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<SayHelloWorkflow>()?
        .register_workflow::<FirstResultWorkflow>()?
        .register_activities(GreetingActivities)
        .build())
}
