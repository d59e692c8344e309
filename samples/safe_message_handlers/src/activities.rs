//! The activities: a stand-in for the cluster's control plane.

use std::{
    collections::BTreeSet,
    sync::{Arc, Mutex},
    time::Duration,
};

use serde::{Deserialize, Serialize};
use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

// ANCHOR: lesson
/// Output of `start_cluster`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterState {
    /// The cluster's nodes.
    pub node_ids: Vec<String>,
}

/// Input of `assign_nodes_to_job`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignNodesToJobInput {
    /// Nodes to give the job.
    pub nodes: Vec<String>,
    /// The job.
    pub job_name: String,
}

/// Input of `unassign_nodes_for_job`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnassignNodesForJobInput {
    /// Nodes to take back.
    pub nodes: Vec<String>,
    /// The job.
    pub job_name: String,
}

/// Input of `find_bad_nodes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindBadNodesInput {
    /// Nodes to check.
    pub nodes_to_check: BTreeSet<String>,
}

/// Every assignment the control plane made, in order: (job, nodes).
pub type AssignmentLog = Arc<Mutex<Vec<(String, Vec<String>)>>>;

/// The control plane, with what the tests observe and vary injected: the calls it received,
/// and which nodes are unhealthy.
#[derive(Debug, Clone)]
pub struct ClusterActivities {
    /// How many nodes the cluster has (the Python sample's 25).
    pub nodes: usize,
    /// Nodes that fail the health check.
    pub bad_nodes: BTreeSet<String>,
    /// How long each control-plane call takes.
    pub latency: Duration,
    /// Every assignment made, in order: (job, nodes).
    pub assignments: AssignmentLog,
}

impl Default for ClusterActivities {
    fn default() -> Self {
        Self {
            nodes: 25,
            // Python picks `hash(id) % 5 == 0`, which changes from process to process; a
            // fixed set keeps runs comparable.
            bad_nodes: ["node-5", "node-13"].map(str::to_owned).into(),
            latency: Duration::from_millis(100),
            assignments: Arc::default(),
        }
    }
}

#[activities]
impl ClusterActivities {
    /// Brings the cluster up; returns its nodes.
    #[activity(name = "start_cluster")]
    pub async fn start_cluster(
        self: Arc<Self>,
        _ctx: ActivityContext,
    ) -> Result<ClusterState, ActivityError> {
        Ok(ClusterState {
            node_ids: (0..self.nodes).map(|i| format!("node-{i}")).collect(),
        })
    }

    /// Gives nodes to a job.
    #[activity(name = "assign_nodes_to_job")]
    pub async fn assign_nodes_to_job(
        self: Arc<Self>,
        _ctx: ActivityContext,
        input: AssignNodesToJobInput,
    ) -> Result<(), ActivityError> {
        tracing::info!(
            "Assigning nodes {:?} to job {}",
            input.nodes,
            input.job_name
        );
        tokio::time::sleep(self.latency).await;
        self.assignments
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((input.job_name, input.nodes));
        Ok(())
    }

    /// Takes nodes back from a job.
    #[activity(name = "unassign_nodes_for_job")]
    pub async fn unassign_nodes_for_job(
        self: Arc<Self>,
        _ctx: ActivityContext,
        input: UnassignNodesForJobInput,
    ) -> Result<(), ActivityError> {
        tracing::info!(
            "Deallocating nodes {:?} from job {}",
            input.nodes,
            input.job_name
        );
        tokio::time::sleep(self.latency).await;
        Ok(())
    }

    /// Health check: which of the nodes are unhealthy.
    #[activity(name = "find_bad_nodes")]
    pub async fn find_bad_nodes(
        self: Arc<Self>,
        _ctx: ActivityContext,
        input: FindBadNodesInput,
    ) -> Result<BTreeSet<String>, ActivityError> {
        tokio::time::sleep(self.latency).await;
        let bad: BTreeSet<String> = input
            .nodes_to_check
            .intersection(&self.bad_nodes)
            .cloned()
            .collect();
        if !bad.is_empty() {
            tracing::info!("Found bad nodes: {bad:?}");
        }
        Ok(bad)
    }
}
// ANCHOR_END: lesson
