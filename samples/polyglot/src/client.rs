//! The client half: start `say-hello-workflow` on a task queue and wait; then ask the history which
//! workers did the work. `main.rs` and the tests call these same functions.

use anyhow::{Context, Result};
use temporalio_client::{Client, WorkflowGetResultOptions, WorkflowStartOptions};
use temporalio_common::protos::temporal::api::history::v1::history_event::Attributes;

use crate::SayHelloWorkflow;

// ANCHOR: lesson
/// Runs `say-hello-workflow` on `task_queue` and returns its result. The client names the
/// workflow type and the queue, never a language: on `say-hello-task-queue` the Rust worker runs
/// it, on `say-hello-python-workflow-task-queue` the Python one does.
pub async fn say_hello(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    name: &str,
) -> Result<String> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(SayHelloWorkflow::run, name.to_owned(), options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    handle
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("workflow `{workflow_id}` did not complete"))
}

/// Who did the work, as history records it: the identity of the worker that completed the
/// workflow's tasks, and of the one that ran its activity.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServedBy {
    /// Identity on `WorkflowTaskCompleted`.
    pub workflow_worker: String,
    /// Identity on `ActivityTaskStarted`.
    pub activity_worker: String,
}

/// Reads [`ServedBy`] from the workflow's history.
pub async fn served_by(client: &Client, workflow_id: &str) -> Result<ServedBy> {
    let events = client
        .get_workflow_handle::<SayHelloWorkflow>(workflow_id)
        .fetch_history(Default::default())
        .into_events()
        .await
        .with_context(|| format!("cannot read the history of `{workflow_id}`"))?;
    let mut served = ServedBy::default();
    for event in events {
        match event.attributes {
            Some(Attributes::WorkflowTaskCompletedEventAttributes(a)) => {
                served.workflow_worker = a.identity;
            }
            Some(Attributes::ActivityTaskStartedEventAttributes(a)) => {
                served.activity_worker = a.identity;
            }
            _ => {}
        }
    }
    Ok(served)
}
// ANCHOR_END: lesson
