//! The activities: ask for the lock (signal-with-start needs a client, and workflow code cannot
//! hold one), and the critical section itself.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use temporalio_client::{Client, WorkflowStartOptions};
use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

use crate::workflows::{LockRequest, MutexInput, MutexWorkflow};

// ANCHOR: lesson
/// The activities, with the client they reach the lock workflow through injected.
pub struct LockActivities {
    client: Client,
    task_queue: String,
    grants_per_run: u32,
}

impl LockActivities {
    /// Activities that start lock workflows on `task_queue`, each making `grants_per_run` grants
    /// per run.
    pub fn new(client: Client, task_queue: &str, grants_per_run: u32) -> Self {
        Self {
            client,
            task_queue: task_queue.to_owned(),
            grants_per_run,
        }
    }
}

/// What the critical section gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UseResource {
    /// The resource held.
    pub resource_id: String,
    /// Who holds it.
    pub requester: String,
    /// The grant's token: a fencing token a real resource would check, refusing a holder whose
    /// lease has already passed to someone else.
    pub token: String,
    /// How long to hold it.
    pub hold_ms: u64,
}

#[activities]
impl LockActivities {
    /// Signal-with-start: queue `request` at the resource's lock workflow, starting the lock
    /// workflow if none runs. Atomic on the server, so two requesters racing to be first
    /// cannot start two locks, and retrying it is safe: a duplicate request for a requester
    /// already queued is dropped by the lock.
    #[activity(name = "request_lock")]
    pub async fn request_lock(
        self: Arc<Self>,
        _ctx: ActivityContext,
        request: LockRequest,
    ) -> Result<(), ActivityError> {
        let lock_id = crate::lock_workflow_id(&request.resource_id);
        let input = MutexInput {
            resource_id: request.resource_id.clone(),
            grants_per_run: self.grants_per_run,
            ..MutexInput::default()
        };
        let options = WorkflowStartOptions::new(self.task_queue.as_str(), lock_id).build();
        self.client
            .signal_with_start_workflow(
                MutexWorkflow::run,
                input,
                MutexWorkflow::request_lock,
                request,
                options,
            )
            .await
            .map_err(anyhow::Error::from)?;
        Ok(())
    }

    /// The critical section: only the lock's holder runs it. Here it holds the resource for a
    /// while; in an application it would write to the single-writer system.
    #[activity(name = "use_resource")]
    pub async fn use_resource(
        self: Arc<Self>,
        _ctx: ActivityContext,
        input: UseResource,
    ) -> Result<(), ActivityError> {
        tracing::info!(resource = %input.resource_id, requester = %input.requester, token = %input.token, "holding the resource");
        tokio::time::sleep(Duration::from_millis(input.hold_ms)).await;
        tracing::info!(resource = %input.resource_id, requester = %input.requester, "done with the resource");
        Ok(())
    }
}
// ANCHOR_END: lesson
