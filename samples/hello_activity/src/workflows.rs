//! The workflow: call the activity, return what it returns.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, WorkflowContext, WorkflowResult};

use crate::activities::{ComposeGreetingInput, GreetingActivities};

// ANCHOR: lesson
/// Greets `name` by way of the `compose_greeting` activity.
#[workflow]
#[derive(Default)]
pub struct GreetingWorkflow;

#[workflow_methods]
impl GreetingWorkflow {
    /// Returns `Hello, {name}!`.
    //
    // The type name is set explicitly (the SDK's default is the struct's name): clients and
    // workers in other languages find the workflow by this name, as Python's `GreetingWorkflow`.
    #[run(name = "GreetingWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        // Workflow code re-runs whenever a worker replays the history (after a restart, or when
        // its cache evicted the workflow), so log only when not replaying: the line appears
        // once, not once per replay.
        if !ctx.is_replaying() {
            tracing::info!("Running workflow with parameter {name}");
        }
        // Every activity call needs a timeout. Start-to-close bounds one attempt: if a worker
        // dies mid-attempt, Temporal notices after 10 s and retries the activity elsewhere
        // (the default retry policy retries with backoff until the call succeeds).
        let options = ActivityOptions::start_to_close_timeout(Duration::from_secs(10));
        let input = ComposeGreetingInput {
            greeting: "Hello".to_owned(),
            name,
        };
        // This names the activity type `compose_greeting`; whichever implementation the worker
        // registered under that name runs it. Its result is recorded in history, so a replay
        // returns the recorded greeting instead of calling the activity again.
        let greeting = ctx
            .execute_activity(GreetingActivities::compose_greeting, input, options)
            .await?;
        Ok(greeting)
    }
}
// ANCHOR_END: lesson
