//! # Child workflows
//!
//! A workflow can start other workflows as its *children*. A child has its own workflow id,
//! history and retry policy, and reports its result (or failure) back to its parent. Reach for a
//! child workflow to split a large process into parts with their own histories (each under the
//! history limits), to give a part its own task queue or worker fleet, or to model an entity that
//! the parent manages. For a single step of work, an activity is simpler.
//!
//! Two parents:
//! - `GreetingWorkflow` executes `ComposeGreetingWorkflow` and awaits its result (the Python
//!   sample).
//! - `SignalChildWorkflow` *starts* `WaitForGreetingWorkflow`, which waits for a signal, keeps
//!   the handle, signals the child through it, then awaits the child's result.
//!
//! The **parent close policy** decides what happens to a child still running when its parent
//! closes (completes, fails, times out or is terminated): `Terminate` (the server's default)
//! ends it, `RequestCancel` asks it to cancel (it may clean up), `Abandon` leaves it running.
//! `SignalChildWorkflow` uses `RequestCancel`; the tests show its effect.
//!
//! Read on: [`workflows`] (the parent and its child), then [`client`].
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p child_workflow worker
//! cargo run -p child_workflow starter
//! cargo run -p child_workflow signal-child
//! ```

pub mod client;
pub mod workflows;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use workflows::{
    ComposeGreetingWorkflow, GreetingWorkflow, SignalChildWorkflow, WaitForGreetingWorkflow,
};

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "hello-child-workflow-task-queue";
/// The parent's workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "hello-child-workflow-workflow-id";
/// The child's workflow id when the parent has the default id, as in the Python sample.
pub const CHILD_WORKFLOW_ID: &str = "hello-child-workflow-workflow-child-id";
/// The id of the signal variant's parent.
pub const SIGNAL_WORKFLOW_ID: &str = "hello-child-workflow-signal-workflow-id";

/// The child's id for a parent: Python's fixed id for the sample's parent id, otherwise
/// `{parent_id}-child`, so that several parents can run at once without their children's ids
/// colliding (a workflow id is unique among running workflows).
pub fn child_id_for(parent_id: &str) -> String {
    if parent_id == WORKFLOW_ID {
        CHILD_WORKFLOW_ID.to_owned()
    } else {
        format!("{parent_id}-child")
    }
}

/// Input of `ComposeGreetingWorkflow`, as in the Python sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeGreetingInput {
    /// E.g. `Hello`.
    pub greeting: String,
    /// Who to greet.
    pub name: String,
}

/// Input of `SignalChildWorkflow`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalChildInput {
    /// Who the child greets.
    pub name: String,
    /// The greeting the parent signals to the child.
    pub greeting: String,
    /// How long the parent waits before signalling, in milliseconds (to leave time to watch the
    /// child wait, or to close the parent first and see the close policy act).
    #[serde(default)]
    pub signal_delay_ms: u64,
}

/// Worker options: both parents and both children, on one task queue.
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<GreetingWorkflow>()?
        .register_workflow::<ComposeGreetingWorkflow>()?
        .register_workflow::<SignalChildWorkflow>()?
        .register_workflow::<WaitForGreetingWorkflow>()?
        .build())
}
