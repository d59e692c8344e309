//! The client half: start the workflow, and — from any process holding the task token —
//! heartbeat, complete or fail the activity. `main.rs`, the activity's in-process completer and
//! the tests call these same functions.

use std::{path::Path, time::Duration};

use anyhow::{Context, Result, bail};
use base64::Engine;
use temporalio_client::{
    ActivityIdentifier, Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions,
    errors::{AsyncActivityError, WorkflowGetResultError},
};
use temporalio_common::error::ApplicationFailure;

use crate::{GreetingWorkflow, PendingActivity};

// ANCHOR: lesson
/// The failure type a human rejection carries.
pub const REJECTED: &str = "Rejected";

fn handle(client: &Client, token: &[u8]) -> temporalio_client::AsyncActivityHandle<Client> {
    client.get_async_activity_handle(ActivityIdentifier::from_task_token(token.to_vec().into()))
}

fn explain(e: AsyncActivityError) -> anyhow::Error {
    match e {
        AsyncActivityError::NotFound(_) => anyhow::anyhow!(
            "the activity is not waiting for this token any more: it was completed, failed, \
             cancelled, or its attempt timed out (a retry has a new token)"
        ),
        other if other.to_string().contains("deserializing task token") => anyhow::anyhow!(
            "the server does not recognise this task token: copy it whole from the worker's \
             hand-off file"
        ),
        other => anyhow::anyhow!("{other}"),
    }
}

/// Decodes a base64 task token, saying what is wrong with a bad one.
pub fn decode_token(token: &str) -> Result<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(token.trim())
        .map_err(|e| anyhow::anyhow!("`{token}` is not a base64 task token: {e}"))
}

/// Heartbeat: the activity is still in progress. Returns whether cancellation was requested.
pub async fn heartbeat(client: &Client, token: &[u8], details: Option<String>) -> Result<bool> {
    let response = handle(client, token)
        .heartbeat(details, Default::default())
        .await
        .map_err(explain)?;
    Ok(response.cancel_requested)
}

/// Completes the activity with `result`: the workflow resumes with it.
pub async fn complete(client: &Client, token: &[u8], result: &str) -> Result<()> {
    handle(client, token)
        .complete(Some(result.to_owned()), Default::default())
        .await
        .map_err(explain)
}

/// Fails the activity (non-retryably: a rejection is final) with `reason`.
pub async fn fail(client: &Client, token: &[u8], reason: &str) -> Result<()> {
    let failure = ApplicationFailure::builder(anyhow::anyhow!("{reason}"))
        .type_name(REJECTED.to_owned())
        .non_retryable(true)
        .build();
    handle(client, token)
        .fail(failure, None::<String>, Default::default())
        .await
        .map_err(explain)
}

/// Starts the workflow; returns its handle.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    name: &str,
) -> Result<WorkflowHandle<Client, GreetingWorkflow>> {
    let handle = client
        .start_workflow(
            GreetingWorkflow::run,
            name.to_owned(),
            WorkflowStartOptions::new(task_queue, workflow_id).build(),
        )
        .await
        .with_context(|| format!("cannot start `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for the workflow's result.
pub async fn result(client: &Client, workflow_id: &str) -> Result<String, WorkflowGetResultError> {
    client
        .get_workflow_handle::<GreetingWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
}

/// Waits until the activity of `workflow_id` has left its token in `dir`; returns it.
pub async fn wait_for_pending(
    dir: &Path,
    workflow_id: &str,
    within: Duration,
) -> Result<PendingActivity> {
    let deadline = std::time::Instant::now() + within;
    loop {
        for entry in
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?
        {
            let path = entry?.path();
            if let Ok(bytes) = std::fs::read(&path)
                && let Ok(pending) = serde_json::from_slice::<PendingActivity>(&bytes)
                && pending.workflow_id == workflow_id
            {
                return Ok(pending);
            }
        }
        if std::time::Instant::now() > deadline {
            bail!(
                "no task token for {workflow_id} appeared in {} within {within:?}",
                dir.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
// ANCHOR_END: lesson
