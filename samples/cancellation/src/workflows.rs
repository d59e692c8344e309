//! The workflows.

use std::time::Duration;

use temporalio_common::RetryPolicy;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityCancellationType, ActivityExecutionError, ActivityOptions, WorkflowCancellationToken,
    WorkflowContext, WorkflowResult, WorkflowTermination,
};

use crate::{BatchInput, BatchReport, activities::CancellationActivities};

// ANCHOR: lesson
/// Runs an activity until cancelled; cleans up however the activity ended.
#[workflow]
#[derive(Default)]
pub struct CancellationWorkflow;

#[workflow_methods]
impl CancellationWorkflow {
    /// Ends CANCELED when cancelled, FAILED when the activity failed or timed out; the cleanup
    /// activity runs first in every case, like the `finally` block of the Python sample.
    #[run(name = "CancellationWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(1000))
            // Without heartbeats an activity cannot learn it was cancelled; a 2 s timeout also
            // notices a dead or stuck worker quickly.
            .heartbeat_timeout(Duration::from_secs(2))
            // Wait until the activity has actually stopped before running the cleanup.
            .cancellation_type(ActivityCancellationType::WaitCancellationCompleted)
            // A lost attempt is retried twice (on another worker, if this one is gone); after
            // that the workflow gives up and cleans up. Python's default would retry forever.
            .retry_policy(
                RetryPolicy::builder()
                    .initial_interval(Duration::from_secs(1))
                    .maximum_attempts(3)
                    .build(),
            )
            .build();
        let outcome = ctx
            .execute_activity(CancellationActivities::never_complete_activity, (), options)
            .await;

        // The `finally`: clean up whether the activity completed, failed, timed out or was
        // cancelled. Every activity inherits the workflow's cancellation by default, so after a
        // cancel a cleanup started now would be cancelled at once; a fresh token puts it out of
        // reach.
        let cleanup = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(10))
            .cancellation_token(WorkflowCancellationToken::new())
            .build();
        ctx.execute_activity(CancellationActivities::cleanup_activity, (), cleanup)
            .await?;

        match outcome {
            Ok(()) => Ok(()),
            // Report the workflow as cancelled (status CANCELED), not completed or failed.
            Err(ActivityExecutionError::Cancelled(_)) => Err(WorkflowTermination::cancelled()),
            // Cancelled too when the activity ended some other way after the request: if its
            // worker died before the activity heard of the cancel, the activity times out (the
            // server does not retry an activity whose cancellation was requested).
            Err(_) if ctx.cancellation_token().is_cancelled() => {
                Err(WorkflowTermination::cancelled())
            }
            // Anything else fails the workflow with the activity's failure as the cause.
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
// ANCHOR_END: lesson
