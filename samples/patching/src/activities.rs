//! The two activities: the one the old code calls, and its replacement.

use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

// ANCHOR: lesson
/// The activities.
pub struct PatchingActivities;

#[activities]
impl PatchingActivities {
    /// What the original code calls.
    #[activity(name = "pre_patch_activity")]
    pub async fn pre_patch_activity(_ctx: ActivityContext) -> Result<String, ActivityError> {
        Ok("pre-patch".to_owned())
    }

    /// What the changed code calls.
    #[activity(name = "post_patch_activity")]
    pub async fn post_patch_activity(_ctx: ActivityContext) -> Result<String, ActivityError> {
        Ok("post-patch".to_owned())
    }
}
// ANCHOR_END: lesson
