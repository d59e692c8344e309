//! The Rust workflow: the Python sample's Go workflow, in Rust.

use std::time::Duration;

use temporalio_common::protos::temporal::api::common::v1::RetryPolicy;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, WorkflowContext, WorkflowResult};

use crate::activities::PythonActivities;

// ANCHOR: lesson
/// Returns what `say-hello-activity` returns, whichever language runs it.
#[workflow]
#[derive(Default)]
pub struct SayHelloWorkflow;

#[workflow_methods]
impl SayHelloWorkflow {
    /// Calls `say-hello-activity` with `name`.
    #[run(name = "say-hello-workflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        // As the Python sample's Go workflow: five seconds to be picked up and run, no retries.
        // With no worker serving the activity (the Python worker is down), the workflow fails
        // with a schedule-to-close timeout instead of waiting forever.
        let options = ActivityOptions::with_schedule_to_close_timeout(Duration::from_secs(5))
            .retry_policy(RetryPolicy {
                maximum_attempts: 1,
                ..RetryPolicy::default()
            })
            .build();
        // The activity goes to this workflow's task queue, where the Python worker polls.
        Ok(ctx
            .execute_activity(PythonActivities::say_hello, name, options)
            .await?)
    }
}
// ANCHOR_END: lesson
