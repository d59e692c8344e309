//! The activities: notifying the customer, and issuing a redeemed reward.

use std::{sync::Arc, time::Duration};

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

/// A reward to issue for redeemed points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardRequest {
    /// Whose account.
    pub customer_id: String,
    /// Points redeemed.
    pub points: u64,
}

/// Customer notifications and the reward service. A real one would send an email and call a
/// fulfilment API; `reward_latency` stands in for that call's duration.
#[derive(Debug, Clone)]
pub struct NotificationActivities {
    /// How long issuing a reward takes.
    pub reward_latency: Duration,
}

impl Default for NotificationActivities {
    fn default() -> Self {
        Self {
            reward_latency: Duration::from_millis(100),
        }
    }
}

#[activities]
impl NotificationActivities {
    /// Issues the reward for redeemed points; returns its voucher code.
    #[activity(name = "issue_reward")]
    pub async fn issue_reward(
        self: Arc<Self>,
        ctx: ActivityContext,
        request: RewardRequest,
    ) -> Result<String, ActivityError> {
        tokio::time::sleep(self.reward_latency).await;
        // The activity id is stable across retries, so a retried call issues the same voucher.
        let voucher = format!(
            "{}-{}-{}",
            request.customer_id,
            request.points,
            ctx.info().activity_id
        );
        println!(
            "Reward issued to {}: voucher {voucher}",
            request.customer_id
        );
        Ok(voucher)
    }

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
