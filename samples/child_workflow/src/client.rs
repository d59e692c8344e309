//! The client half: start the workflow, then wait for its greeting. `main.rs` and the tests call
//! these same functions.

use anyhow::{Context, Result};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions,
    errors::WorkflowGetResultError,
};

use crate::{GreetingWorkflow, SignalChildInput, SignalChildWorkflow};

// ANCHOR: lesson
/// Starts `GreetingWorkflow` for `name`; returns its handle. The name travels as a bare JSON
/// string, as Python's `execute_workflow(GreetingWorkflow.run, "World", …)` sends it.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    name: String,
) -> Result<WorkflowHandle<Client, GreetingWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(GreetingWorkflow::run, name, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Starts `SignalChildWorkflow`: the parent that starts a child, signals it through the child's
/// handle, then awaits it; returns the parent's handle.
pub async fn start_signal_child(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    input: SignalChildInput,
) -> Result<WorkflowHandle<Client, SignalChildWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(SignalChildWorkflow::run, input, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for the greeting, or the workflow's failure, kept typed so callers can look into it.
pub async fn greeting(
    client: &Client,
    workflow_id: &str,
) -> Result<String, WorkflowGetResultError> {
    client
        .get_workflow_handle::<GreetingWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
}
// ANCHOR_END: lesson
