//! The activities. They know nothing about metrics or traces: the interceptor and the SDK's
//! OpenTelemetry plugin observe them from outside, which is the point of the sample.

use std::{sync::Arc, time::Duration};

use serde::{Deserialize, Serialize};
use temporalio_macros::activities;
use temporalio_sdk::{
    ApplicationFailure,
    activities::{ActivityContext, ActivityError},
};

// ANCHOR: lesson
/// Failure type of a greeting for a blank name; non-retryable, since retrying cannot fix it.
pub const INVALID_NAME_ERROR: &str = "InvalidNameError";

/// Input of `compose_greeting`, field for field as in the Python sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeGreetingInput {
    /// E.g. `Hello`.
    pub greeting: String,
    /// Who to greet.
    pub name: String,
}

/// The greeting activity of `GreetingWorkflow`.
pub struct GreetingActivities;

#[activities]
impl GreetingActivities {
    /// Returns `"{greeting}, {name}!"`; a blank name is a non-retryable `InvalidNameError`
    /// (the sample's failing activity, counted by `custom_activities_failed`).
    #[activity(name = "compose_greeting")]
    pub async fn compose_greeting(
        _ctx: ActivityContext,
        input: ComposeGreetingInput,
    ) -> Result<String, ActivityError> {
        if input.name.trim().is_empty() {
            return Err(ActivityError::application(
                ApplicationFailure::builder(anyhow::anyhow!(
                    "cannot greet a blank name: pass a name with at least one letter"
                ))
                .type_name(INVALID_NAME_ERROR.to_owned())
                .non_retryable(true)
                .build(),
            ));
        }
        Ok(format!("{}, {}!", input.greeting, input.name))
    }
}

/// The activity of `StartTwoActivitiesWorkflow`, with how long it sleeps injected by the
/// worker (1 s by default, as in Python; tests use less).
pub struct CustomMetricActivities {
    /// How long each `print_and_sleep` takes.
    pub sleep: Duration,
}

#[activities]
impl CustomMetricActivities {
    /// Prints a line, then sleeps. Takes no input, like the Python activity.
    #[activity(name = "print_and_sleep")]
    pub async fn print_and_sleep(
        self: Arc<Self>,
        ctx: ActivityContext,
    ) -> Result<(), ActivityError> {
        println!(
            "Print and sleep activity (activity {}, attempt {})",
            ctx.info().activity_id,
            ctx.info().attempt
        );
        tokio::time::sleep(self.sleep).await;
        Ok(())
    }
}
// ANCHOR_END: lesson
