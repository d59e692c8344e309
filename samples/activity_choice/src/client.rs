//! The client half: start the purchase, then wait for its confirmations. `main.rs` and the tests
//! call these same functions.

use anyhow::{Context, Result};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions,
    errors::WorkflowGetResultError,
};

use crate::{PurchaseFruitsWorkflow, ShoppingList};

// ANCHOR: lesson
/// Starts the purchase of `list`; returns its handle. The list travels as Python's
/// `ShoppingList` dataclass does: `{"items": [{"fruit": 1, "amount": 8}, …]}`.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    list: ShoppingList,
) -> Result<WorkflowHandle<Client, PurchaseFruitsWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(PurchaseFruitsWorkflow::run, list, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for the confirmations, or the workflow's failure (an `UnknownFruitError` for a fruit
/// the workflow has no activity for), kept typed so callers can look into it.
pub async fn confirmations(
    client: &Client,
    workflow_id: &str,
) -> Result<String, WorkflowGetResultError> {
    client
        .get_workflow_handle::<PurchaseFruitsWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
}
// ANCHOR_END: lesson
