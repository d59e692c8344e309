//! The client half: start the workflow, wait for its result; [`starter`] is what
//! `cargo run -p hello_activity starter` does with them, as the Python sample's starter does.
//! `main.rs` and the tests call these same functions.

use anyhow::{Context, Result};
use samples_helper::Connected;
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions,
    errors::WorkflowGetResultError,
};

use crate::GreetingWorkflow;

// ANCHOR: lesson
/// Starts `GreetingWorkflow` for `name` on `task_queue` and returns its handle (the run id is
/// `handle.run_id()`). The name travels as a bare JSON string, as Python's
/// `execute_workflow(GreetingWorkflow.run, "World", …)` sends it.
///
/// Starting returns as soon as the server has recorded the start; no worker needs to be running.
/// A workflow id is unique among running workflows: starting a second one with the id of a
/// running one fails (the error says so), while a finished one's id can be used again.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    name: &str,
) -> Result<WorkflowHandle<Client, GreetingWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let started = client
        .start_workflow(GreetingWorkflow::run, name.to_owned(), options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // The handle `start_workflow` returns is typed by the run method; this one by the workflow,
    // for the same execution (workflow id and run id), so callers can name its type.
    Ok(WorkflowHandle::new(client.clone(), started.info().clone()))
}

/// Waits for the workflow's result: the greeting, or its failure kept typed so callers can look
/// into it. Waiting is a long poll on the server, not on a worker; it survives worker restarts.
pub async fn result(
    handle: &WorkflowHandle<Client, GreetingWorkflow>,
) -> Result<String, WorkflowGetResultError> {
    handle.get_result(WorkflowGetResultOptions::default()).await
}
// ANCHOR_END: lesson

// ANCHOR: starter
/// What the starter does: start the workflow, print where to see it, wait for the greeting and
/// print it.
pub async fn starter(
    connected: &Connected,
    task_queue: &str,
    workflow_id: &str,
    name: &str,
) -> Result<String> {
    let handle = start(&connected.client, task_queue, workflow_id, name).await?;
    connected.print_handle(&handle);
    let greeting = result(&handle).await?;
    println!("Result: {greeting}");
    Ok(greeting)
}
// ANCHOR_END: starter
