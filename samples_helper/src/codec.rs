//! Installing a payload codec.
//!
//! A [`PayloadCodec`] transforms payloads on their way to and from the server (encryption,
//! compression). In the Rust SDK the codec is part of the client's [`DataConverter`], and a
//! worker uses the data converter of the client it was built from, so installing it once on the
//! client covers the starter, the worker and its workflows and activities alike. Both sides must
//! use the same codec: a worker without it cannot read what a starter with it wrote.

use std::collections::HashMap;

use base64::{Engine, engine::general_purpose::STANDARD as B64};
use serde::{Deserialize, Serialize};
use temporalio_common::{
    data_converters::{DataConverter, DefaultFailureConverter, PayloadCodec, PayloadConverter},
    protos::temporal::api::{
        common::v1::Payload,
        history::v1::{HistoryEvent, history_event::Attributes},
    },
};

pub use temporalio_common::data_converters::{PayloadCodec as Codec, SerializationContextData};

/// A data converter with the SDK's JSON payload converter and the given codec.
///
/// With `encode_failure_attributes`, failure messages and stack traces are moved into an encoded
/// payload too, so the codec also protects error text (which often quotes user data).
pub fn data_converter_with_codec(
    codec: impl PayloadCodec + Send + Sync + 'static,
    encode_failure_attributes: bool,
) -> DataConverter {
    DataConverter::new(
        PayloadConverter::default(),
        DefaultFailureConverter::new(encode_failure_attributes),
        codec,
    )
}

/// A payload in the protobuf JSON form that codec servers receive from the Web UI and the CLI
/// (`metadata` values and `data` base64-encoded).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JsonPayload {
    /// Metadata values, base64-encoded.
    #[serde(default)]
    pub metadata: HashMap<String, String>,
    /// The data, base64-encoded.
    #[serde(default)]
    pub data: String,
}

/// A codec server's request and response body: `{"payloads": [...]}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JsonPayloads {
    /// The payloads.
    pub payloads: Vec<JsonPayload>,
}

impl JsonPayloads {
    /// A request body's payloads; the error says what is wrong with it (for a 400).
    pub fn parse_body(body: &[u8]) -> Result<Vec<Payload>, String> {
        let parsed: Self = serde_json::from_slice(body)
            .map_err(|e| format!("invalid JSON body (expected {{\"payloads\": [...]}}): {e}"))?;
        parsed
            .payloads
            .iter()
            .map(JsonPayload::to_payload)
            .collect()
    }

    /// The response body for `payloads`.
    pub fn of(payloads: &[Payload]) -> Self {
        Self {
            payloads: payloads.iter().map(JsonPayload::from_payload).collect(),
        }
    }
}

/// The payloads a history event carries in its input or result (workflow start and completion,
/// activity scheduling and completion, signals): what a codec turned them into, as the server
/// stores them.
pub fn event_payloads(event: &HistoryEvent) -> Vec<Payload> {
    let payloads = match &event.attributes {
        Some(Attributes::WorkflowExecutionStartedEventAttributes(a)) => a.input.clone(),
        Some(Attributes::WorkflowExecutionCompletedEventAttributes(a)) => a.result.clone(),
        Some(Attributes::ActivityTaskScheduledEventAttributes(a)) => a.input.clone(),
        Some(Attributes::ActivityTaskCompletedEventAttributes(a)) => a.result.clone(),
        Some(Attributes::WorkflowExecutionSignaledEventAttributes(a)) => a.input.clone(),
        _ => None,
    };
    payloads.map(|p| p.payloads).unwrap_or_default()
}

impl JsonPayload {
    /// From a protobuf payload.
    pub fn from_payload(p: &Payload) -> Self {
        Self {
            metadata: p
                .metadata
                .iter()
                .map(|(k, v)| (k.clone(), B64.encode(v)))
                .collect(),
            data: B64.encode(&p.data),
        }
    }

    /// To a protobuf payload.
    pub fn to_payload(&self) -> Result<Payload, String> {
        let metadata = self
            .metadata
            .iter()
            .map(|(k, v)| {
                B64.decode(v)
                    .map(|v| (k.clone(), v))
                    .map_err(|e| format!("metadata `{k}` is not base64: {e}"))
            })
            .collect::<Result<_, _>>()?;
        let data = B64
            .decode(&self.data)
            .map_err(|e| format!("`data` is not base64: {e}"))?;
        Ok(Payload {
            metadata,
            data,
            ..Default::default()
        })
    }
}
