//! # Data converter: typed, validated payloads
//!
//! The Rust answer to Python's pydantic converter sample. Temporal moves workflow and activity
//! arguments as *payloads*: bytes plus metadata saying how they are encoded. The Rust SDK's
//! default converter encodes any serde type as `json/plain`, so rich, typed models cross the wire
//! unchanged: an [`std::net::IpAddr`], a [`Timestamp`] (with its UTC offset, or naive as Python
//! may send it — kept as sent either way), an enum, and a money amount that must be positive.
//!
//! Validation happens at the edges, before any work is done:
//! - the **client** validates input before starting the workflow, with errors that name the
//!   field (`[1].amount.cents: amount must be positive, got -5`);
//! - the **workflow** accepts its input as [`Unvalidated`] JSON and validates it first thing, so
//!   bad input from any client (another SDK, the CLI) fails the workflow at once with a
//!   non-retryable `ValidationError` — instead of failing to deserialize, which would fail the
//!   *workflow task* and retry it forever.
//!
//! It also shows a **custom encoding for one type**: a [`Badge`] image is sent as raw bytes with
//! the standard `binary/plain` encoding instead of JSON (which would spell every byte as a
//! number). Both sides must agree on an encoding: the metadata tells the receiver how to decode,
//! and a receiver that does not know `binary/plain` for this type could not read it. Every
//! Temporal SDK understands `binary/plain` as bytes, so a Python client receives `bytes`.
//!
//! Read on: [`models`] (the typed, validated models), [`workflows`], [`activities`], [`badge`]
//! (a custom encoding), then [`client`].
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p data_converter worker
//! cargo run -p data_converter starter
//! cargo run -p data_converter badge --output badge.bmp
//! ```

pub mod activities;
pub mod badge;
pub mod client;
pub mod models;
pub mod workflows;

use temporalio_sdk::WorkerOptions;

pub use badge::Badge;
pub use models::{Money, MyModel, Priority, Timestamp, Unvalidated, ValidationError};
pub use workflows::{BadgeWorkflow, PydanticWorkflow};

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "pydantic_converter-task-queue";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "pydantic_converter-workflow-id";
/// Workflow id of the badge workflow.
pub const BADGE_WORKFLOW_ID: &str = "pydantic_converter-badge-workflow-id";

/// Worker options: both workflows and their activities.
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<PydanticWorkflow>()?
        .register_workflow::<BadgeWorkflow>()?
        .register_activities(activities::ModelActivities)
        .build())
}
