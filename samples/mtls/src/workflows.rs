//! The workflow: an ordinary greeting. The TLS is all in the connection.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, WorkflowContext, WorkflowResult};

use crate::activities::{ComposeGreetingInput, GreetingActivities};

// ANCHOR: lesson
/// Greets `name` through an activity.
#[workflow]
#[derive(Default)]
pub struct GreetingWorkflow;

#[workflow_methods]
impl GreetingWorkflow {
    /// Returns `Hello, {name}!`.
    #[run(name = "GreetingWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        let input = ComposeGreetingInput {
            greeting: "Hello".to_owned(),
            name,
        };
        Ok(ctx
            .execute_activity(
                GreetingActivities::compose_greeting,
                input,
                ActivityOptions::start_to_close_timeout(Duration::from_secs(10)),
            )
            .await?)
    }
}
// ANCHOR_END: lesson
