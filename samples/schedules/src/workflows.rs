//! The workflow each scheduled run executes.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, WorkflowContext, WorkflowResult};

use crate::activities::{ScheduleActivities, YourParams};

// ANCHOR: lesson
/// Greets `name` through an activity.
#[workflow]
#[derive(Default)]
pub struct YourSchedulesWorkflow;

#[workflow_methods]
impl YourSchedulesWorkflow {
    /// Returns `Hello, {name}!`.
    #[run(name = "YourSchedulesWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        let params = YourParams {
            greeting: "Hello".to_owned(),
            name,
        };
        Ok(ctx
            .execute_activity(
                ScheduleActivities::your_activity,
                params,
                ActivityOptions::start_to_close_timeout(Duration::from_secs(10)),
            )
            .await?)
    }
}
// ANCHOR_END: lesson
