//! The workflows.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityCancellationType, ActivityExecutionError, ActivityOptions, WorkflowCancellationToken,
    WorkflowContext, WorkflowResult, WorkflowTermination,
};

use crate::{BatchInput, BatchReport, activities::CancellationActivities};

/// Runs an activity until cancelled, then cleans up and ends as cancelled.
#[workflow]
#[derive(Default)]
pub struct CancellationWorkflow;

#[workflow_methods]
impl CancellationWorkflow {
    /// Ends CANCELED when cancelled (after the cleanup activity ran).
    #[run(name = "CancellationWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(1000))
            // Without heartbeats an activity cannot learn it was cancelled; a 2 s timeout also
            // notices a dead worker quickly.
            .heartbeat_timeout(Duration::from_secs(2))
            // Wait until the activity has actually stopped before running the cleanup.
            .cancellation_type(ActivityCancellationType::WaitCancellationCompleted)
            .build();
        match ctx
            .execute_activity(CancellationActivities::never_complete_activity, (), options)
            .await
        {
            Ok(()) => Ok(()),
            Err(ActivityExecutionError::Cancelled(_)) => {
                // Every activity inherits the workflow's cancellation by default, so a cleanup
                // started now would be cancelled at once. A fresh token puts it out of reach.
                let cleanup = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(10))
                    .cancellation_token(WorkflowCancellationToken::new())
                    .build();
                ctx.execute_activity(CancellationActivities::cleanup_activity, (), cleanup)
                    .await?;
                // Report the workflow as cancelled (status CANCELED), not completed or failed.
                Err(WorkflowTermination::cancelled())
            }
            Err(other) => Err(other.into()),
        }
    }
}

/// Runs the resumable batch activity.
#[workflow]
#[derive(Default)]
pub struct BatchWorkflow;

#[workflow_methods]
impl BatchWorkflow {
    /// Returns the report of the attempt that finished the batch.
    #[run(name = "BatchWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        input: BatchInput,
    ) -> WorkflowResult<BatchReport> {
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(600))
            // A dead worker stops heartbeating; after 2 s the attempt times out and is retried.
            .heartbeat_timeout(Duration::from_secs(2))
            .build();
        Ok(ctx
            .execute_activity(CancellationActivities::process_items, input, options)
            .await?)
    }
}
