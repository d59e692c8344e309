//! # Timers
//!
//! Durable timers are how a workflow waits: a timer is recorded in history and fired by the
//! server, so it survives worker restarts and can last months. A workflow can keep several
//! timers going at once and react to whichever fires first. Two workflows show it:
//!
//! - `MaintenanceRemindersWorkflow` keeps one **recurring timer per maintenance task** (oil
//!   change, inspection, coolant), all running concurrently. Each firing sends a reminder through
//!   an activity and re-arms that task's timer. The workflow stops after a number of reminders
//!   or when it receives the `stop` signal, cancelling the timers still pending. Intervals are
//!   inputs: months in real life, milliseconds in the demo and the tests.
//! - `OrderProcessingWorkflow` (Go's timer sample) **races a timer against an activity**. If the
//!   timer fires first, a "running late" notification goes out and processing continues; if the
//!   processing wins, the timer is cancelled — explicitly, because dropping a timer future in the
//!   Rust SDK does not cancel the timer.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p timers worker
//! cargo run -p timers reminders
//! cargo run -p timers order
//! ```

pub mod activities;
pub mod workflows;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use activities::{Notification, NotificationActivities, ProcessingActivities};
pub use workflows::{MaintenanceRemindersWorkflow, OrderProcessingWorkflow};

/// The task queue of both workflows.
pub const TASK_QUEUE: &str = "timers-task-queue";
/// Workflow id of the reminders demo.
pub const REMINDERS_WORKFLOW_ID: &str = "maintenance-reminders";
/// Workflow id of the order demo.
pub const ORDER_WORKFLOW_ID: &str = "order-processing";

/// One recurring maintenance task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaintenanceTask {
    /// E.g. `oil change`.
    pub name: String,
    /// Time between reminders, in milliseconds.
    pub interval_ms: u64,
}

/// Input of `MaintenanceRemindersWorkflow`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderPlan {
    /// Who the reminders are for, e.g. a vehicle id.
    pub vehicle: String,
    /// The recurring tasks; each gets its own timer.
    pub tasks: Vec<MaintenanceTask>,
    /// Stop after this many reminders in total (0 = only the `stop` signal stops it).
    pub max_reminders: u32,
}

/// One reminder that was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentReminder {
    /// Which task.
    pub task: String,
    /// The how-manieth reminder for this task (from 1).
    pub number: u32,
}

/// Input of `OrderProcessingWorkflow`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderInput {
    /// The order.
    pub order_id: String,
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
        .register_workflow::<MaintenanceRemindersWorkflow>()?
        .register_workflow::<OrderProcessingWorkflow>()?
        .register_activities(NotificationActivities)
        .register_activities(ProcessingActivities)
        .build())
}
