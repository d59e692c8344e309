//! # Standalone activity
//!
//! An activity started directly by a client, with no workflow around it. The server schedules,
//! times out and retries it exactly as it would an activity a workflow called, and keeps its
//! outcome under an *activity id* that the client (or any other client) can come back to: wait
//! for the result, describe it, cancel or terminate it, list and count executions by a
//! visibility query.
//!
//! Reach for it when one durable, retried call is all the job needs — send this email, charge
//! this card, resize this image — and a workflow would only wrap that single call. When a second
//! step appears (compensate, wait for a signal, call another activity), write the workflow.
//!
//! - The **activity** ([`activities`]) and its **worker** are written exactly as for a
//!   workflow's activity; nothing on the worker side says "standalone".
//! - The **client** ([`client`]) is where the difference is: `start_activity` instead of
//!   `start_workflow`, and an activity handle instead of a workflow handle.
//!
//! The server must allow it: Temporal CLI 1.9.1 or later (server 1.32) turns it on in
//! `temporal server start-dev`; a self-hosted server needs the dynamic config
//! `activity.enableStandalone: true`. [`client::ensure_enabled`] asks the namespace and says so
//! when it is off.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p standalone_activity worker
//! cargo run -p standalone_activity starter
//! ```

pub mod activities;
pub mod client;

use temporalio_sdk::WorkerOptions;

pub use activities::{ComposeGreetingInput, GreetingActivities};

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "my-standalone-activity-task-queue";
/// Activity id, as in the Python sample.
pub const ACTIVITY_ID: &str = "my-standalone-activity-id";

/// Worker options: the activity and no workflow at all. The same options would serve a workflow
/// that calls `compose_greeting`.
pub fn worker_options(task_queue: &str) -> WorkerOptions {
    WorkerOptions::new(task_queue)
        .register_activities(GreetingActivities)
        .build()
}

/// The visibility query that selects this sample's executions on `task_queue`.
pub fn task_queue_query(task_queue: &str) -> String {
    format!("TaskQueue = '{task_queue}'")
}
