//! # Encryption
//!
//! End-to-end encryption of everything a workflow stores in Temporal: inputs, results, signal
//! and query arguments, heartbeat details, and failure messages and stack traces. A *payload
//! codec* runs in the client and the worker, so the Temporal server (and whoever operates it)
//! only ever sees ciphertext; a *codec server* holding the same keys lets the Web UI and CLI
//! show the plaintext to people who may see it.
//!
//! The codec ([`codec`]) is AES-256-GCM and byte-compatible with the Go, Python and TypeScript
//! encryption samples: a payload encrypted by any of them decrypts here, and the other way round.
//! Keys never live in source: they come from a key file or the environment, as a **key ring**
//! — one current key for encrypting, every known key for decrypting — so keys can be rotated
//! while workflows started under an old key are still running.
//!
//! Read on: [`codec`] (the payload codec), [`workflows`], then [`client`] (a client whose converter holds the codec); [`server`] is the codec server for the Web UI.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p encryption generate-key --key-file keys.json --id key-1
//! cargo run -p encryption worker --key-file keys.json
//! cargo run -p encryption starter --key-file keys.json
//! cargo run -p encryption codec-server --key-file keys.json
//! ```

pub mod activities;
pub mod client;
pub mod codec;
pub mod server;
pub mod workflows;

use std::path::Path;

use temporalio_common::data_converters::DataConverter;
use temporalio_sdk::WorkerOptions;

pub use activities::{ReportActivities, ReportInput};
pub use codec::{CodecError, EncryptionCodec, KeyFile, KeyRing};
pub use workflows::{GreetingWorkflow, ReportWorkflow};

/// Task queue, shared with the Go, Python and TypeScript samples.
pub const TASK_QUEUE: &str = "encryption-task-queue";
/// Workflow id, shared with the other SDKs' samples.
pub const WORKFLOW_ID: &str = "encryption-workflow-id";
/// Environment variable holding a whole key file's JSON (for containers and CI secrets).
pub const KEYS_ENV: &str = "ENCRYPTION_KEYS";

/// Loads the key ring: from `ENCRYPTION_KEYS` if set, else from `key_file`.
pub fn load_key_ring(key_file: Option<&Path>) -> Result<KeyRing, CodecError> {
    if let Ok(json) = std::env::var(KEYS_ENV)
        && !json.trim().is_empty()
    {
        let file: KeyFile = serde_json::from_str(&json).map_err(|e| CodecError::KeyFile {
            path: format!("${KEYS_ENV}"),
            reason: format!("not a key file ({e})"),
        })?;
        return KeyRing::from_file(&file);
    }
    match key_file {
        Some(path) => KeyRing::from_file(&KeyFile::read(path)?),
        None => Err(CodecError::NoKeys),
    }
}

/// The data converter for this sample: JSON payloads, encrypted, with failure messages and stack
/// traces moved into an encrypted payload too.
pub fn data_converter(ring: KeyRing) -> DataConverter {
    samples_helper::codec::data_converter_with_codec(EncryptionCodec::new(ring), true)
}

/// Worker options: the greeting workflow, and the report workflow with its activity.
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<GreetingWorkflow>()?
        .register_workflow::<ReportWorkflow>()?
        .register_activities(ReportActivities)
        .build())
}

/// The payloads an event carries in its input or result (for inspecting history).
pub use samples_helper::codec::event_payloads;
