//! Activities: sending a notification, and the order processing the timer races against.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

/// A message to a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// Who it is for.
    pub recipient: String,
    /// What it says.
    pub message: String,
}

/// Sends notifications. A real one would call an email or SMS service.
pub struct NotificationActivities;

#[activities]
impl NotificationActivities {
    /// Sends one notification.
    #[activity(name = "send_notification")]
    pub async fn send_notification(
        _ctx: ActivityContext,
        notification: Notification,
    ) -> Result<(), ActivityError> {
        println!(
            "Notification to {}: {}",
            notification.recipient, notification.message
        );
        Ok(())
    }
}

/// Processes orders.
pub struct ProcessingActivities;

#[activities]
impl ProcessingActivities {
    /// Processes an order, taking `processing_ms`; heartbeats so a cancellation would reach it.
    #[activity(name = "process_order")]
    pub async fn process_order(
        ctx: ActivityContext,
        input: (String, u64),
    ) -> Result<String, ActivityError> {
        let (order_id, processing_ms) = input;
        let deadline = tokio::time::Instant::now() + Duration::from_millis(processing_ms);
        while tokio::time::Instant::now() < deadline {
            ctx.record_heartbeat(()).await?;
            tokio::time::sleep_until(
                deadline.min(tokio::time::Instant::now() + Duration::from_millis(200)),
            )
            .await;
        }
        Ok(format!("order {order_id} processed"))
    }
}
