//! The notification activity.

use serde::{Deserialize, Serialize};
use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

use crate::Level;

/// A level change to tell the customer about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelChange {
    /// Whose account.
    pub customer_id: String,
    /// The old level.
    pub from: Level,
    /// The new level.
    pub to: Level,
}

/// Customer notifications. A real one would send an email.
pub struct NotificationActivities;

#[activities]
impl NotificationActivities {
    /// Tells the customer about a new level.
    #[activity(name = "notify_level_change")]
    pub async fn notify_level_change(
        _ctx: ActivityContext,
        change: LevelChange,
    ) -> Result<(), ActivityError> {
        println!(
            "Notification to {}: your level changed from {} to {}",
            change.customer_id, change.from, change.to
        );
        Ok(())
    }
}
