//! The activity the workflows call: the same greeting as the hello samples.

use serde::{Deserialize, Serialize};
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

/// `compose_greeting`, async as Python's is.
#[derive(Debug, Default, Clone, Copy)]
pub struct GreetingActivities;

#[activities]
impl GreetingActivities {
    /// Returns `"{greeting}, {name}!"`.
    #[activity(name = "compose_greeting")]
    pub async fn compose_greeting(
        _ctx: ActivityContext,
        input: ComposeGreetingInput,
    ) -> Result<String, ActivityError> {
        tracing::info!("Running activity with parameter {input:?}");
        Ok(format!("{}, {}!", input.greeting, input.name))
    }
}
// ANCHOR_END: lesson
