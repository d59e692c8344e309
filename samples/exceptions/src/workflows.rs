//! The workflow.

use std::time::Duration;

use temporalio_common::RetryPolicy;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, WorkflowContext, WorkflowResult};

use crate::{
    GreetingRequest,
    activities::{ComposeGreetingInput, GreetingActivities},
};

// ANCHOR: lesson
/// Greets through an activity that always fails.
#[workflow]
pub struct GreetingWorkflow {
    bug: bool,
}

#[workflow_methods(factory_only)]
impl GreetingWorkflow {
    /// Always fails: with the activity's failure as the cause.
    #[run(name = "GreetingWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        request: GreetingRequest,
    ) -> WorkflowResult<String> {
        if ctx.state(|s| s.bug) {
            // A bug in workflow code. A panic fails the workflow *task*, not the workflow: the
            // execution stays open and the task is retried until fixed code completes it.
            panic!("simulated bug in workflow code (restart the worker without --workflow-bug)");
        }
        let (name, non_retryable) = match request {
            GreetingRequest::Name(name) => (name, false),
            GreetingRequest::Options {
                name,
                non_retryable,
            } => (name, non_retryable),
        };
        let input = ComposeGreetingInput {
            greeting: "Hello".to_owned(),
            name,
            non_retryable,
        };
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(10))
            .retry_policy(RetryPolicy::builder().maximum_attempts(2).build())
            .build();
        // `?` turns the activity's failure into the workflow's: returning an error fails the
        // *workflow*, with the activity failure as its cause.
        Ok(ctx
            .execute_activity(GreetingActivities::compose_greeting, input, options)
            .await?)
    }
}

impl GreetingWorkflow {
    /// A workflow instance; `bug` makes its code panic (see [`crate::worker_options`]).
    pub fn new(bug: bool) -> Self {
        Self { bug }
    }
}
// ANCHOR_END: lesson
