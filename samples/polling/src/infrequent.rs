//! Infrequent polling: the activity tries once; the retry policy is the polling loop.

use std::{sync::Arc, time::Duration};

use temporalio_common::RetryPolicy;
use temporalio_macros::{activities, workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, WorkerOptions, WorkflowContext, WorkflowResult,
    activities::{ActivityContext, ActivityError},
};

use crate::{ComposeGreetingInput, PollingInput, support::service::FlakyService};

// ANCHOR: lesson
/// Calls the service once per attempt.
pub struct SingleCallActivities {
    /// The service, injected.
    pub service: Arc<FlakyService>,
}

#[activities]
impl SingleCallActivities {
    /// Fails (retryably) while the service is not ready.
    #[activity(name = "compose_greeting")]
    pub async fn compose_greeting(
        self: Arc<Self>,
        ctx: ActivityContext,
        input: ComposeGreetingInput,
    ) -> Result<String, ActivityError> {
        let key = ctx.info().workflow_id.clone().unwrap_or_default();
        let attempt = ctx.info().attempt;
        self.service
            .get(&key, &input.greeting, &input.name)
            .map_err(|not_ready| {
                tracing::info!(attempt, "{not_ready}; failing this attempt");
                not_ready.into()
            })
    }
}

/// Waits for the greeting service by letting Temporal retry a single-try activity.
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
        // Python's sample polls every 60 s; the input can make it faster.
        let (name, interval) = input.parts(Duration::from_secs(60));
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(2))
            .retry_policy(
                RetryPolicy::builder()
                    // A fixed interval: every retry waits exactly `interval`. Retries are not
                    // recorded as history events, so polling for days costs no history.
                    .backoff_coefficient(1.0)
                    .initial_interval(interval)
                    .build(),
            )
            .build();
        let input = ComposeGreetingInput {
            greeting: "Hello".to_owned(),
            name,
        };
        Ok(ctx
            .execute_activity(SingleCallActivities::compose_greeting, input, options)
            .await?)
    }
}

/// Worker options for this variant.
pub fn worker_options(
    task_queue: &str,
    service: Arc<FlakyService>,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<GreetingWorkflow>()?
        .register_activities(SingleCallActivities { service })
        .build())
}
// ANCHOR_END: lesson
