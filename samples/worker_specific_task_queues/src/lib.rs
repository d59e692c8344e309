//! # Worker-specific task queues
//!
//! Some activities must run on the *same* worker as the ones before them, because they share
//! something that lives on one host: a file downloaded to its disk, a GPU's loaded model, a
//! local cache. A task queue is the unit of routing, so each worker also polls a task queue
//! of its own, one that no other worker polls. The workflow asks any worker for the name of
//! its queue (an activity on the shared queue), then sends every host-bound activity to that
//! name. Only that worker can pick them up.
//!
//! Here a `FileProcessing` workflow downloads a file, computes its checksum and cleans it up,
//! and all three steps run on the worker that downloaded it. The clean-up runs even when
//! processing fails, as Python's `finally` does.
//!
//! Read [`workflows`], then [`activities`], then [`client`].
//!
//! Names match the Python sample `worker_specific_task_queues` (`FileProcessing`,
//! `get_available_task_queue`, `download_file_to_worker_filesystem`,
//! `work_on_file_in_worker_filesystem`, `clean_up_file_from_worker_filesystem`, `DownloadObj`,
//! the queues `worker_specific_task_queue-distribution-queue` and
//! `worker_specific_task_queue-host-<uuid>`).
//!
//! Run it (with `temporal server start-dev` running; start two or more workers to see the
//! workflows spread over them, each keeping its files to itself):
//!
//! ```text
//! cargo run -p worker_specific_task_queues worker
//! cargo run -p worker_specific_task_queues starter
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use activities::{FileActivities, TaskQueueSelector};
pub use workflows::FileProcessing;

/// The queue every worker polls: workflows, and the activity that picks a worker.
pub const DISTRIBUTION_TASK_QUEUE: &str = "worker_specific_task_queue-distribution-queue";
/// Prefix of each worker's own queue, as in Python.
pub const HOST_TASK_QUEUE_PREFIX: &str = "worker_specific_task_queue-host";
/// Prefix of the starter's workflow ids (`…-0` to `…-9`), as in Python.
pub const WORKFLOW_ID_PREFIX: &str = "worker_specific_task_queue-workflow-id";
/// What a workflow returns when processing failed (Python's sentinel value).
pub const FAILED_EXECUTION: &str = "failed execution";

/// Input of `download_file_to_worker_filesystem`, as Python's `DownloadObj`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadObj {
    /// What to download.
    pub url: String,
    /// The worker's own task queue, which names its directory.
    pub unique_worker_id: String,
    /// A deterministic id from the workflow, naming the file.
    pub workflow_uuid: String,
}

/// A fresh worker-unique queue name: `worker_specific_task_queue-host-<uuid>`.
pub fn new_host_task_queue() -> String {
    format!("{HOST_TASK_QUEUE_PREFIX}-{}", uuid::Uuid::new_v4())
}

/// The two workers one host runs, as Python's worker does: one on the shared queue (the
/// workflow and the selector that answers with this host's queue), and one on the host's own
/// queue (the file activities).
pub fn worker_options(
    distribution_queue: &str,
    files: FileActivities,
) -> anyhow::Result<Vec<WorkerOptions>> {
    let host_queue = files.host_task_queue.clone();
    Ok(vec![
        WorkerOptions::new(distribution_queue)
            .register_workflow::<FileProcessing>()?
            .register_activities(TaskQueueSelector {
                host_task_queue: host_queue.clone(),
            })
            .build(),
        WorkerOptions::new(host_queue)
            .register_activities(files)
            .build(),
    ])
}
