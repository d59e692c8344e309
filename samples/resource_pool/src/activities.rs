//! The activities: using a resource, and asking the server which holders have ended.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use temporalio_client::{Client, WorkflowDescribeOptions, WorkflowExecutionStatus};
use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

use crate::ResourceUserWorkflow;

// ANCHOR: lesson
/// Input of `use_resource`, as Python's `UseResourceActivityInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UseResourceActivityInput {
    /// The resource held.
    pub resource: String,
    /// `first` or `second`.
    pub iteration: String,
}

/// The activities, with the client (to describe holders) and the time one use takes injected.
pub struct ResourceActivities {
    client: Client,
    use_duration: Duration,
}

impl ResourceActivities {
    /// Activities that look holders up through `client` and hold a resource for `use_duration`.
    pub fn new(client: Client, use_duration: Duration) -> Self {
        Self {
            client,
            use_duration,
        }
    }
}

#[activities]
impl ResourceActivities {
    /// Uses the resource for a while: only its current holder calls this.
    #[activity(name = "use_resource")]
    pub async fn use_resource(
        self: Arc<Self>,
        ctx: ActivityContext,
        input: UseResourceActivityInput,
    ) -> Result<(), ActivityError> {
        let user = ctx.info().workflow_id.clone().unwrap_or_default();
        tracing::info!(
            "{user} starts using {} the {} time",
            input.resource,
            input.iteration
        );
        tokio::time::sleep(self.use_duration).await;
        tracing::info!(
            "{user} done using {} the {} time",
            input.resource,
            input.iteration
        );
        Ok(())
    }

    /// Which of these holders have ended (completed, failed, terminated, timed out) or do not
    /// exist: their resources can be taken back. A holder that continued as new is running.
    #[activity(name = "ended_holders")]
    pub async fn ended_holders(
        self: Arc<Self>,
        _ctx: ActivityContext,
        holders: Vec<String>,
    ) -> Result<Vec<String>, ActivityError> {
        let mut ended = Vec::new();
        for workflow_id in holders {
            let handle = self
                .client
                .get_workflow_handle::<ResourceUserWorkflow>(workflow_id.clone());
            let running = match handle.describe(WorkflowDescribeOptions::default()).await {
                Ok(description) => description.status() == WorkflowExecutionStatus::Running,
                Err(e) if e.to_string().to_lowercase().contains("not found") => false,
                // Unsure (the server is unreachable): keep the holder, ask again next time.
                Err(e) => {
                    return Err(anyhow::anyhow!("cannot describe `{workflow_id}`: {e}").into());
                }
            };
            if !running {
                ended.push(workflow_id);
            }
        }
        Ok(ended)
    }
}
// ANCHOR_END: lesson
