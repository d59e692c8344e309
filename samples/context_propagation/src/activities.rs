//! The activity: it reads the user id from its context, not from its input.

use std::sync::{Arc, Mutex};

use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

use crate::propagation::current_user_id;

// ANCHOR: lesson
/// The greeting activity. `seen` records the user id each call saw, for the tests and the
/// worker's log.
#[derive(Debug, Default, Clone)]
pub struct GreetingActivities {
    /// The user id (if any) each call ran with, in order.
    pub seen: Arc<Mutex<Vec<Option<String>>>>,
}

#[activities]
impl GreetingActivities {
    /// Returns `Hello, {name}`; logs who called.
    #[activity(name = "say_hello_activity")]
    pub async fn say_hello_activity(
        self: Arc<Self>,
        _ctx: ActivityContext,
        name: String,
    ) -> Result<String, ActivityError> {
        let user_id = current_user_id();
        tracing::info!(
            "Activity called by user {}",
            user_id.as_deref().unwrap_or("<none>")
        );
        if let Ok(mut seen) = self.seen.lock() {
            seen.push(user_id);
        }
        Ok(format!("Hello, {name}"))
    }
}
// ANCHOR_END: lesson
