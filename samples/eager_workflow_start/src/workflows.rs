//! The workflow: nothing in it is specific to eager start. Eager start changes how the first
//! workflow task reaches a worker, not what the workflow does.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{LocalActivityOptions, WorkflowContext, WorkflowResult};

use crate::activities::GreetingActivities;

// ANCHOR: lesson
/// Greets `name` through a local activity.
#[workflow]
#[derive(Default)]
pub struct EagerWorkflow;

#[workflow_methods]
impl EagerWorkflow {
    /// Returns `Hello {name}!`.
    #[run(name = "EagerWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        // A local activity runs inside the same workflow task: with an eager start, the whole
        // workflow can finish in the one task the start response delivered — the case eager
        // start is for (short workflows where the round trips dominate).
        let options = LocalActivityOptions::builder()
            .schedule_to_close_timeout(Duration::from_secs(5))
            .build();
        Ok(ctx
            .execute_local_activity(GreetingActivities::greeting, name, options)
            .await?)
    }
}
// ANCHOR_END: lesson
