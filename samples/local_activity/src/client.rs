//! The client half: start the workflow, then wait for its greeting; [`starter`] is what
//! `cargo run -p local_activity starter` does with them. `main.rs` and the tests call these same
//! functions.

use anyhow::{Context, Result};
use samples_helper::Connected;
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions,
    errors::WorkflowGetResultError,
};

use crate::GreetingWorkflow;

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

// ANCHOR: starter
/// What the starter does: start the workflow and print its greeting.
pub async fn starter(
    connected: &Connected,
    task_queue: &str,
    workflow_id: &str,
    name: String,
) -> Result<String> {
    let handle = start(&connected.client, task_queue, workflow_id, name).await?;
    connected.print_handle(&handle);
    let result = greeting(&connected.client, workflow_id).await?;
    println!("Result: {result}");
    Ok(result)
}
// ANCHOR_END: starter
