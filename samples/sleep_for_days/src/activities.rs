//! The activity: "sending" an email, into an injected outbox.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

// ANCHOR: lesson
/// Input of `send_email`, field for field as in the Python sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendEmailInput {
    /// The message.
    pub email_msg: String,
}

/// Where sent emails go: a stand-in for a mail service that tests (and the worker's log) read.
pub type Outbox = Arc<Mutex<Vec<String>>>;

/// The email activities, with their outbox injected.
#[derive(Debug, Clone, Default)]
pub struct EmailActivities {
    /// Every email sent, in order.
    pub outbox: Outbox,
}

#[activities]
impl EmailActivities {
    /// Sends the email; returns `Email message: {email_msg}, sent`, as in Python.
    #[activity(name = "send_email")]
    pub async fn send_email(
        self: Arc<Self>,
        _ctx: ActivityContext,
        input: SendEmailInput,
    ) -> Result<String, ActivityError> {
        let result = format!("Email message: {}, sent", input.email_msg);
        tracing::info!("{result}");
        self.outbox
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(input.email_msg);
        Ok(result)
    }
}
// ANCHOR_END: lesson
