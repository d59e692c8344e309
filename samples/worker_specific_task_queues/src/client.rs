//! The client half: start the workflows, await their checksums, and read from history which
//! queue each activity was sent to. `main.rs` and the tests call these same functions.

use anyhow::{Context, Result};
use temporalio_client::{Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions};
use temporalio_protos::temporal::api::history::v1::history_event::Attributes;

use crate::FileProcessing;

// ANCHOR: lesson
/// Starts a `FileProcessing` workflow; returns its handle.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
) -> Result<WorkflowHandle<Client, FileProcessing>> {
    let handle = client
        .start_workflow(
            FileProcessing::run,
            (),
            WorkflowStartOptions::new(task_queue, workflow_id).build(),
        )
        .await
        .with_context(|| format!("cannot start `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for the workflow's checksum (or `failed execution`).
pub async fn result(client: &Client, workflow_id: &str) -> Result<String> {
    client
        .get_workflow_handle::<FileProcessing>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("`{workflow_id}` did not complete"))
}

/// Every activity the workflow scheduled, in order: (activity type, task queue it was sent to).
pub async fn routes(client: &Client, workflow_id: &str) -> Result<Vec<(String, String)>> {
    let events = client
        .get_workflow_handle::<FileProcessing>(workflow_id)
        .fetch_history(Default::default())
        .into_events()
        .await
        .with_context(|| format!("cannot fetch the history of `{workflow_id}`"))?;
    Ok(events
        .into_iter()
        .filter_map(|e| match e.attributes {
            Some(Attributes::ActivityTaskScheduledEventAttributes(a)) => Some((
                a.activity_type.map(|t| t.name).unwrap_or_default(),
                a.task_queue.map(|q| q.name).unwrap_or_default(),
            )),
            _ => None,
        })
        .collect())
}
// ANCHOR_END: lesson
