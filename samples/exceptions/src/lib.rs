//! # Exceptions (failures)
//!
//! What a client sees when a workflow fails, and the two kinds of failure a workflow can have.
//!
//! `GreetingWorkflow` runs `compose_greeting`, which always fails, with a retry policy of at
//! most 2 attempts. When the attempts are spent the workflow fails, and the client receives a
//! *chain*: the workflow's failure is caused by an **activity failure** (which activity, which
//! retry state), which is caused by the **application failure** the activity raised (its type,
//! message, retryability, details, and the stack trace when the SDK that raised it sends one).
//!
//! Two distinctions matter in practice:
//! - **Retryable vs non-retryable application failures.** A retryable failure is retried by the
//!   activity's retry policy; a non-retryable one (flagged when raised, or matched by type in the
//!   policy's `non_retryable_error_types`) fails the activity on its first attempt.
//! - **A failed workflow vs a failed workflow *task*.** Returning an error from workflow code
//!   fails the *workflow*: it is closed, for good. A bug that panics in workflow code fails only
//!   the *workflow task*: the workflow stays open and Temporal retries the task until a worker
//!   with fixed code completes it, so you can deploy a fix without losing the execution.
//!
//! Read on: [`workflows`], [`activities`] (the failing greeting), then [`client`] (the cause
//! chain a caller gets).
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p exceptions worker
//! cargo run -p exceptions starter
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use activities::{ComposeGreetingInput, GreetingActivities};
pub use workflows::GreetingWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "hello-exception-task-queue";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "hello-exception-workflow-id";

/// The workflow input. A Python client sends just the name; a Rust one may ask for a
/// non-retryable failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum GreetingRequest {
    /// Just a name, as the Python sample sends it.
    Name(String),
    /// A name and how the activity should fail.
    Options {
        /// Who to greet.
        name: String,
        /// Make the activity raise a non-retryable failure.
        #[serde(default)]
        non_retryable: bool,
    },
}

/// Worker options. With `workflow_bug`, the workflow code on this worker panics before doing
/// anything: a stand-in for a bug shipped in workflow code.
pub fn worker_options(task_queue: &str, workflow_bug: bool) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        // A factory instead of `register_workflow`, so the worker's configuration can reach the
        // workflow instance. The flag must not change the commands a workflow issues on replay;
        // this one only decides whether the code crashes.
        .register_workflow_with_factory::<GreetingWorkflow, _>(move || {
            GreetingWorkflow::new(workflow_bug)
        })?
        .register_activities(GreetingActivities)
        .build())
}

/// One link of a failure chain, as the client received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainLink {
    /// `WorkflowFailure`-side kind: `ActivityFailure`, `ApplicationFailure`, `TimeoutFailure`, …
    pub kind: String,
    /// Activity type (activity failures) or failure type (application failures).
    pub type_name: String,
    /// The failure's message.
    pub message: String,
    /// Extra facts: retry state, retryability.
    pub facts: String,
    /// The stack trace the raising SDK attached (Python and Java send one; Rust sends none).
    pub stack_trace: String,
}

/// Flattens a failure into its chain of causes, outermost first.
pub fn failure_chain(failure: &temporalio_common::error::IncomingError) -> Vec<ChainLink> {
    use temporalio_common::error::IncomingError;
    let mut links = Vec::new();
    let mut current = Some(failure);
    while let Some(f) = current {
        let (kind, type_name, facts) = match f {
            IncomingError::Activity(a) => (
                "ActivityFailure",
                a.activity_type().unwrap_or_default().to_owned(),
                format!(
                    "activity id {}, retry state {:?}",
                    a.activity_id(),
                    a.retry_state()
                ),
            ),
            IncomingError::Application(a) => (
                "ApplicationFailure",
                a.type_name().unwrap_or_default().to_owned(),
                format!("non-retryable: {}", a.is_non_retryable()),
            ),
            IncomingError::Timeout(t) => (
                "TimeoutFailure",
                format!("{:?}", t.timeout_type()),
                String::new(),
            ),
            IncomingError::Cancelled(_) => ("CanceledFailure", String::new(), String::new()),
            IncomingError::Terminated(_) => ("TerminatedFailure", String::new(), String::new()),
            IncomingError::ChildWorkflowExecution(c) => (
                "ChildWorkflowFailure",
                c.workflow_type().unwrap_or_default().to_owned(),
                String::new(),
            ),
            _ => ("Failure", String::new(), String::new()),
        };
        links.push(ChainLink {
            kind: kind.to_owned(),
            type_name,
            message: f.failure().message.clone(),
            facts,
            stack_trace: f.failure().stack_trace.clone(),
        });
        current = f.cause();
    }
    links
}
