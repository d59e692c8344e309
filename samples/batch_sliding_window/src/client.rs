//! The client half: start a batch, watch its windows, await the total; [`starter`] is what
//! `cargo run -p batch_sliding_window starter` does with them. `main.rs` and the tests call these
//! same functions.

use std::time::Duration;

use anyhow::{Context, Result};
use samples_helper::Connected;
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowQueryOptions, WorkflowStartOptions,
};

use crate::{
    ProcessBatchWorkflow, ProcessBatchWorkflowInput, SlidingWindowState, SlidingWindowWorkflow,
};

// ANCHOR: lesson
/// Starts a batch; returns its handle.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    input: ProcessBatchWorkflowInput,
) -> Result<WorkflowHandle<Client, ProcessBatchWorkflow>> {
    let handle = client
        .start_workflow(
            ProcessBatchWorkflow::run,
            input,
            WorkflowStartOptions::new(task_queue, workflow_id).build(),
        )
        .await
        .with_context(|| format!("cannot start `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for the batch: how many records were processed.
pub async fn result(client: &Client, workflow_id: &str) -> Result<u64> {
    client
        .get_workflow_handle::<ProcessBatchWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("`{workflow_id}` did not complete"))
}

/// The `state` of window `partition` of batch `workflow_id` (its latest run).
pub async fn window_state(
    client: &Client,
    workflow_id: &str,
    partition: u32,
) -> Result<SlidingWindowState> {
    window_state_of(client, &format!("{workflow_id}/{partition}")).await
}

/// The `state` of the window workflow `window_id` (its latest run).
pub async fn window_state_of(client: &Client, window_id: &str) -> Result<SlidingWindowState> {
    client
        .get_workflow_handle::<SlidingWindowWorkflow>(window_id)
        .query(
            SlidingWindowWorkflow::state,
            (),
            WorkflowQueryOptions::default(),
        )
        .await
        .with_context(|| format!("cannot query `{window_id}`"))
}
// ANCHOR_END: lesson

// ANCHOR: starter
/// What the starter does: start the batch, print every 2 seconds what each window reports
/// through its `state` query while the batch runs, and print the total.
pub async fn starter(
    connected: &Connected,
    task_queue: &str,
    workflow_id: &str,
    input: ProcessBatchWorkflowInput,
) -> Result<u64> {
    let c = &connected.client;
    println!("Input: {input:?}");
    let partitions = input.partitions;
    let handle = start(c, task_queue, workflow_id, input).await?;
    connected.print_handle(&handle);
    println!("Waiting for workflow to complete...");
    let result = result(c, workflow_id);
    tokio::pin!(result);
    let mut tick = tokio::time::interval(Duration::from_secs(2));
    tick.tick().await;
    let total = loop {
        // A client, not a workflow: `tokio::select!` is fine here.
        tokio::select! {
            total = &mut result => break total?,
            _ = tick.tick() => {
                // The windows' own view, through their `state` query.
                let mut line = Vec::new();
                for p in 0..partitions {
                    match window_state(c, workflow_id, p).await {
                        Ok(s) => line.push(format!(
                            "/{p}: {} done, {} running",
                            s.progress,
                            s.current_records.len()
                        )),
                        Err(_) => line.push(format!("/{p}: not started")),
                    }
                }
                println!("  {}", line.join(" | "));
            }
        }
    };
    println!("Workflow completed successfully!");
    println!("Total records processed: {total}");
    Ok(total)
}
// ANCHOR_END: starter
