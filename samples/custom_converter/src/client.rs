//! The client half: start the workflow and await its typed result. `main.rs` and the tests call
//! these same functions.

use anyhow::{Context, Result};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions,
    errors::{WorkflowGetResultError, WorkflowStartError},
};
use temporalio_common::{
    data_converters::{DataConverter, PayloadConverter},
    protos::temporal::api::{common::v1::Payload, history::v1::history_event::Attributes},
};

use crate::{GREETING_ENCODING, GreetingInput, GreetingOutput, GreetingWorkflow};

// ANCHOR: lesson
/// The data converter every side needs: the default one, which tries a value's own encoding
/// before JSON. Shown here because that is the whole setup; no registration is needed.
pub fn data_converter() -> DataConverter {
    DataConverter::default()
}

/// A JSON-only data converter: what a side *without* the custom encoding has. Used by the
/// `--json-only` flags and the tests to show what goes wrong.
pub fn json_only_data_converter() -> DataConverter {
    DataConverter::new(
        PayloadConverter::serde_json(),
        temporalio_common::data_converters::DefaultFailureConverter::default(),
        temporalio_common::data_converters::DefaultPayloadCodec,
    )
}

/// Starts `GreetingWorkflow` for `name`; returns its handle.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    name: &str,
) -> Result<WorkflowHandle<Client, GreetingWorkflow>> {
    let input = GreetingInput {
        name: name.to_owned(),
    };
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    match client
        .start_workflow(GreetingWorkflow::run, input, options)
        .await
    {
        Ok(handle) => Ok(WorkflowHandle::new(client.clone(), handle.info().clone())),
        // A converter that cannot write the input fails here, before anything reaches the
        // server: say which encoding is missing instead of only "Wrong encoding".
        Err(WorkflowStartError::PayloadConversion(e)) => Err(anyhow::anyhow!(
            "cannot encode the GreetingInput for `{workflow_id}` ({e}): this client's data \
             converter does not write {GREETING_ENCODING}; connect with the default converter \
             (`client::data_converter`), which tries the type's own encoding first"
        )),
        Err(e) => Err(e).with_context(|| format!("cannot start `{workflow_id}`")),
    }
}

/// Waits for the workflow's result.
///
/// A client whose converter cannot read the result gets an error saying so; the result stays in
/// history, and a client with the encoding can read it later.
pub async fn result(client: &Client, workflow_id: &str) -> Result<GreetingOutput> {
    match client
        .get_workflow_handle::<GreetingWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
    {
        Ok(output) => Ok(output),
        Err(WorkflowGetResultError::PayloadConversion(e)) => Err(anyhow::anyhow!(
            "`{workflow_id}` completed, but its GreetingOutput cannot be decoded ({e}): this \
             client's data converter does not read {GREETING_ENCODING}; the result is kept in \
             history, read it with the default converter (`client::data_converter`)"
        )),
        Err(e) => Err(e).with_context(|| format!("`{workflow_id}` did not complete")),
    }
}

/// The raw payloads of the workflow's input and (once it completed) its result, from history:
/// what actually crossed the server.
pub async fn recorded_payloads(
    client: &Client,
    workflow_id: &str,
) -> Result<(Option<Payload>, Option<Payload>)> {
    let events = client
        .get_workflow_handle::<GreetingWorkflow>(workflow_id)
        .fetch_history(Default::default())
        .into_events()
        .await
        .with_context(|| format!("cannot fetch the history of `{workflow_id}`"))?;
    let (mut input, mut result) = (None, None);
    for event in events {
        match event.attributes {
            Some(Attributes::WorkflowExecutionStartedEventAttributes(a)) => {
                input = a.input.and_then(|p| p.payloads.into_iter().next());
            }
            Some(Attributes::WorkflowExecutionCompletedEventAttributes(a)) => {
                result = a.result.and_then(|p| p.payloads.into_iter().next());
            }
            _ => {}
        }
    }
    Ok((input, result))
}

/// One line for a payload: its metadata and its data, as text where it is text.
pub fn describe_payload(payload: &Payload) -> String {
    let mut metadata: Vec<String> = payload
        .metadata
        .iter()
        .map(|(k, v)| format!("{k}={}", String::from_utf8_lossy(v)))
        .collect();
    metadata.sort();
    format!(
        "metadata {{{}}}, data {:?}",
        metadata.join(", "),
        String::from_utf8_lossy(&payload.data)
    )
}
// ANCHOR_END: lesson
