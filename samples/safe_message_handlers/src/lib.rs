//! # Safe message handlers
//!
//! `ClusterManagerWorkflow` is a long-running entity that hands out the nodes of a cluster to
//! jobs. Clients assign and delete jobs with **updates** whose handlers run activities — and an
//! `await` inside a handler lets other handlers (and the workflow's own health check) run in
//! between. Three things keep that safe:
//!
//! - a **workflow lock** around every read-modify-write of the node table, so interleaved
//!   handlers cannot hand the same node to two jobs;
//! - **idempotent updates**: a job already assigned answers with its nodes instead of assigning
//!   more, and clients give each update an *update id*, so a retried call is deduplicated by the
//!   server instead of running twice;
//! - **finishing handlers first**: before the workflow continues as new (to keep its history
//!   short) or completes, it waits until every handler has finished, and carries its state into
//!   the next run.
//!
//! Names match the Python sample `message_passing/safe_message_handlers`.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p safe_message_handlers worker
//! cargo run -p safe_message_handlers starter [--test-continue-as-new]
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use activities::ClusterActivities;
pub use workflows::ClusterManagerWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "safe-message-handlers-task-queue";
/// Workflow id prefix, as in the Python sample (which appends a UUID).
pub const WORKFLOW_ID_PREFIX: &str = "ClusterManagerWorkflow";
/// What a node assigned to no job but found unhealthy is assigned to.
pub const BAD_NODE: &str = "BAD!";

/// Everything the workflow knows, in one serializable value so it can be carried across
/// continue-as-new. Field for field as in Python (`nodes` maps a node to its job, or null).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterManagerState {
    /// The cluster is up.
    pub cluster_started: bool,
    /// The cluster is being shut down: no more assignments or deletions.
    pub cluster_shutdown: bool,
    /// Node → the job it is assigned to (`None`: free; `"BAD!"`: unhealthy).
    pub nodes: BTreeMap<String, Option<String>>,
    /// Jobs that have nodes.
    pub jobs_assigned: BTreeSet<String>,
}

/// Workflow input, as in Python.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterManagerInput {
    /// State carried from the previous run (none on the first).
    pub state: Option<ClusterManagerState>,
    /// Continue as new after ~120 history events, and health-check every second (Python's
    /// testing switch).
    pub test_continue_as_new: bool,
}

/// Workflow result, as in Python.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterManagerResult {
    /// Nodes assigned to a job when the cluster shut down.
    pub num_currently_assigned_nodes: usize,
    /// Nodes found unhealthy.
    pub num_bad_nodes: usize,
}

/// Input of the `assign_nodes_to_job` update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterManagerAssignNodesToJobInput {
    /// How many nodes the job needs.
    pub total_num_nodes: usize,
    /// The job.
    pub job_name: String,
}

/// Input of the `delete_job` update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterManagerDeleteJobInput {
    /// The job.
    pub job_name: String,
}

/// Result of the `assign_nodes_to_job` update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterManagerAssignNodesToJobResult {
    /// The job's nodes.
    pub nodes_assigned: BTreeSet<String>,
}

/// Worker options: the workflow and the cluster activities.
pub fn worker_options(
    task_queue: &str,
    activities: ClusterActivities,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<ClusterManagerWorkflow>()?
        .register_activities(activities)
        .build())
}
