//! # Batch processing with a sliding window
//!
//! Processing a large batch with one child workflow per record runs into two limits: how many
//! children may run at once (downstream capacity), and how long one workflow's history may
//! grow. A **sliding window** solves both: each window workflow keeps at most N children in
//! flight, starts the next one as soon as any child reports completion by **signal**, and
//! **continues as new** after each page of records, carrying the set of children still
//! running. Several windows run in parallel, each over one partition of the records.
//!
//! ```text
//! ProcessBatchWorkflow ──► SlidingWindowWorkflow /0 ──► RecordProcessorWorkflow /0/0, /0/1, …
//!                      ──► SlidingWindowWorkflow /1 ──► …       (≤ window size at a time)
//!                      ──► SlidingWindowWorkflow /2 ──► …       children signal report_completion
//! ```
//!
//! Read [`workflows`] (the three workflows), then [`activities`] and [`client`].
//!
//! Names match the Python sample `batch_sliding_window` (`ProcessBatchWorkflow`,
//! `SlidingWindowWorkflow`, `RecordProcessorWorkflow`, `RecordLoader.get_record_count` and
//! `get_records`, the `state` query, the `report_completion` signal, the inputs' fields,
//! `batch_sliding_window_task_queue`).
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p batch_sliding_window worker
//! cargo run -p batch_sliding_window starter
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use activities::RecordLoader;
pub use workflows::{ProcessBatchWorkflow, RecordProcessorWorkflow, SlidingWindowWorkflow};

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "batch_sliding_window_task_queue";
/// Prefix of the batch workflow ids (`batch_sliding_window_example_<timestamp>`), as in Python.
pub const WORKFLOW_ID_PREFIX: &str = "batch_sliding_window_example";
/// Failure type of an input the batch cannot run with.
pub const INVALID_INPUT: &str = "InvalidBatchInput";

/// Input of `ProcessBatchWorkflow`, as in Python.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessBatchWorkflowInput {
    /// Children started by one window run before it continues as new.
    pub page_size: u32,
    /// The most children running at once, over all partitions.
    pub sliding_window_size: u32,
    /// How many windows run in parallel.
    pub partitions: u32,
    /// How long each record takes at most, in milliseconds: each takes a random time between a
    /// tenth of this and this. Unset: 1–10 s, as in Python. (An addition to Python's input,
    /// left out of the JSON when unset so the Python worker accepts it.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_processing_ms: Option<u64>,
}

/// Input of `SlidingWindowWorkflow`, as in Python; each continue-as-new passes the next one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlidingWindowWorkflowInput {
    /// Children started by one run before it continues as new.
    pub page_size: u32,
    /// The most children of this window running at once.
    pub sliding_window_size: u32,
    /// The first record of this run (inclusive).
    pub offset: u64,
    /// The end of this window's partition (exclusive).
    pub maximum_offset: u64,
    /// Records completed by earlier runs.
    #[serde(default)]
    pub progress: u64,
    /// Records still being processed when the previous run continued as new.
    #[serde(default)]
    pub current_records: Option<BTreeSet<u64>>,
    /// See [`ProcessBatchWorkflowInput::max_processing_ms`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_processing_ms: Option<u64>,
}

/// Result of the `state` query, as in Python.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlidingWindowState {
    /// Record ids being processed now.
    pub current_records: Vec<u64>,
    /// Children this run started.
    pub children_started_by_this_run: u64,
    /// The first record of this run.
    pub offset: u64,
    /// Records completed so far (all runs).
    pub progress: u64,
}

/// One record, as in Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SingleRecord {
    /// The record id.
    pub id: u64,
    /// See [`ProcessBatchWorkflowInput::max_processing_ms`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_processing_ms: Option<u64>,
}

/// Input of `get_records`, as in Python.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetRecordsInput {
    /// How many records at most.
    pub page_size: u32,
    /// The first record (inclusive).
    pub offset: u64,
    /// The end (exclusive).
    pub max_offset: u64,
}

/// Output of `get_records`, as in Python.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetRecordsOutput {
    /// The page.
    pub records: Vec<SingleRecord>,
}

/// Worker options: the three workflows and the record loader.
pub fn worker_options(task_queue: &str, loader: RecordLoader) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<ProcessBatchWorkflow>()?
        .register_workflow::<SlidingWindowWorkflow>()?
        .register_workflow::<RecordProcessorWorkflow>()?
        .register_activities(loader)
        .build())
}

/// Divides `number` into `n` parts as evenly as possible, the larger ones first (Python's
/// `_divide_into_partitions`).
pub fn divide_into_partitions(number: u64, n: u32) -> Vec<u64> {
    let n64 = u64::from(n.max(1));
    let (base, remainder) = (number / n64, number % n64);
    (0..n64).map(|i| base + u64::from(i < remainder)).collect()
}
