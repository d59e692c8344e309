//! The workflow. Nothing in it knows about encryption: the codec works below it.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, WorkflowContext, WorkflowResult};

use crate::activities::{ReportActivities, ReportInput};

// ANCHOR: lesson
/// Greets `name`. Registered as `"Workflow"`, the name the other SDKs' samples use.
#[workflow]
#[derive(Default)]
pub struct GreetingWorkflow;

#[workflow_methods]
impl GreetingWorkflow {
    /// Returns `Hello, {name}`.
    #[run(name = "Workflow")]
    pub async fn run(_ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        Ok(format!("Hello, {name}"))
    }
}

/// Runs `compose_report`, which heartbeats and then fails: the workflow fails with the
/// activity's failure as its cause. Everything sensitive on the way — the input, the heartbeat
/// details, the failure messages — reaches the server encrypted.
#[workflow]
#[derive(Default)]
pub struct ReportWorkflow;

#[workflow_methods]
impl ReportWorkflow {
    /// Returns the report, or fails with the activity's `ReportError`.
    #[run(name = "ReportWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        input: ReportInput,
    ) -> WorkflowResult<String> {
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(30))
            .heartbeat_timeout(Duration::from_secs(10))
            .build();
        Ok(ctx
            .execute_activity(ReportActivities::compose_report, input, options)
            .await?)
    }
}
// ANCHOR_END: lesson
