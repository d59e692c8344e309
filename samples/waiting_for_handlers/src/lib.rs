//! # Waiting for handlers, and compensating when the workflow exits early
//!
//! An update handler that runs an activity is still working while the workflow's main code
//! carries on. If the main code returns, fails or is cancelled meanwhile, the workflow closes
//! and the update's caller gets an error instead of its answer — unless the workflow **waits for
//! all handlers to finish** before it exits, on every exit path. That is
//! `WaitingForHandlersWorkflow`.
//!
//! Sometimes a handler's half-done work must be undone when the workflow exits early.
//! `WaitingForHandlersAndCompensationWorkflow` races each update's own work against "the
//! workflow is exiting with an error": if the exit wins, the update compensates its work and
//! fails with a clear message; the workflow then waits for the handlers and runs its own
//! compensation before it fails or ends cancelled.
//!
//! In Rust, an `Err` returned from the workflow function is a workflow *exit* (failure or
//! cancellation); a panic is a workflow *task* failure, which Temporal retries and which must
//! not trigger waiting or compensation — so the waiting happens on the `Err` path, not in a
//! drop guard. Names match the Python samples `message_passing/waiting_for_handlers` and
//! `…_and_compensation`.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p waiting_for_handlers worker
//! cargo run -p waiting_for_handlers starter
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use serde::{Deserialize, Serialize};
use serde_repr::{Deserialize_repr, Serialize_repr};
use temporalio_sdk::WorkerOptions;

pub use activities::HandlerActivities;
pub use workflows::{WaitingForHandlersAndCompensationWorkflow, WaitingForHandlersWorkflow};

/// Task queue, as in both Python samples.
pub const TASK_QUEUE: &str = "my-task-queue";
/// Workflow id, as in both Python samples.
pub const WORKFLOW_ID: &str = "my-workflow-id";

/// How the workflow's main code ends. On the wire it is the integer of Python's `IntEnum`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize_repr, Deserialize_repr)]
#[repr(u8)]
pub enum WorkflowExitType {
    /// Returns a result.
    Success = 0,
    /// Fails with an application error.
    Failure = 1,
    /// Waits until the client cancels it.
    Cancellation = 2,
}

impl WorkflowExitType {
    /// All three, in the order the starters run them.
    pub const ALL: [WorkflowExitType; 3] = [Self::Success, Self::Failure, Self::Cancellation];
}

/// Workflow input, as in Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowInput {
    /// How the main code ends.
    pub exit_type: WorkflowExitType,
}

/// Workflow result, as in Python.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowResult {
    /// `workflow-result`.
    pub data: String,
}

/// Worker options: both workflows and their activities.
pub fn worker_options(
    task_queue: &str,
    activities: HandlerActivities,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<WaitingForHandlersWorkflow>()?
        .register_workflow::<WaitingForHandlersAndCompensationWorkflow>()?
        .register_activities(activities)
        .build())
}
