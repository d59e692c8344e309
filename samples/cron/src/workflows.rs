//! The workflow: nothing in it knows it runs on a cron schedule.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, WorkflowContext, WorkflowResult};

use crate::{ComposeGreetingInput, GreetingActivities};

// ANCHOR: lesson
/// Composes a greeting once per cron tick.
#[workflow]
#[derive(Default)]
pub struct GreetingWorkflow;

#[workflow_methods]
impl GreetingWorkflow {
    /// Logs the greeting; returns nothing, as in Python. Each tick's run is a new execution.
    #[run(name = "GreetingWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<()> {
        let input = ComposeGreetingInput {
            greeting: "Hello".to_owned(),
            name,
        };
        let result = ctx
            .execute_activity(
                GreetingActivities::compose_greeting,
                input,
                ActivityOptions::start_to_close_timeout(Duration::from_secs(10)),
            )
            .await?;
        if !ctx.is_replaying() {
            tracing::info!("Result: {result}");
        }
        Ok(())
    }
}
// ANCHOR_END: lesson
