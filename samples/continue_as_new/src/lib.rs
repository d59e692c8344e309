//! # Continue-as-new
//!
//! Every workflow run has one history, and histories have limits (51,200 events or 50 MB, with
//! warnings well before). A workflow that loops forever — a poller, an entity, a subscription —
//! must therefore periodically *continue as new*: finish this run and atomically start a fresh
//! run of the same workflow id with new input. Whatever state must survive goes into that input.
//!
//! `LoopingWorkflow` sleeps on a timer, adds its iteration to a running total, and continues as
//! new with iteration + 1 until it reaches the target (10, as in the Python sample). The final
//! run returns nothing, as Python's does; the state it carried is its input, which the client
//! reads back from history (`client::final_state`). The workflow id stays the same across all
//! runs; each run has its own run id, linked to the next.
//!
//! Read on: [`workflows`] (the loop), then [`client`] (start, wait, read the runs).
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p continue_as_new worker
//! cargo run -p continue_as_new starter
//! ```

pub mod client;
pub mod workflows;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use workflows::LoopingWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "hello-continue-as-new-task-queue";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "hello-continue-as-new-workflow-id";

/// The state carried from run to run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoopState {
    /// Which run this is, from 0.
    pub iteration: u32,
    /// The sum of the iterations completed so far: proof that state survives each new run.
    #[serde(default)]
    pub total: u64,
    /// Stop when `iteration` reaches this (Python: 10).
    #[serde(default = "default_until")]
    pub until: u32,
    /// How long each run sleeps, in milliseconds (Python: 1 s).
    #[serde(default = "default_interval_ms")]
    pub interval_ms: u64,
    /// Fail the workflow when `iteration` reaches this (a simulated business error in a later
    /// run, for the demo and the tests). Omitted from the JSON when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_at: Option<u32>,
}

fn default_until() -> u32 {
    10
}

fn default_interval_ms() -> u64 {
    1000
}

impl LoopState {
    /// The first run's state.
    pub fn start(until: u32, interval_ms: u64) -> Self {
        Self {
            iteration: 0,
            total: 0,
            until,
            interval_ms,
            fail_at: None,
        }
    }
}

/// The workflow input: Python's `LoopingWorkflow.run(iteration: int)` sends a bare integer, which
/// this accepts as well as the full state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LoopInput {
    /// A bare iteration number, as a Python client sends it.
    Iteration(u32),
    /// The carried state.
    State(LoopState),
}

impl LoopInput {
    /// The state this input stands for.
    pub fn into_state(self) -> LoopState {
        match self {
            Self::Iteration(iteration) => LoopState {
                iteration,
                ..LoopState::start(default_until(), default_interval_ms())
            },
            Self::State(state) => state,
        }
    }
}

/// Worker options: the looping workflow.
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<LoopingWorkflow>()?
        .build())
}
