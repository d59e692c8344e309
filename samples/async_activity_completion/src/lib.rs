//! # Async activity completion
//!
//! Some activities are finished by someone else: a person approves a request, an external
//! system calls back, a batch job reports hours later. Such an activity hands its **task token**
//! to whoever will finish it and returns *without completing* (`ActivityError::WillCompleteAsync`).
//! The workflow keeps waiting. Later, anything holding the token — another process, another
//! service — **heartbeats** it (so the server knows it is still in progress), and **completes**
//! or **fails** it through the client's async activity handle.
//!
//! The worker here hands the token over in one of two ways: to a task in the same process that
//! heartbeats three times and completes it (what the Python sample does), or through a directory
//! to separate processes: `cargo run -p async_activity_completion heartbeat|complete|fail --token …`.
//!
//! Names match the Python sample `hello/hello_async_activity_completion`.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p async_activity_completion worker [--handoff-dir /tmp/handoff]
//! cargo run -p async_activity_completion starter [--handoff-dir /tmp/handoff]
//! ```

pub mod activities;
pub mod client;
pub mod support;
pub mod workflows;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use activities::{GreetingComposer, Handoff};
pub use workflows::GreetingWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "hello-async-activity-completion-task-queue";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "hello-async-activity-completion-workflow-id";

/// Input of `compose_greeting`, as in Python.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeGreetingInput {
    /// E.g. `Hello`.
    pub greeting: String,
    /// Who to greet.
    pub name: String,
}

/// What the activity leaves in the hand-off directory for another process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingActivity {
    /// The task token, base64.
    pub task_token: String,
    /// Which workflow is waiting.
    pub workflow_id: String,
    /// Which attempt this token belongs to (a retry gets a new token).
    pub attempt: u32,
    /// What to greet.
    pub input: ComposeGreetingInput,
}

/// Worker options: the workflow and the activity.
pub fn worker_options(
    task_queue: &str,
    composer: GreetingComposer,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<GreetingWorkflow>()?
        .register_activities(composer)
        .build())
}
