//! The client half: start a transfer, then wait for its result. `main.rs` and the tests call
//! these same functions.

use anyhow::{Context, Result};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions,
    errors::WorkflowGetResultError,
};

use crate::{MoneyTransferWorkflow, PaymentDetails};

// ANCHOR: lesson
/// Starts the transfer; returns its handle. The workflow id is the transfer's business identity:
/// starting the same id again while it runs is rejected, so a double click cannot start two.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    details: PaymentDetails,
) -> Result<WorkflowHandle<Client, MoneyTransferWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(MoneyTransferWorkflow::run, details, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for `Transfer complete (transaction IDs: W…, D…)`, or the transfer's failure (the
/// deposit's error after a refund, or a non-retryable error such as `InvalidAccountError`),
/// kept typed so callers can walk its causes.
pub async fn result(client: &Client, workflow_id: &str) -> Result<String, WorkflowGetResultError> {
    client
        .get_workflow_handle::<MoneyTransferWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
}
// ANCHOR_END: lesson
