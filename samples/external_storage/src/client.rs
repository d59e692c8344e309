//! The client half: start a batch, wait for its summary, and look at what the server stored.
//! `main.rs` and the tests call these same functions.

use anyhow::{Context, Result};
use prost::Message;
use samples_helper::codec::event_payloads;
use temporalio_client::{
    Client, NamespacedClient, WorkflowExecutionInfo, WorkflowGetResultOptions, WorkflowHandle,
    WorkflowStartOptions, errors::WorkflowGetResultError,
};
use temporalio_common::protos::temporal::api::{
    common::v1::Payload, enums::v1::EventType, history::v1::HistoryEvent,
};

use crate::{
    BatchSummary, ClaimCheckCodec, OrderBatchRequest, ProcessOrderBatchWorkflow,
    storage::{Reference, reference_of},
};

// ANCHOR: lesson
/// Starts a batch. The client's data converter holds the codec, so the request is compressed
/// on its way out (it is small, so it stays inline).
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    request: OrderBatchRequest,
) -> Result<WorkflowHandle<Client, ProcessOrderBatchWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let started = client
        .start_workflow(ProcessOrderBatchWorkflow::run, request, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    Ok(WorkflowHandle::new(client.clone(), started.info().clone()))
}

/// Waits for the batch's summary (decompressed, and fetched from the store were it large).
pub async fn result(
    handle: &WorkflowHandle<Client, ProcessOrderBatchWorkflow>,
) -> Result<BatchSummary, WorkflowGetResultError> {
    handle.get_result(WorkflowGetResultOptions::default()).await
}

/// What the server stored for one workflow: how big its history is, and which payloads in it
/// are references to the store.
#[derive(Debug, Clone)]
pub struct StoredHistory {
    /// Events in the history.
    pub events: usize,
    /// The history's size as the server stores it (its events, protobuf-encoded).
    pub history_bytes: usize,
    /// Every reference in it.
    pub references: Vec<StoredReference>,
}

/// One payload of the history that lives in the store.
#[derive(Debug, Clone)]
pub struct StoredReference {
    /// The event carrying it.
    pub event_id: i64,
    /// That event's type.
    pub event_type: EventType,
    /// The reference, as history holds it.
    pub reference: Reference,
    /// The stored (compressed) payload's size, as the reference declares it.
    pub stored_bytes: i64,
    /// The payload's size once fetched, checked and decompressed.
    pub decoded_bytes: usize,
}

/// Reads a workflow's history as the server holds it (no codec runs on history events), finds
/// the references in it, and resolves each with `codec`: proof that the store holds what history
/// points at, whichever SDK wrote it.
pub async fn stored_history(
    client: &Client,
    codec: &ClaimCheckCodec,
    workflow_id: &str,
) -> Result<StoredHistory> {
    let events: Vec<HistoryEvent> = WorkflowExecutionInfo::builder()
        .namespace(client.namespace())
        .workflow_id(workflow_id)
        .build()
        .bind_untyped(client.clone())
        .fetch_history(Default::default())
        .into_events()
        .await
        .with_context(|| format!("cannot fetch the history of `{workflow_id}`"))?;
    let mut references = Vec::new();
    for event in &events {
        for payload in event_payloads(event) {
            if let Some(reference) = reference_of(&payload)? {
                let stored_bytes = stored_size(&payload);
                let decoded = codec.decode_one(payload).await?;
                references.push(StoredReference {
                    event_id: event.event_id,
                    event_type: event.event_type(),
                    reference,
                    stored_bytes,
                    decoded_bytes: decoded.data.len(),
                });
            }
        }
    }
    Ok(StoredHistory {
        events: events.len(),
        history_bytes: events.iter().map(Message::encoded_len).sum(),
        references,
    })
}
// ANCHOR_END: lesson

fn stored_size(payload: &Payload) -> i64 {
    payload.external_payloads.iter().map(|d| d.size_bytes).sum()
}
