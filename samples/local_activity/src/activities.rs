//! The activity. Nothing in its definition makes it local: the workflow decides how to call it.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use temporalio_macros::activities;
use temporalio_sdk::{
    ApplicationFailure,
    activities::{ActivityContext, ActivityError},
};

// ANCHOR: lesson
/// The failure type of the simulated outage.
pub const GREETING_SERVICE_DOWN: &str = "GreetingServiceDown";

/// Input of `compose_greeting`, field for field as in the Python sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeGreetingInput {
    /// E.g. `Hello`.
    pub greeting: String,
    /// Who to greet.
    pub name: String,
}

/// Greeting activities. `failing_attempts` simulates an outage for the demo and the tests.
#[derive(Debug, Default, Clone, Copy)]
pub struct GreetingActivities {
    /// Fail (retryably) this many attempts before succeeding; `u32::MAX` fails every attempt.
    pub failing_attempts: u32,
}

#[activities]
impl GreetingActivities {
    /// Returns `"{greeting}, {name}!"`.
    #[activity(name = "compose_greeting")]
    pub async fn compose_greeting(
        self: Arc<Self>,
        ctx: ActivityContext,
        input: ComposeGreetingInput,
    ) -> Result<String, ActivityError> {
        let attempt = ctx.info().attempt;
        if attempt <= self.failing_attempts {
            // A local activity's retries run inside the worker (no activity task per attempt);
            // history only records the final outcome, in one marker.
            println!("compose_greeting attempt {attempt}: failing (simulated outage)");
            return Err(ActivityError::application(
                ApplicationFailure::builder(anyhow::anyhow!(
                    "the greeting service is down (attempt {attempt})"
                ))
                .type_name(GREETING_SERVICE_DOWN.to_owned())
                .build(),
            ));
        }
        Ok(format!("{}, {}!", input.greeting, input.name))
    }
}
// ANCHOR_END: lesson
