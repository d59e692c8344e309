//! The activity.

use serde::{Deserialize, Serialize};
use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

// ANCHOR: lesson
/// Input of `compose_greeting`, as in the Python sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeGreetingInput {
    /// E.g. `Hello`.
    pub greeting: String,
    /// Who to greet.
    pub name: String,
}

/// Greeting activities.
pub struct GreetingActivities;

#[activities]
impl GreetingActivities {
    /// Returns `{greeting}, {name}!`.
    #[activity(name = "compose_greeting")]
    pub async fn compose_greeting(
        _ctx: ActivityContext,
        input: ComposeGreetingInput,
    ) -> Result<String, ActivityError> {
        Ok(format!("{}, {}!", input.greeting, input.name))
    }
}
// ANCHOR_END: lesson
