//! The greeting activities.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use temporalio_macros::activities;
use temporalio_sdk::{
    ApplicationFailure,
    activities::{ActivityContext, ActivityError},
};

// ANCHOR: lesson
/// The failure type for a name that cannot be greeted (empty). Non-retryable.
pub const INVALID_NAME_ERROR: &str = "InvalidNameError";

/// Input of `say_hello_slowly`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlowGreeting {
    /// Who to greet.
    pub name: String,
    /// How long the greeting takes, in milliseconds.
    pub delay_ms: u64,
}

/// Greeting activities.
pub struct GreetingActivities;

#[activities]
impl GreetingActivities {
    /// Returns `Hello, {name}!`; fails (non-retryably) for an empty name.
    #[activity(name = "say_hello_activity")]
    pub async fn say_hello(_ctx: ActivityContext, name: String) -> Result<String, ActivityError> {
        if name.trim().is_empty() {
            // Retrying cannot fix the input: mark the failure non-retryable.
            return Err(ActivityError::application(
                ApplicationFailure::builder(anyhow::anyhow!("cannot greet an empty name"))
                    .type_name(INVALID_NAME_ERROR.to_owned())
                    .non_retryable(true)
                    .build(),
            ));
        }
        Ok(format!("Hello, {name}!"))
    }

    /// Returns `Hello, {name}!` after `delay_ms`, heartbeating meanwhile so that it learns of
    /// a cancellation (an activity hears about cancellation only through its heartbeats).
    #[activity(name = "say_hello_slowly")]
    pub async fn say_hello_slowly(
        ctx: ActivityContext,
        input: SlowGreeting,
    ) -> Result<String, ActivityError> {
        let deadline = tokio::time::Instant::now() + Duration::from_millis(input.delay_ms);
        while tokio::time::Instant::now() < deadline {
            ctx.record_heartbeat(()).await?;
            tokio::select! {
                () = tokio::time::sleep_until(deadline.min(tokio::time::Instant::now() + Duration::from_millis(100))) => {}
                () = ctx.cancelled() => {
                    tracing::info!(name = %input.name, "cancelled: another greeting won");
                    return Err(ActivityError::cancelled());
                }
            }
        }
        Ok(format!("Hello, {}!", input.name))
    }
}
// ANCHOR_END: lesson
