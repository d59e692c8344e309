//! The activity that always fails.

use serde::{Deserialize, Serialize};
use temporalio_macros::activities;
use temporalio_sdk::{
    ApplicationFailure,
    activities::{ActivityContext, ActivityError},
};

// ANCHOR: lesson
/// Failure type raised by `compose_greeting`: `RuntimeError`, the type the Python sample's
/// activity reports (Python names an application failure after the exception's class, and the
/// sample raises `RuntimeError`). With the same name, a client or a retry policy's list of
/// non-retryable types written for either worker matches the failures of both.
pub const GREETING_FAILURE_TYPE: &str = "RuntimeError";

/// Input of `compose_greeting`, as in the Python sample (plus an optional flag).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeGreetingInput {
    /// E.g. `Hello`.
    pub greeting: String,
    /// Who to greet.
    pub name: String,
    /// Raise a non-retryable failure instead of a retryable one.
    #[serde(default)]
    pub non_retryable: bool,
}

/// Greeting activities.
pub struct GreetingActivities;

#[activities]
impl GreetingActivities {
    /// Always fails, with a typed application failure carrying the input as details.
    #[activity(name = "compose_greeting")]
    pub async fn compose_greeting(
        ctx: ActivityContext,
        input: ComposeGreetingInput,
    ) -> Result<String, ActivityError> {
        let attempt = ctx.info().attempt;
        tracing::warn!(
            attempt,
            non_retryable = input.non_retryable,
            "compose_greeting failing"
        );
        Err(ActivityError::application(
            ApplicationFailure::builder(anyhow::anyhow!(
                "Greeting exception: {}, {}! (attempt {attempt})",
                input.greeting,
                input.name
            ))
            // Name the type: retry policies and callers match failures by it.
            .type_name(GREETING_FAILURE_TYPE.to_owned())
            // Non-retryable: this attempt is the last, whatever the retry policy allows.
            .non_retryable(input.non_retryable)
            .details(input)
            .build(),
        ))
    }
}
// ANCHOR_END: lesson
