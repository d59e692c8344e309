//! The workflow: start the activity with a heartbeat timeout, cancel it when signalled.

use std::time::Duration;

use temporalio_common::RetryPolicy;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityCancellationType, ActivityOptions, SyncWorkflowContext, WorkflowCancellationToken,
    WorkflowContext, WorkflowResult,
};

use crate::activities::WaitActivities;

// ANCHOR: lesson
/// Runs `wait_for_cancel_activity` until the `cancel_activity` signal cancels it.
#[workflow]
#[derive(Default)]
pub struct WaitForCancelWorkflow {
    /// Cancels the activity; the signal handler uses it.
    cancel: WorkflowCancellationToken,
}

#[workflow_methods]
impl WaitForCancelWorkflow {
    /// Returns what the activity returns once cancelled: `activity cancelled!`.
    #[run(name = "WaitForCancelWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<String> {
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(20 * 3600))
            // The activity may run for hours, but if its worker dies Temporal notices within
            // 2 s: the activity must heartbeat more often than that.
            .heartbeat_timeout(Duration::from_secs(2))
            // One attempt only, to show a heartbeat timeout failing the workflow at once.
            .retry_policy(RetryPolicy::builder().maximum_attempts(1).build())
            // Wait for the activity to acknowledge the cancellation and return its result.
            .cancellation_type(ActivityCancellationType::WaitCancellationCompleted)
            .cancellation_token(ctx.state(|s| s.cancel.clone()))
            .build();
        let result = ctx
            .execute_activity(WaitActivities::wait_for_cancel_activity, (), options)
            .await?;
        Ok(result)
    }

    /// Signal: cancel the activity.
    #[signal(name = "cancel_activity")]
    pub fn cancel_activity(&mut self, _ctx: &mut SyncWorkflowContext<Self>) {
        self.cancel.cancel();
    }
}
// ANCHOR_END: lesson
