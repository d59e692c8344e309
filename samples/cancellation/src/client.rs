//! The client half: start the workflow, request its cancellation, and read how it ended; start
//! the batch and read which attempt finished it; [`starter`] and [`batch`] are what the `starter`
//! and `batch` commands do with them. `main.rs` and the tests call these functions.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use samples_helper::Connected;
use temporalio_client::{
    Client, UntypedWorkflow, WorkflowCancelOptions, WorkflowDescribeOptions,
    WorkflowExecutionStatus, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions,
    errors::WorkflowGetResultError,
};

use crate::{BatchInput, BatchReport, BatchWorkflow, CancellationWorkflow};

// ANCHOR: lesson
/// Starts `CancellationWorkflow`; returns its handle.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
) -> Result<WorkflowHandle<Client, CancellationWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(CancellationWorkflow::run, (), options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Requests cancellation of a running workflow, by id. The reason is recorded in its history
/// (`WorkflowExecutionCancelRequested`). The request returns at once: the workflow decides what
/// to do about it, and `outcome` waits for that.
pub async fn cancel(client: &Client, workflow_id: &str, reason: &str) -> Result<()> {
    client
        .get_workflow_handle::<UntypedWorkflow>(workflow_id)
        .cancel(WorkflowCancelOptions::builder().reason(reason).build())
        .await
        .with_context(|| format!("cannot cancel workflow `{workflow_id}`"))
}

/// Waits for `CancellationWorkflow` to end and returns its result: a cancelled workflow is
/// `Err(WorkflowGetResultError::Cancelled)`, kept typed so callers can tell it from a failure.
pub async fn outcome(client: &Client, workflow_id: &str) -> Result<(), WorkflowGetResultError> {
    client
        .get_workflow_handle::<CancellationWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
}

/// The status the server records for the execution (CANCELED after a cancellation).
pub async fn status(client: &Client, workflow_id: &str) -> Result<WorkflowExecutionStatus> {
    Ok(client
        .get_workflow_handle::<UntypedWorkflow>(workflow_id)
        .describe(WorkflowDescribeOptions::default())
        .await
        .with_context(|| format!("cannot describe workflow `{workflow_id}`"))?
        .status())
}

/// Waits until the workflow's pending activity has heartbeated at least once (it is running), so
/// a cancellation sent now reaches a running activity rather than a scheduled one.
pub async fn wait_for_first_heartbeat(
    client: &Client,
    workflow_id: &str,
    timeout: Duration,
) -> Result<()> {
    let handle = client.get_workflow_handle::<UntypedWorkflow>(workflow_id);
    let deadline = Instant::now() + timeout;
    loop {
        let d = handle.describe(WorkflowDescribeOptions::default()).await?;
        if d.raw()
            .pending_activities
            .iter()
            .any(|a| a.last_heartbeat_time.is_some())
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the activity of {workflow_id} did not heartbeat within {timeout:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Starts `BatchWorkflow`; returns its handle.
pub async fn start_batch(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    input: BatchInput,
) -> Result<WorkflowHandle<Client, BatchWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(BatchWorkflow::run, input, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// The progress the batch's pending activity last recorded in its heartbeat details: the next
/// item a retry will start from. `None` while it has recorded nothing.
pub async fn recorded_progress(client: &Client, workflow_id: &str) -> Result<Option<u32>> {
    let described = client
        .get_workflow_handle::<UntypedWorkflow>(workflow_id)
        .describe(WorkflowDescribeOptions::default())
        .await
        .with_context(|| format!("cannot describe workflow `{workflow_id}`"))?;
    let Some(payload) = described
        .raw()
        .pending_activities
        .first()
        .and_then(|a| a.heartbeat_details.as_ref())
        .and_then(|d| d.payloads.first())
    else {
        return Ok(None);
    };
    let progress = serde_json::from_slice(&payload.data)
        .context("the heartbeat details are not an item number")?;
    Ok(Some(progress))
}

/// Waits for the batch's report: which attempt finished it, from which item.
pub async fn batch_report(client: &Client, workflow_id: &str) -> Result<BatchReport> {
    client
        .get_workflow_handle::<BatchWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("batch `{workflow_id}` did not complete"))
}
// ANCHOR_END: lesson

// ANCHOR: starter
/// What the starter does: start the workflow, request its cancellation after `cancel_after`
/// (never with zero: then cancel it with the `cancel` command), and check that it ended
/// cancelled, after its cleanup.
pub async fn starter(
    connected: &Connected,
    task_queue: &str,
    workflow_id: &str,
    cancel_after: Duration,
) -> Result<()> {
    let client = &connected.client;
    let handle = start(client, task_queue, workflow_id).await?;
    connected.print_handle(&handle);
    if !cancel_after.is_zero() {
        tokio::time::sleep(cancel_after).await;
        println!("Requesting cancellation…");
        cancel(client, workflow_id, "cancelled by the starter").await?;
    }
    match outcome(client, workflow_id).await {
        Err(WorkflowGetResultError::Cancelled { .. }) => {
            let status = status(client, workflow_id).await?;
            println!("Workflow cancelled (status {status:?}); the cleanup activity ran first.");
            Ok(())
        }
        Ok(()) => bail!("the workflow completed instead of being cancelled"),
        Err(other) => bail!("workflow {workflow_id} ended unexpectedly: {other}"),
    }
}

/// What `batch` does: run the batch and print which attempt finished it, and from which item.
pub async fn batch(
    connected: &Connected,
    task_queue: &str,
    workflow_id: &str,
    input: BatchInput,
) -> Result<BatchReport> {
    let handle = start_batch(&connected.client, task_queue, workflow_id, input).await?;
    connected.print_handle(&handle);
    let report = batch_report(&connected.client, workflow_id).await?;
    println!(
        "Batch of {} items done by attempt {}, which started at item {}",
        report.items, report.attempt, report.resumed_from
    );
    Ok(report)
}
// ANCHOR_END: starter
