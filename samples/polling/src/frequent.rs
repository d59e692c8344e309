//! Frequent polling: the loop lives inside one long-running, heartbeating activity.

use std::{sync::Arc, time::Duration};

use temporalio_macros::{activities, workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, WorkerOptions, WorkflowContext, WorkflowResult,
    activities::{ActivityContext, ActivityError},
};

use crate::{ComposeGreetingInput, PollingInput, support::service::FlakyService};

// ANCHOR: lesson
/// The polling activity, with the service and its poll interval injected.
pub struct FrequentActivities {
    service: Arc<FlakyService>,
    poll_interval: Duration,
}

#[activities]
impl FrequentActivities {
    /// Calls the service until it answers, sleeping `poll_interval` between tries.
    #[activity(name = "compose_greeting")]
    pub async fn compose_greeting(
        self: Arc<Self>,
        ctx: ActivityContext,
        input: ComposeGreetingInput,
    ) -> Result<String, ActivityError> {
        let key = ctx.info().workflow_id.clone().unwrap_or_default();
        loop {
            match self.service.get(&key, &input.greeting, &input.name) {
                Ok(greeting) => return Ok(greeting),
                Err(not_ready) => {
                    tracing::info!("{not_ready}; polling again in {:?}", self.poll_interval)
                }
            }
            // The heartbeat says "still alive" — if this worker dies, the heartbeat timeout
            // (not the much longer start-to-close timeout) gets the activity retried elsewhere.
            ctx.record_heartbeat(()).await?;
            tokio::select! {
                () = tokio::time::sleep(self.poll_interval) => {}
                () = ctx.cancelled() => return Err(ActivityError::cancelled()),
            }
        }
    }
}

/// Waits for the greeting service by polling it from inside an activity.
#[workflow]
#[derive(Default)]
pub struct GreetingWorkflow;

#[workflow_methods]
impl GreetingWorkflow {
    /// Returns the service's greeting.
    #[run(name = "GreetingWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        input: PollingInput,
    ) -> WorkflowResult<String> {
        let (name, _) = input.parts(Duration::from_secs(1));
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(60))
            .heartbeat_timeout(Duration::from_secs(2))
            .build();
        let input = ComposeGreetingInput {
            greeting: "Hello".to_owned(),
            name,
        };
        Ok(ctx
            .execute_activity(FrequentActivities::compose_greeting, input, options)
            .await?)
    }
}

/// Worker options for this variant.
pub fn worker_options(
    task_queue: &str,
    service: Arc<FlakyService>,
    poll_interval: Duration,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<GreetingWorkflow>()?
        .register_activities(FrequentActivities {
            service,
            poll_interval,
        })
        .build())
}
// ANCHOR_END: lesson
