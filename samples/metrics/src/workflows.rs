//! The workflows. Like the activities, they carry no observability code: workflow spans come
//! from the SDK's OpenTelemetry plugin, and the SDK's own metrics from the runtime.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, WorkflowContext, WorkflowResult, workflows::join};

use crate::activities::{ComposeGreetingInput, CustomMetricActivities, GreetingActivities};

// ANCHOR: lesson
/// Greets `name` through one activity (the Python `prometheus` sample's workflow).
#[workflow]
#[derive(Default)]
pub struct GreetingWorkflow;

#[workflow_methods]
impl GreetingWorkflow {
    /// Returns `Hello, {name}!`; fails when the activity rejects a blank name.
    #[run(name = "GreetingWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        let input = ComposeGreetingInput {
            greeting: "Hello".to_owned(),
            name,
        };
        let greeting = ctx
            .execute_activity(
                GreetingActivities::compose_greeting,
                input,
                ActivityOptions::start_to_close_timeout(Duration::from_secs(10)),
            )
            .await?;
        Ok(greeting)
    }
}

/// Schedules two activities at once (the Python `custom_metric` sample's workflow).
///
/// The worker for it runs one activity at a time, so the second activity waits on the task
/// queue while the first sleeps: its schedule-to-start latency is about one activity long,
/// which is exactly what the custom histogram is there to reveal.
#[workflow]
#[derive(Default)]
pub struct StartTwoActivitiesWorkflow;

#[workflow_methods]
impl StartTwoActivitiesWorkflow {
    /// Runs `print_and_sleep` twice concurrently; takes no input, like the Python workflow.
    #[run(name = "StartTwoActivitiesWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        let options = || ActivityOptions::start_to_close_timeout(Duration::from_secs(30));
        // Both activities are scheduled in the same workflow task; the SDK's `join!` (not
        // tokio's) keeps the order of commands deterministic.
        let first = ctx.execute_activity(CustomMetricActivities::print_and_sleep, (), options());
        let second = ctx.execute_activity(CustomMetricActivities::print_and_sleep, (), options());
        let (first, second) = join!(first, second);
        first?;
        second?;
        Ok(())
    }
}
// ANCHOR_END: lesson
