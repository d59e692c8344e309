//! # External storage: large payloads by claim check
//!
//! Temporal keeps every workflow input, activity result and signal in the workflow's history,
//! and refuses payloads over 2 MiB (warning from 512 KiB): history is replicated, replayed and
//! kept for the retention period, so it is the wrong place for a big blob. The *claim-check*
//! pattern keeps blobs out of it: a payload codec in the client and the worker compresses every
//! payload and puts the ones still large into an object store, leaving a small reference in
//! history. Workflow and activity code stay unchanged: they pass a `Vec<Order>` of any size.
//!
//! The codec ([`storage`]) writes what the Python SDK's `ExternalStorage` with its S3 driver and
//! the Python sample's gzip codec write, so Rust and Python workers and clients share one bucket.
//! The store is a local directory by default and any S3-compatible store by configuration
//! (`object_store`). A codec server ([`server`]) resolves references for the Web UI.
//!
//! Read on: [`storage`] (the codec), [`activities`], [`workflows`], then [`client`].
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p external_storage worker
//! cargo run -p external_storage starter
//! cargo run -p external_storage codec-server       # for the Web UI
//! ```

pub mod activities;
pub mod client;
pub mod server;
pub mod storage;
pub mod support;
pub mod workflows;

use std::path::PathBuf;

use temporalio_common::data_converters::DataConverter;
use temporalio_sdk::WorkerOptions;

pub use activities::{BatchSummary, Order, OrderActivities, OrderBatchRequest, ProcessedOrder};
pub use storage::{ClaimCheckCodec, DEFAULT_THRESHOLD, StorageError, Store};
pub use workflows::ProcessOrderBatchWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "external-storage-task-queue";
/// Orders per batch, as the Python starter asks for.
pub const ORDER_COUNT: i64 = 200;

// ANCHOR: converter
/// The data converter: the SDK's JSON payloads, then the claim-check codec. The starter, the
/// worker and the codec server must all use the same store, or a side meets a reference it
/// cannot resolve.
pub fn data_converter(codec: ClaimCheckCodec) -> DataConverter {
    samples_helper::codec::data_converter_with_codec(codec, false)
}
// ANCHOR_END: converter

/// Worker options: the workflow and its two activities.
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<ProcessOrderBatchWorkflow>()?
        .register_activities(OrderActivities)
        .build())
}

/// The default store: a directory every process on this machine finds (the worker, the starter
/// and the codec server must share it).
pub fn default_store_dir() -> PathBuf {
    std::env::temp_dir().join("temporal-external-storage")
}
