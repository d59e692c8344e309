//! # Message passing: queries, signals and updates
//!
//! A running workflow is not a black box. Clients talk to it with three kinds of message:
//!
//! - a **query** reads its state and returns a value; it must not change anything (it is not
//!   recorded in history, and can be answered even by a worker replaying the workflow);
//! - a **signal** changes its state and returns nothing; the sender learns only that the server
//!   accepted it (it is recorded in history, so it survives crashes);
//! - an **update** changes its state *and* returns a value, like a synchronous RPC to the
//!   workflow. A *validator* can reject it before anything is written to history; a handler
//!   that is `async` can run activities and timers before answering.
//!
//! `GreetingWorkflow` greets the world in one language, and returns its greeting once someone
//! approves it (a signal). Its language can be read (queries) and changed (updates): directly,
//! among the languages it knows, or through a remote greeting service (an activity) for others.
//! Because two such updates can interleave while their activities run, the async handler takes a
//! *workflow lock*, and the workflow waits for every handler to finish before it returns.
//!
//! Names match the Python sample `message_passing/introduction`, so its starter and worker
//! interoperate with these.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p message_passing worker
//! cargo run -p message_passing starter
//! ```

pub mod activities;
pub mod client;
pub mod support;
pub mod workflows;

use serde::{Deserialize, Serialize};
use serde_repr::{Deserialize_repr, Serialize_repr};
use temporalio_sdk::WorkerOptions;

pub use activities::GreetingServiceActivities;
pub use workflows::GreetingWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "message-passing-introduction-task-queue";
/// Workflow id, as in the Python sample's starter.
pub const WORKFLOW_ID: &str = "greeting-workflow-1234";

/// A language. On the wire it is the integer of Python's `IntEnum` (ARABIC = 1 … SPANISH = 7),
/// so Python and Rust clients and workers understand each other; any other integer is refused
/// when the payload is decoded, before the workflow sees it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize_repr, Deserialize_repr,
)]
#[repr(u8)]
pub enum Language {
    Arabic = 1,
    Chinese = 2,
    English = 3,
    French = 4,
    Hindi = 5,
    Portuguese = 6,
    Spanish = 7,
}

impl Language {
    /// Every language, in wire order.
    pub const ALL: [Language; 7] = [
        Language::Arabic,
        Language::Chinese,
        Language::English,
        Language::French,
        Language::Hindi,
        Language::Portuguese,
        Language::Spanish,
    ];
}

/// Input of the `get_languages` query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetLanguagesInput {
    /// Also list languages the workflow has no greeting for yet.
    pub include_unsupported: bool,
}

/// Input of the `set_language` and `set_language_using_activity` updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetLanguageInput {
    /// The language to switch to.
    pub language: Language,
}

/// Input of the `approve` signal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApproveInput {
    /// Who approved.
    pub name: String,
}

/// Worker options: the workflow and the greeting-service activity.
pub fn worker_options(
    task_queue: &str,
    activities: GreetingServiceActivities,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<GreetingWorkflow>()?
        .register_activities(activities)
        .build())
}
