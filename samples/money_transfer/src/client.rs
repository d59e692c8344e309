//! The client half: start a transfer, then wait for its result; [`starter`] and [`report`] are
//! what `cargo run -p money_transfer starter` and `result` do with them. `main.rs` and the tests
//! call these same functions.

use anyhow::{Context, Result, bail};
use samples_helper::Connected;
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

// ANCHOR: starter
/// What the starter does: start the transfer, then [`report`] it.
pub async fn starter(
    connected: &Connected,
    task_queue: &str,
    workflow_id: &str,
    details: PaymentDetails,
) -> Result<()> {
    println!(
        "Starting transfer of {} from account {} to account {} (reference {})",
        details.amount, details.source_account, details.target_account, details.reference_id
    );
    let handle = start(&connected.client, task_queue, workflow_id, details).await?;
    connected.print_handle(&handle);
    report(&connected.client, workflow_id).await
}

/// Waits for the transfer's result and prints it or, when it failed, each failure in its cause
/// chain: the workflow's, the activity's, the application error's.
pub async fn report(client: &Client, workflow_id: &str) -> Result<()> {
    match result(client, workflow_id).await {
        Ok(result) => {
            // As the tutorial's starter prints it.
            println!("Result: {result}");
            Ok(())
        }
        Err(WorkflowGetResultError::Failed(failure)) => {
            println!("Transfer failed. Cause chain:");
            for (depth, link) in samples_helper::failure_chain(&failure).iter().enumerate() {
                println!(
                    "{:indent$}{}. {link}",
                    "",
                    depth + 1,
                    indent = (depth + 1) * 2
                );
            }
            bail!("transfer {workflow_id} failed (see the cause chain above)")
        }
        // Losing the server (or the network) loses this wait, not the transfer: its state is
        // in the server's persistence, and the workflow carries on when the server is back.
        Err(other) => bail!(
            "lost track of transfer {workflow_id}: {other}\nThe transfer itself is not lost: once \
             the server is reachable, wait for it again with \
             `cargo run -p money_transfer result --workflow-id {workflow_id}`"
        ),
    }
}
// ANCHOR_END: starter
