//! # Eager workflow start
//!
//! Starting a workflow normally takes two trips before any workflow code runs: the client asks
//! the server to start it, and then a worker polling the task queue picks up the first workflow
//! task. When the starter *is* a worker for that task queue — one process holding both the
//! client and the worker, sharing one connection — it can ask for an **eager start**: the server
//! puts the first workflow task in the start response, and the SDK hands it straight to the
//! worker in this process. No poll, no matching-service round trip; lower latency for short
//! workflows started by the service that runs them.
//!
//! Eager start is a request, not a promise: without a worker for that task queue on the same
//! client (or with no free workflow-task slot), the SDK quietly asks for a normal start, and
//! any worker polling the queue runs the workflow. The history tells which happened.
//!
//! Names match the Python sample `eager_wf_start` (`EagerWorkflow`, the local activity
//! `greeting`, `eager-wf-start-task-queue`).
//!
//! Run it (with `temporal server start-dev` running): the starter runs its own worker, as the
//! Python sample's `run.py` does.
//!
//! ```text
//! cargo run -p eager_workflow_start starter
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use temporalio_sdk::WorkerOptions;

pub use activities::GreetingActivities;
pub use workflows::EagerWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "eager-wf-start-task-queue";
/// Prefix of the workflow ids, as in the Python sample (`eager-workflow-id-<uuid>`).
pub const WORKFLOW_ID_PREFIX: &str = "eager-workflow-id";

/// Worker options: the workflow and its local activity.
///
/// A worker built from these options on the starter's own client is what makes an eager start
/// possible: the SDK registers every worker with the client it was built from, and the client
/// reserves a workflow-task slot on it before sending the start request.
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<EagerWorkflow>()?
        .register_activities(GreetingActivities)
        .build())
}
