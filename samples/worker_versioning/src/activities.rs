//! The activities the workflow versions call.

use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

use crate::IncompatibleActivityInput;

// ANCHOR: lesson
/// The activities.
pub struct VersionedActivities;

#[activities]
impl VersionedActivities {
    /// Called by version 1.0.
    #[activity(name = "some_activity")]
    pub async fn some_activity(
        _ctx: ActivityContext,
        called_by: String,
    ) -> Result<String, ActivityError> {
        Ok(format!("some_activity called by {called_by}"))
    }

    /// Called by 1.1 and later: takes an input the old activity did not.
    #[activity(name = "some_incompatible_activity")]
    pub async fn some_incompatible_activity(
        _ctx: ActivityContext,
        input: IncompatibleActivityInput,
    ) -> Result<String, ActivityError> {
        Ok(format!(
            "some_incompatible_activity called by {} with {}",
            input.called_by, input.more_data
        ))
    }
}
// ANCHOR_END: lesson
