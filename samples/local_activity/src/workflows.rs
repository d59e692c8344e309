//! The workflow: one local activity call.

use std::time::Duration;

use temporalio_common::RetryPolicy;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{LocalActivityOptions, WorkflowContext, WorkflowResult};

use crate::activities::{ComposeGreetingInput, GreetingActivities};

// ANCHOR: lesson
/// How many times the local activity is tried before the workflow fails.
pub const MAX_ATTEMPTS: u32 = 3;

/// Greets `name` through a local activity.
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
        // Runs right here in this worker. The start-to-close timeout should stay well below the
        // workflow task timeout (10 s by default): a local activity that runs longer keeps the
        // workflow task open, and the SDK has to heartbeat the task to keep it alive.
        let options = LocalActivityOptions::builder()
            .start_to_close_timeout(Duration::from_secs(5))
            // Retries of a local activity happen in this worker, inside the workflow task, with
            // short backoffs. Three attempts, then the failure is recorded in the marker and
            // fails the workflow.
            .retry_policy(
                RetryPolicy::builder()
                    .initial_interval(Duration::from_millis(200))
                    .maximum_attempts(MAX_ATTEMPTS)
                    .build(),
            )
            .build();
        let greeting = ctx
            .execute_local_activity(GreetingActivities::compose_greeting, input, options)
            .await?;
        Ok(greeting)
    }
}
// ANCHOR_END: lesson
