//! # Replay: check a change against the histories of workflows that already ran
//!
//! A workflow must make the same decisions when a worker replays its history as when it first
//! ran: every running workflow is replayed by the new code as soon as it is deployed. A change
//! that reorders or adds a command — a timer before an activity, an activity removed — breaks
//! those workflows (nondeterminism), and the only place to catch it is *before* deploying.
//!
//! The replayer does that: it fetches the histories of real workflows from the server by a
//! visibility query and runs them through the current workflow code with no server involved,
//! reporting each history the code cannot replay. Run it in CI, or before a deploy, against
//! production's recent histories.
//!
//! - The **workflows** ([`workflows`]): three small ones whose histories get replayed, and the
//!   incompatible change the Python sample's README suggests, kept as code.
//! - The **client** ([`client`]): run the workflows, fetch their histories by query, replay.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p replay worker
//! cargo run -p replay starter
//! cargo run -p replay replayer [--with-incompatible-change]
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use temporalio_sdk::WorkerOptions;
use temporalio_sdk::workflow_replayer::WorkflowReplayerOptions;

pub use activities::{ComposeGreetingInput, GreetingActivities};
pub use workflows::{JustActivity, JustActivityWithTimerFirst, JustTimer, TimerThenActivity};

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "replay-sample";
/// The one workflow id the starter runs all three under, one after the other, as the Python
/// starter does (so that a query by id finds all three without advanced visibility).
pub const WORKFLOW_ID: &str = "replayer-workflow-id";

/// The visibility query that selects the runs of `workflow_id`.
pub fn workflow_id_query(workflow_id: &str) -> String {
    format!("WorkflowId = '{workflow_id}'")
}

/// Worker options: the three workflows and the activity.
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<JustActivity>()?
        .register_workflow::<JustTimer>()?
        .register_workflow::<TimerThenActivity>()?
        .register_activities(GreetingActivities)
        .build())
}

/// Which code the replayer checks the histories against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Code {
    /// The workflows as the worker runs them.
    #[default]
    Current,
    /// `JustActivity` replaced by [`JustActivityWithTimerFirst`]: the change that must be caught.
    WithIncompatibleChange,
}

/// Replayer options: the same workflow types a worker registers — replay needs the code, not a
/// server. Activities are not needed: replay takes their results from history.
pub fn replayer_options(code: Code) -> anyhow::Result<WorkflowReplayerOptions> {
    let options = WorkflowReplayerOptions::new();
    let options = match code {
        Code::Current => options.register_workflow::<JustActivity>()?,
        Code::WithIncompatibleChange => {
            options.register_workflow::<JustActivityWithTimerFirst>()?
        }
    };
    Ok(options
        .register_workflow::<JustTimer>()?
        .register_workflow::<TimerThenActivity>()?
        .build())
}
