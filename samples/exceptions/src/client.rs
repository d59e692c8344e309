//! The client half: start the greeting, then read its failure as a chain of causes; [`starter`]
//! is what `cargo run -p exceptions starter` does with them. `main.rs` and the tests call these
//! same functions.

use anyhow::{Context, Result, bail};
use samples_helper::Connected;
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions,
    errors::WorkflowGetResultError,
};

use crate::{ChainLink, GreetingRequest, GreetingWorkflow, failure_chain};

// ANCHOR: lesson
/// Starts the greeting; returns its handle. `GreetingRequest::Name` travels as the bare string
/// Python sends.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    request: GreetingRequest,
) -> Result<WorkflowHandle<Client, GreetingWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(GreetingWorkflow::run, request, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// What the caller of a workflow gets: the greeting, or the failure's cause chain (outermost
/// first) — the workflow failure, the activity failure, the application failure raised in the
/// activity.
pub async fn outcome(client: &Client, workflow_id: &str) -> Result<Result<String, Vec<ChainLink>>> {
    match client
        .get_workflow_handle::<GreetingWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
    {
        Ok(greeting) => Ok(Ok(greeting)),
        Err(WorkflowGetResultError::Failed(failure)) => Ok(Err(failure_chain(&failure))),
        Err(other) => bail!("workflow {workflow_id} did not complete: {other}"),
    }
}
// ANCHOR_END: lesson

// ANCHOR: starter
/// What the starter does: start the greeting and print its result or, when it fails, each link
/// of the cause chain with its type, message and the stack trace the raising SDK sent. A failed
/// workflow is an error here too (it is what this sample shows), so the command exits non-zero.
pub async fn starter(
    connected: &Connected,
    task_queue: &str,
    workflow_id: &str,
    request: GreetingRequest,
) -> Result<()> {
    let c = &connected.client;
    let handle = start(c, task_queue, workflow_id, request).await?;
    connected.print_handle(&handle);
    let chain = match outcome(c, workflow_id).await? {
        Ok(greeting) => {
            println!("Result: {greeting}");
            return Ok(());
        }
        Err(chain) => chain,
    };
    println!("Workflow failed. Cause chain (outermost first):");
    for (depth, link) in chain.iter().enumerate() {
        let indent = "  ".repeat(depth + 1);
        println!(
            "{indent}{}[{}]: {}",
            link.kind, link.type_name, link.message
        );
        if !link.facts.is_empty() {
            println!("{indent}  {}", link.facts);
        }
        if link.stack_trace.is_empty() {
            println!("{indent}  stack trace: (none sent by the raising SDK)");
        } else {
            println!("{indent}  stack trace:");
            for line in link.stack_trace.lines() {
                println!("{indent}    {line}");
            }
        }
    }
    bail!("workflow {workflow_id} failed (as this sample intends)")
}
// ANCHOR_END: starter
