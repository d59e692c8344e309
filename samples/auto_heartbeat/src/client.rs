//! The client half: start the workflow, signal it to cancel the activity, wait for the result.
//! `main.rs` and the tests call these same functions.

use std::time::Duration;

use anyhow::{Context, Result};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowSignalOptions, WorkflowStartOptions,
    errors::WorkflowGetResultError,
};

use crate::WaitForCancelWorkflow;

// ANCHOR: lesson
/// Starts `WaitForCancelWorkflow` (no input, as in Python) and returns its handle.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
) -> Result<WorkflowHandle<Client, WaitForCancelWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let started = client
        .start_workflow(WaitForCancelWorkflow::run, (), options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // Typed by the workflow rather than its run method, for the same execution.
    Ok(WorkflowHandle::new(client.clone(), started.info().clone()))
}

/// Signals the workflow to cancel its activity.
pub async fn cancel_activity(handle: &WorkflowHandle<Client, WaitForCancelWorkflow>) -> Result<()> {
    handle
        .signal(
            WaitForCancelWorkflow::cancel_activity,
            (),
            WorkflowSignalOptions::default(),
        )
        .await
        .context("cannot signal the workflow to cancel its activity")
}

/// Waits for the workflow's result, or its failure kept typed so callers can look into it.
pub async fn result(
    handle: &WorkflowHandle<Client, WaitForCancelWorkflow>,
) -> Result<String, WorkflowGetResultError> {
    handle.get_result(WorkflowGetResultOptions::default()).await
}

/// Lets the activity run for `after`, then signals the workflow to cancel it and waits for the
/// result. If the workflow ends first (its activity timed out, say), returns that outcome rather
/// than signalling a workflow that is already closed.
pub async fn cancel_after(
    handle: &WorkflowHandle<Client, WaitForCancelWorkflow>,
    after: Duration,
) -> Result<String> {
    if let Ok(ended_early) = tokio::time::timeout(after, result(handle)).await {
        return Ok(ended_early?);
    }
    cancel_activity(handle).await?;
    Ok(result(handle).await?)
}
// ANCHOR_END: lesson
