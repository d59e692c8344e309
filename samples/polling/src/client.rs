//! The client half: start a variant's workflow and wait for its greeting. `main.rs` and the
//! tests call it.

use anyhow::{Context, Result};
use samples_helper::Connected;
use temporalio_client::{WorkflowGetResultOptions, WorkflowStartOptions};

// ANCHOR: lesson
/// Starts `workflow` (any variant's `GreetingWorkflow::run`) with `input`, prints its id, run id
/// and Web UI link, and waits for its result: the greeting, once the polling succeeded.
pub async fn run<W>(
    connected: &Connected,
    workflow: W,
    input: W::Input,
    task_queue: &str,
    workflow_id: &str,
) -> Result<W::Output>
where
    W: temporalio_common::HasWorkflowDefinition,
    W::Input: Send,
    W::Output: 'static,
{
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = connected
        .client
        .start_workflow(workflow, input, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    connected.print_started(workflow_id, handle.run_id().unwrap_or_default());
    Ok(handle
        .get_result(WorkflowGetResultOptions::default())
        .await?)
}
// ANCHOR_END: lesson
