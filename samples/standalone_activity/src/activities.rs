//! The activity. Nothing here is specific to running it standalone: the same function, registered
//! the same way, could be called from a workflow.

use serde::{Deserialize, Serialize};
use temporalio_common::error::ApplicationFailure;
use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

// ANCHOR: lesson
/// Input of `compose_greeting`, field for field as Python's `ComposeGreetingInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeGreetingInput {
    /// E.g. `Hello`.
    pub greeting: String,
    /// Who to greet.
    pub name: String,
}

/// `compose_greeting`, a plain `fn` as Python's is a `def` (the SDK runs it on a blocking thread).
#[derive(Debug, Default, Clone, Copy)]
pub struct GreetingActivities;

#[activities]
impl GreetingActivities {
    /// Returns `"{greeting}, {name}!"`; an empty greeting or name is refused.
    #[activity(name = "compose_greeting")]
    pub fn compose_greeting(
        ctx: ActivityContext,
        input: ComposeGreetingInput,
    ) -> Result<String, ActivityError> {
        tracing::info!(
            "Running activity with parameter {input:?} (attempt {})",
            ctx.info().attempt
        );
        if input.greeting.trim().is_empty() || input.name.trim().is_empty() {
            // Bad input fails the same way on every attempt, so the failure is non-retryable:
            // without that, the server's default retry policy would retry it forever, and with
            // no workflow around it nothing else would ever stop it. The type name is what a
            // caller (or a retry policy's `non_retryable_error_types`) matches on.
            return Err(ActivityError::application(
                ApplicationFailure::builder(anyhow::anyhow!(
                    "greeting and name must not be empty (got {input:?})"
                ))
                .type_name("InvalidGreeting".to_owned())
                .non_retryable(true)
                .build(),
            ));
        }
        Ok(format!("{}, {}!", input.greeting, input.name))
    }
}
// ANCHOR_END: lesson

/// The activity's marker type (the macro declares it in a private module), so that callers can
/// name the type of its handle: `ActivityHandle<Client, ComposeGreeting>`.
pub type ComposeGreeting = greeting_activities::ComposeGreeting;
