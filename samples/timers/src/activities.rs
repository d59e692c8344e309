//! Activities: sending a notification, and the order processing the timer races against.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

// ANCHOR: lesson
/// Sends notifications. A real one would call an email, Slack or push service.
pub struct NotificationActivities;

#[activities]
impl NotificationActivities {
    /// Sends `message` to `user_email`. Two positional arguments, as in the catalogue
    /// (`send_notification(user_email, message)`): they travel as two payloads, so a Python
    /// worker's activity and this one are interchangeable.
    #[activity(name = "send_notification")]
    pub async fn send_notification(
        _ctx: ActivityContext,
        user_email: String,
        message: String,
    ) -> Result<(), ActivityError> {
        println!("[Notify] {user_email}: {message}");
        Ok(())
    }
}

/// Input of `process_order`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessOrderInput {
    /// The order.
    pub order_id: String,
    /// How long processing takes, in milliseconds.
    pub processing_ms: u64,
}

/// Processes orders.
pub struct ProcessingActivities;

#[activities]
impl ProcessingActivities {
    /// Processes an order, taking `processing_ms`; heartbeats so a cancellation would reach it.
    #[activity(name = "process_order")]
    pub async fn process_order(
        ctx: ActivityContext,
        input: ProcessOrderInput,
    ) -> Result<String, ActivityError> {
        let deadline = tokio::time::Instant::now() + Duration::from_millis(input.processing_ms);
        while tokio::time::Instant::now() < deadline {
            ctx.record_heartbeat(()).await?;
            tokio::time::sleep_until(
                deadline.min(tokio::time::Instant::now() + Duration::from_millis(200)),
            )
            .await;
        }
        Ok(format!("order {} processed", input.order_id))
    }
}
// ANCHOR_END: lesson
