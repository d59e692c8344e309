//! The activities: stand-ins for an update's work and for the compensations.

use std::{sync::Arc, time::Duration};

use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

// ANCHOR: lesson
/// The activities. Each takes `work` (the Python samples' one second), or stops early when its
/// cancellation arrives.
#[derive(Debug, Clone)]
pub struct HandlerActivities {
    /// How long each activity works.
    pub work: Duration,
}

impl Default for HandlerActivities {
    fn default() -> Self {
        Self {
            work: Duration::from_secs(1),
        }
    }
}

impl HandlerActivities {
    async fn work(&self, ctx: &ActivityContext, what: &str) -> Result<(), ActivityError> {
        tracing::info!("{what}: started");
        tokio::select! {
            () = tokio::time::sleep(self.work) => {
                tracing::info!("{what}: done");
                Ok(())
            }
            () = ctx.cancelled() => {
                tracing::info!("{what}: cancelled");
                Err(ActivityError::cancelled())
            }
        }
    }
}

#[activities]
impl HandlerActivities {
    /// The update handler's own work.
    #[activity(name = "activity_executed_by_update_handler")]
    pub async fn update_work(self: Arc<Self>, ctx: ActivityContext) -> Result<(), ActivityError> {
        self.work(&ctx, "update work").await
    }

    /// Undoes the update handler's work when the workflow exits early.
    #[activity(name = "activity_executed_by_update_handler_to_perform_compensation")]
    pub async fn update_compensation(
        self: Arc<Self>,
        ctx: ActivityContext,
    ) -> Result<(), ActivityError> {
        self.work(&ctx, "update compensation").await
    }

    /// Undoes the workflow's work when it fails or is cancelled.
    #[activity(name = "activity_executed_to_perform_workflow_compensation")]
    pub async fn workflow_compensation(
        self: Arc<Self>,
        ctx: ActivityContext,
    ) -> Result<(), ActivityError> {
        self.work(&ctx, "workflow compensation").await
    }
}
// ANCHOR_END: lesson
