//! The activity the workflow runs locally.

use std::sync::Arc;

use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

// ANCHOR: lesson
/// The greeting activity, as in the Python sample.
#[derive(Debug, Default, Clone, Copy)]
pub struct GreetingActivities;

#[activities]
impl GreetingActivities {
    /// Returns `Hello {name}!`.
    #[activity(name = "greeting")]
    pub async fn greeting(
        self: Arc<Self>,
        _ctx: ActivityContext,
        name: String,
    ) -> Result<String, ActivityError> {
        Ok(format!("Hello {name}!"))
    }
}
// ANCHOR_END: lesson
