//! The workflow: one activity, which someone else will complete.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, WorkflowContext, WorkflowResult};

use crate::{ComposeGreetingInput, activities::GreetingComposer};

// ANCHOR: lesson
/// Greets `name` through an asynchronously completed activity.
#[workflow]
#[derive(Default)]
pub struct GreetingWorkflow;

#[workflow_methods]
impl GreetingWorkflow {
    /// Returns whatever the activity's completer completes it with.
    #[run(name = "GreetingWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        let input = ComposeGreetingInput {
            greeting: "Hello".to_owned(),
            name,
        };
        // Nothing here knows the activity completes asynchronously. The heartbeat timeout is
        // what tells the server the completer died: it must heartbeat at least every 2 s.
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(10))
            .heartbeat_timeout(Duration::from_secs(2))
            .build();
        Ok(ctx
            .execute_activity(GreetingComposer::compose_greeting, input, options)
            .await?)
    }
}
// ANCHOR_END: lesson
