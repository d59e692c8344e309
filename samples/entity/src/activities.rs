//! The activities: loading the customer, notifying them, and issuing a redeemed reward. They are
//! the account's only contact with the outside world; the workflow holds the state.

use std::{sync::Arc, time::Duration};

use serde::{Deserialize, Serialize};
use temporalio_macros::activities;
use temporalio_sdk::{
    ApplicationFailure,
    activities::{ActivityContext, ActivityError},
};

use crate::{CustomerRewardLevel, UserInfo};

// ANCHOR: lesson
/// The failure type `get_user` reports for an id the user service cannot have: not retryable,
/// since asking again cannot help.
pub const INVALID_USER_ERROR: &str = "InvalidUserError";

/// A level change to tell the customer about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelChange {
    /// Whose account.
    pub user_id: String,
    /// The old level.
    pub from: CustomerRewardLevel,
    /// The new level.
    pub to: CustomerRewardLevel,
}

/// A reward to issue for redeemed points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardRequest {
    /// Whose account.
    pub user_id: String,
    /// Points redeemed.
    pub points: i64,
}

/// The user service, customer notifications and the reward service. A real worker would call a
/// user API, send an email and call a fulfilment API; `reward_latency` stands in for that last
/// call's duration, so the tests can make a redeem outlast a continue-as-new decision.
#[derive(Debug, Clone)]
pub struct RewardActivities {
    /// How long issuing a reward takes.
    pub reward_latency: Duration,
}

impl Default for RewardActivities {
    fn default() -> Self {
        Self {
            reward_latency: Duration::from_millis(100),
        }
    }
}

#[activities]
impl RewardActivities {
    /// Loads the customer the account belongs to (the catalogue's `get_user`). An id that is
    /// blank or holds anything but letters, digits, `-`, `_`, `.` and `@` fails with a
    /// non-retryable `InvalidUserError`, and the account is not opened.
    #[activity(name = "get_user")]
    pub async fn get_user(
        _ctx: ActivityContext,
        user_id: String,
    ) -> Result<UserInfo, ActivityError> {
        let valid = !user_id.is_empty()
            && user_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.@".contains(c));
        if !valid {
            return Err(ActivityError::application(
                ApplicationFailure::builder(anyhow::anyhow!(
                    "no user can have the id {user_id:?}: use letters, digits, '-', '_', '.' or '@'"
                ))
                .type_name(INVALID_USER_ERROR.to_owned())
                .non_retryable(true)
                .build(),
            ));
        }
        Ok(UserInfo {
            name: user_id.split('@').next().unwrap_or_default().to_owned(),
            id: user_id,
        })
    }

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
            request.user_id,
            request.points,
            ctx.info().activity_id
        );
        println!("Reward issued to {}: voucher {voucher}", request.user_id);
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
            change.user_id, change.from, change.to
        );
        Ok(())
    }
}
// ANCHOR_END: lesson
