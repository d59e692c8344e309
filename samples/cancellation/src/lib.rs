//! # Cancellation
//!
//! Cancelling a workflow is a *request*: the workflow is told, and decides what to do about it.
//! `CancellationWorkflow` runs `never_complete_activity`, which heartbeats every second. When a
//! client cancels the workflow, the cancellation reaches the activity through its next heartbeat
//! and the activity stops. The workflow then runs `cleanup_activity` **in a scope the
//! cancellation does not reach** (a fresh cancellation token) — otherwise the cleanup would be
//! cancelled before it started — and finally reports itself cancelled, so its status is CANCELED.
//! The cleanup runs however the activity ended, like the Python sample's `finally`: after a
//! cancellation, a failure, or a heartbeat timeout (a worker that stopped heartbeating).
//!
//! Heartbeats carry a second lesson. `BatchWorkflow` runs `process_items`, which records its
//! progress in each heartbeat's *details*. If the worker dies mid-batch, the heartbeat timeout
//! expires, Temporal retries the activity on another worker, and the new attempt reads the last
//! recorded details and **resumes where the dead one stopped** instead of starting over.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p cancellation worker
//! cargo run -p cancellation starter          # starts, cancels after 2 s, waits
//! cargo run -p cancellation batch            # the resumable batch
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use activities::CancellationActivities;
pub use workflows::{BatchWorkflow, CancellationWorkflow};

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "hello-cancellation-task-queue";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "hello-cancellation-workflow-id";
/// Workflow id of the resumable batch.
pub const BATCH_WORKFLOW_ID: &str = "hello-cancellation-batch-workflow-id";

/// Input of `BatchWorkflow` and its `process_items` activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchInput {
    /// How many items to process (numbered from 0).
    pub items: u32,
    /// How long each item takes, in milliseconds.
    pub item_ms: u64,
}

/// What `process_items` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchReport {
    /// The attempt that finished the batch (1 = no retry was needed).
    pub attempt: u32,
    /// The first item that attempt processed: 0, or where an earlier attempt left off.
    pub resumed_from: u32,
    /// Items processed in total.
    pub items: u32,
}

/// Worker options: both workflows and their activities (whose simulated faults demonstrate
/// resuming and the cleanup after a heartbeat timeout; see the README).
pub fn worker_options(
    task_queue: &str,
    activities: CancellationActivities,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<CancellationWorkflow>()?
        .register_workflow::<BatchWorkflow>()?
        .register_activities(activities)
        .build())
}
