//! The lesson's core: two types that encode themselves as `text/my-greeting-encoding`.
//!
//! They implement [`TemporalSerializable`] and [`TemporalDeserializable`] by hand and do not
//! derive serde, so no converter can fall back to JSON for them.

use std::collections::HashMap;

use temporalio_common::{
    data_converters::{
        PayloadConversionError, SerializationContext, TemporalDeserializable, TemporalSerializable,
    },
    protos::temporal::api::common::v1::Payload,
};

// ANCHOR: lesson
/// The encoding both types write, as in the Python sample.
pub const GREETING_ENCODING: &str = "text/my-greeting-encoding";
/// The metadata key every converter reads first.
const ENCODING_KEY: &str = "encoding";
/// The metadata flag that marks an input (Python's `is_input`): the data alone is just text.
const IS_INPUT_KEY: &str = "is_input";

/// The workflow's input: who to greet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GreetingInput {
    /// Who to greet.
    pub name: String,
}

/// The workflow's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GreetingOutput {
    /// The greeting.
    pub result: String,
}

/// Why a payload is not a greeting, as the error a converter returns.
#[derive(Debug, thiserror::Error)]
pub enum GreetingPayloadError {
    /// A greeting output where an input was expected, or the reverse.
    #[error("a {found} payload where a {expected} was expected (metadata `is_input` says so)")]
    WrongKind {
        /// What the payload holds.
        found: &'static str,
        /// What the reader wanted.
        expected: &'static str,
    },
    /// The bytes are not UTF-8 text.
    #[error("the {GREETING_ENCODING} payload is not UTF-8 text: {0}")]
    NotText(#[from] std::string::FromUtf8Error),
}

fn payload(text: &str, is_input: bool) -> Payload {
    let mut metadata = HashMap::from([(
        ENCODING_KEY.to_owned(),
        GREETING_ENCODING.as_bytes().to_vec(),
    )]);
    if is_input {
        metadata.insert(IS_INPUT_KEY.to_owned(), b"true".to_vec());
    }
    Payload {
        metadata,
        data: text.as_bytes().to_vec(),
        ..Default::default()
    }
}

/// Reads the text of a greeting payload that must be an input (`want_input`) or an output.
fn text(payload: Payload, want_input: bool) -> Result<String, PayloadConversionError> {
    if payload.metadata.get(ENCODING_KEY).map(Vec::as_slice) != Some(GREETING_ENCODING.as_bytes()) {
        // Not ours: `WrongEncoding` lets a composite converter try the next one, and is the
        // error a caller sees when none is left.
        return Err(PayloadConversionError::WrongEncoding);
    }
    let is_input = payload.metadata.get(IS_INPUT_KEY).map(Vec::as_slice) == Some(b"true");
    if is_input != want_input {
        let kind = |input: bool| {
            if input {
                "GreetingInput"
            } else {
                "GreetingOutput"
            }
        };
        return Err(PayloadConversionError::EncodingError(Box::new(
            GreetingPayloadError::WrongKind {
                found: kind(is_input),
                expected: kind(want_input),
            },
        )));
    }
    String::from_utf8(payload.data)
        .map_err(|e| PayloadConversionError::EncodingError(Box::new(GreetingPayloadError::from(e))))
}

impl TemporalSerializable for GreetingInput {
    fn to_payload(&self, _: &SerializationContext<'_>) -> Result<Payload, PayloadConversionError> {
        Ok(payload(&self.name, true))
    }
}

impl TemporalDeserializable for GreetingInput {
    fn from_payload(
        _: &SerializationContext<'_>,
        payload: Payload,
    ) -> Result<Self, PayloadConversionError> {
        Ok(Self {
            name: text(payload, true)?,
        })
    }
}

impl TemporalSerializable for GreetingOutput {
    fn to_payload(&self, _: &SerializationContext<'_>) -> Result<Payload, PayloadConversionError> {
        Ok(payload(&self.result, false))
    }
}

impl TemporalDeserializable for GreetingOutput {
    fn from_payload(
        _: &SerializationContext<'_>,
        payload: Payload,
    ) -> Result<Self, PayloadConversionError> {
        Ok(Self {
            result: text(payload, false)?,
        })
    }
}
// ANCHOR_END: lesson
