//! Periodic polling: a child workflow tries, sleeps on a durable timer, and continues as new.

use std::{sync::Arc, time::Duration};

use serde::{Deserialize, Serialize};
use temporalio_common::RetryPolicy;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, ChildWorkflowOptions, ContinueAsNewOptions, WorkerOptions, WorkflowContext,
    WorkflowResult,
};

use crate::{
    ComposeGreetingInput, PollingInput, infrequent::SingleCallActivities,
    support::service::FlakyService,
};

// ANCHOR: lesson
/// Tries per child run before it continues as new (Python: 10).
pub const TRIES_PER_RUN: u32 = 10;

/// The child's input, carried across its continue-as-new runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildInput {
    /// Who to greet.
    pub name: String,
    /// Time between tries, in milliseconds.
    pub poll_interval_ms: u64,
    /// Tries per run before continuing as new.
    pub tries_per_run: u32,
    /// Tries made by earlier runs.
    #[serde(default)]
    pub tries_so_far: u32,
}

/// Starts the polling child and returns its result.
#[workflow]
#[derive(Default)]
pub struct GreetingWorkflow;

#[workflow_methods]
impl GreetingWorkflow {
    /// Returns the service's greeting, as obtained by the child.
    #[run(name = "GreetingWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        input: PollingInput,
    ) -> WorkflowResult<String> {
        let (name, interval) = input.parts(Duration::from_secs(1));
        let child_input = ChildInput {
            name,
            poll_interval_ms: u64::try_from(interval.as_millis()).unwrap_or(u64::MAX),
            tries_per_run: input.tries_per_run().unwrap_or(TRIES_PER_RUN).max(1),
            tries_so_far: 0,
        };
        let options = ChildWorkflowOptions::workflow_id(format!("{}-child", ctx.workflow_id()));
        let child = ctx
            .start_child_workflow(ChildWorkflow::run, child_input, options)
            .await?;
        // Following the child through its continue-as-new runs is automatic: the result is the
        // last run's.
        Ok(child.result().await?)
    }
}

/// Polls with one activity attempt per try and a durable timer between tries.
#[workflow]
#[derive(Default)]
pub struct ChildWorkflow;

#[workflow_methods]
impl ChildWorkflow {
    /// Returns the greeting once the service answers.
    #[run(name = "ChildWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        mut input: ChildInput,
    ) -> WorkflowResult<String> {
        // One attempt per activity: the *workflow* decides when to try again.
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(2))
            .retry_policy(RetryPolicy::builder().maximum_attempts(1).build())
            .build();
        for _ in 0..input.tries_per_run {
            let greeting = ComposeGreetingInput {
                greeting: "Hello".to_owned(),
                name: input.name.clone(),
            };
            input.tries_so_far += 1;
            match ctx
                .execute_activity(
                    SingleCallActivities::compose_greeting,
                    greeting,
                    options.clone(),
                )
                .await
            {
                Ok(greeting) => return Ok(greeting),
                // Here is room for logic between tries: give up, alert, change the request…
                Err(_) => {
                    ctx.timer(Duration::from_millis(input.poll_interval_ms))
                        .await
                }
            };
        }
        // Each try adds events; start a fresh history, carrying the count along.
        let Err(next_run) = ctx.continue_as_new(input, ContinueAsNewOptions::default());
        Err(next_run)
    }
}

/// Worker options for this variant.
pub fn worker_options(
    task_queue: &str,
    service: Arc<FlakyService>,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<GreetingWorkflow>()?
        .register_workflow::<ChildWorkflow>()?
        .register_activities(SingleCallActivities { service })
        .build())
}
// ANCHOR_END: lesson
