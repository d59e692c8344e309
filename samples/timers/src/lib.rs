//! # Timers
//!
//! Durable timers are how a workflow waits: a timer is recorded in history and fired by the
//! server, so it survives worker restarts and can last months. A workflow can keep several
//! timers going at once and react to whichever fires first. Two workflows show it:
//!
//! - `MaintenanceWorkflow` is the [Python samples
//!   catalogue](../../README.md#the-python-samples-catalogue)'s concurrent-timers pattern ("the
//!   catalogue" below): given the car
//!   owner's email, it keeps **three recurring timers** running at once — an oil change every 3
//!   months, an inspection every year, a coolant service every 24 months — and each time one
//!   fires it calls `send_notification(user_email, message)` and re-arms that timer. It runs for
//!   as long as the car does. The intervals are the catalogue's unless a plan gives others
//!   (milliseconds, for the demo and the tests), and a `stop` signal ends it, cancelling the
//!   timers still pending.
//! - `OrderProcessingWorkflow` **races a timer against an activity**. If the timer fires first,
//!   a "running late" notification goes out and processing continues; if the processing wins,
//!   the timer is cancelled — explicitly, because dropping a timer future in the Rust SDK does
//!   not cancel the timer.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p timers worker
//! cargo run -p timers starter --oil-change-ms 1000 --inspection-ms 2500 --coolant-ms 4000 --max-notifications 6
//! cargo run -p timers order
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use std::time::Duration;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use activities::{NotificationActivities, ProcessingActivities};
pub use workflows::{MaintenanceWorkflow, OrderProcessingWorkflow};

/// The task queue of both workflows.
pub const TASK_QUEUE: &str = "timers-task-queue";
/// Workflow id of the maintenance workflow started by `starter`.
pub const MAINTENANCE_WORKFLOW_ID: &str = "maintenance-workflow";
/// Workflow id of the order race started by `order`.
pub const ORDER_WORKFLOW_ID: &str = "order-processing";

const DAY: Duration = Duration::from_secs(24 * 60 * 60);
/// The catalogue's oil change interval: 3 months (90 days).
pub const OIL_CHANGE_INTERVAL: Duration = DAY.saturating_mul(90);
/// The catalogue's inspection interval: a year (365 days).
pub const INSPECTION_INTERVAL: Duration = DAY.saturating_mul(365);
/// The catalogue's coolant interval: 24 months (730 days).
pub const COOLANT_INTERVAL: Duration = DAY.saturating_mul(730);

/// Input of `MaintenanceWorkflow`: the catalogue's bare email, or a plan with its own intervals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MaintenanceInput {
    /// The catalogue's input (`run(user_email: str)`): the catalogue's intervals, no end.
    UserEmail(String),
    /// Other intervals and an optional limit: what the demo and the tests send.
    Plan(MaintenancePlan),
}

/// A maintenance plan with explicit intervals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaintenancePlan {
    /// Who the notifications go to.
    pub user_email: String,
    /// Time between oil change notifications, in milliseconds.
    pub oil_change_ms: u64,
    /// Time between inspection notifications, in milliseconds.
    pub inspection_ms: u64,
    /// Time between coolant notifications, in milliseconds.
    pub coolant_ms: u64,
    /// End after this many notifications in all (0: only the `stop` signal ends it).
    #[serde(default)]
    pub max_notifications: u32,
}

impl MaintenancePlan {
    /// The catalogue's intervals for `user_email`, with no end.
    pub fn catalogue(user_email: &str) -> Self {
        let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        Self {
            user_email: user_email.to_owned(),
            oil_change_ms: ms(OIL_CHANGE_INTERVAL),
            inspection_ms: ms(INSPECTION_INTERVAL),
            coolant_ms: ms(COOLANT_INTERVAL),
            max_notifications: 0,
        }
    }
}

impl From<MaintenanceInput> for MaintenancePlan {
    fn from(input: MaintenanceInput) -> Self {
        match input {
            MaintenanceInput::UserEmail(email) => Self::catalogue(&email),
            MaintenanceInput::Plan(plan) => plan,
        }
    }
}

/// Input of `OrderProcessingWorkflow`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderInput {
    /// The order.
    pub order_id: String,
    /// Who to tell if it runs late.
    pub customer_email: String,
    /// How long processing takes, in milliseconds (the demo's stand-in for real work).
    pub processing_ms: u64,
    /// Tell the customer the order is late when processing takes longer than this.
    pub late_after_ms: u64,
}

/// What happened to an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderOutcome {
    /// The processing activity's result.
    pub result: String,
    /// Whether the "running late" notification was sent.
    pub late_notice_sent: bool,
}

/// Worker options: both workflows and their activities.
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<MaintenanceWorkflow>()?
        .register_workflow::<OrderProcessingWorkflow>()?
        .register_activities(NotificationActivities)
        .register_activities(ProcessingActivities)
        .build())
}
