//! # Polling
//!
//! Waiting for an external service that is not ready yet, three ways — pick by how often you
//! need to ask:
//!
//! - **Frequent** (every few seconds or faster): one activity loops, calling the service,
//!   sleeping between tries and heartbeating so Temporal knows it is alive. No history is
//!   written per try. [`frequent`]
//! - **Infrequent** (every minute or slower): the activity calls the service once and fails if
//!   it is not ready; a retry policy with backoff coefficient 1.0 and a fixed interval *is* the
//!   polling loop. Each try is a retry, not a history event. [`infrequent`]
//! - **Periodic, with logic between tries**: a child workflow calls the activity (one attempt
//!   each), sleeps on a durable timer between tries, and continues as new after a number of tries
//!   to keep its history short. [`periodic`]
//!
//! All three poll [`support::service::FlakyService`], which succeeds on the Nth call per workflow. N and the
//! poll interval are options, so the demo and the tests take seconds instead of minutes.
//!
//! One module per variant (rather than one `workflows.rs`): each is a self-contained pattern,
//! registered on its own task queue under the same names as the Python samples.
//!
//! Read on: [`frequent`], [`infrequent`], [`periodic`] (the three ways to poll), then
//! [`client`].
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p polling worker
//! cargo run -p polling starter --variant frequent
//! ```

pub mod client;
pub mod frequent;
pub mod infrequent;
pub mod periodic;
pub mod support;

use std::{sync::Arc, time::Duration};

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

use support::service::FlakyService;

/// Task queue of the frequent variant, as in the Python sample.
pub const FREQUENT_TASK_QUEUE: &str = "frequent-activity-retry-task-queue";
/// Workflow id of the frequent variant, as in the Python sample.
pub const FREQUENT_WORKFLOW_ID: &str = "frequent-activity-retry";
/// Task queue of the infrequent variant, as in the Python sample.
pub const INFREQUENT_TASK_QUEUE: &str = "infrequent-activity-retry-task-queue";
/// Workflow id of the infrequent variant, as in the Python sample.
pub const INFREQUENT_WORKFLOW_ID: &str = "infrequent-activity-retry";
/// Task queue of the periodic variant, as in the Python sample.
pub const PERIODIC_TASK_QUEUE: &str = "periodic-retry-task-queue";
/// Workflow id of the periodic variant, as in the Python sample.
pub const PERIODIC_WORKFLOW_ID: &str = "periodic-child-workflow-retry";

/// Input of every variant's `GreetingWorkflow`. A Python client sends just the name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PollingInput {
    /// Just a name, as the Python samples send it (default poll interval).
    Name(String),
    /// A name and how often to poll.
    Options {
        /// Who to greet once the service answers.
        name: String,
        /// Time between tries, in milliseconds.
        poll_interval_ms: u64,
        /// Periodic variant: tries per child run before it continues as new (default 10).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tries_per_run: Option<u32>,
    },
}

impl PollingInput {
    /// Tries per periodic child run, if given.
    pub fn tries_per_run(&self) -> Option<u32> {
        match self {
            Self::Name(_) => None,
            Self::Options { tries_per_run, .. } => *tries_per_run,
        }
    }

    /// The name and the poll interval (`default_interval` when the input has none).
    pub fn parts(&self, default_interval: Duration) -> (String, Duration) {
        match self {
            Self::Name(name) => (name.clone(), default_interval),
            Self::Options {
                name,
                poll_interval_ms,
                ..
            } => (name.clone(), Duration::from_millis(*poll_interval_ms)),
        }
    }
}

/// Input of `compose_greeting`, as in the Python samples.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeGreetingInput {
    /// E.g. `Hello`.
    pub greeting: String,
    /// Who to greet.
    pub name: String,
}

/// Options for the three workers (one per variant and task queue), sharing one service.
///
/// `frequent_poll_interval` is how long the frequent variant's activity sleeps between tries;
/// the other variants take their interval from the workflow input.
pub fn worker_options(
    service: Arc<FlakyService>,
    frequent_poll_interval: Duration,
    task_queue_suffix: &str,
) -> anyhow::Result<[WorkerOptions; 3]> {
    Ok([
        frequent::worker_options(
            &format!("{FREQUENT_TASK_QUEUE}{task_queue_suffix}"),
            service.clone(),
            frequent_poll_interval,
        )?,
        infrequent::worker_options(
            &format!("{INFREQUENT_TASK_QUEUE}{task_queue_suffix}"),
            service.clone(),
        )?,
        periodic::worker_options(
            &format!("{PERIODIC_TASK_QUEUE}{task_queue_suffix}"),
            service,
        )?,
    ])
}
