//! The activity.

use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

use crate::ComposeGreetingInput;

// ANCHOR: lesson
/// The greeting activity.
pub struct GreetingActivities;

#[activities]
impl GreetingActivities {
    /// Returns `"{greeting}, {name}!"`.
    #[activity(name = "compose_greeting")]
    pub async fn compose_greeting(
        _ctx: ActivityContext,
        input: ComposeGreetingInput,
    ) -> Result<String, ActivityError> {
        Ok(format!("{}, {}!", input.greeting, input.name))
    }
}
// ANCHOR_END: lesson
