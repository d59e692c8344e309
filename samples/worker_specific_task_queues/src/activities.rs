//! The activities: one that names this worker's queue, and three that need this worker's disk.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};

use sha2::{Digest, Sha256};
use temporalio_macros::activities;
use temporalio_sdk::{
    ApplicationFailure,
    activities::{ActivityContext, ActivityError},
};

use crate::DownloadObj;

// ANCHOR: lesson
/// Failure type when a file activity reaches a worker that does not hold the file: the
/// routing this sample teaches was broken.
pub const FILE_NOT_ON_THIS_WORKER: &str = "FileNotOnThisWorker";
/// Failure type of the simulated processing failure (`--fail-processing`).
pub const PROCESSING_FAILED: &str = "ProcessingFailed";

/// Answers which queue reaches this worker. Registered on the shared queue, so whichever
/// worker picks the task up names itself.
#[derive(Debug, Clone)]
pub struct TaskQueueSelector {
    /// This worker's own queue.
    pub host_task_queue: String,
}

#[activities]
impl TaskQueueSelector {
    /// Returns this worker's own queue (Python's `select_task_queue`, registered under the name
    /// `get_available_task_queue`).
    #[activity(name = "get_available_task_queue")]
    pub async fn get_available_task_queue(
        self: Arc<Self>,
        _ctx: ActivityContext,
    ) -> Result<String, ActivityError> {
        Ok(self.host_task_queue.clone())
    }
}

/// The file activities, with this worker's directory and queue injected.
#[derive(Debug, Clone)]
pub struct FileActivities {
    /// Where this worker keeps files: `<root>/<host queue>/<workflow uuid>`.
    pub root: PathBuf,
    /// This worker's own queue.
    pub host_task_queue: String,
    /// How long each step takes (Python: 3 s).
    pub delay: Duration,
    /// Make processing fail, to show the clean-up running anyway.
    pub fail_processing: bool,
}

impl FileActivities {
    fn my_dir(&self) -> PathBuf {
        self.root.join(&self.host_task_queue)
    }

    /// Refuses a path outside this worker's directory: on separate hosts such a file would not
    /// exist here at all. In one process (the tests) both workers share a disk, so the check
    /// makes a misrouted task fail loudly instead of silently working.
    fn check_mine(&self, path: &Path) -> Result<(), ActivityError> {
        if path.starts_with(self.my_dir()) {
            return Ok(());
        }
        Err(ActivityError::application(
            ApplicationFailure::builder(anyhow::anyhow!(
                "{} is not on this worker ({}): host-bound activities must be sent to the queue \
                 of the worker that downloaded the file",
                path.display(),
                self.host_task_queue
            ))
            .type_name(FILE_NOT_ON_THIS_WORKER.to_owned())
            .non_retryable(true)
            .build(),
        ))
    }
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> ActivityError {
    anyhow::anyhow!("cannot {what} {}: {e}", path.display()).into()
}

#[activities]
impl FileActivities {
    /// Simulates downloading `details.url` to this worker's disk; returns the file's path.
    #[activity(name = "download_file_to_worker_filesystem")]
    pub async fn download_file_to_worker_filesystem(
        self: Arc<Self>,
        _ctx: ActivityContext,
        details: DownloadObj,
    ) -> Result<String, ActivityError> {
        if details.unique_worker_id != self.host_task_queue {
            return Err(ActivityError::application(
                ApplicationFailure::builder(anyhow::anyhow!(
                    "download for worker {} reached worker {}",
                    details.unique_worker_id,
                    self.host_task_queue
                ))
                .type_name(FILE_NOT_ON_THIS_WORKER.to_owned())
                .non_retryable(true)
                .build(),
            ));
        }
        let dir = self.my_dir();
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(|e| io_error("create", &dir, e))?;
        let path = dir.join(&details.workflow_uuid);
        tracing::info!(
            "Downloading {} and saving to {}",
            details.url,
            path.display()
        );
        // The real download goes here; a long one should heartbeat.
        tokio::time::sleep(self.delay).await;
        tokio::fs::write(&path, "downloaded body")
            .await
            .map_err(|e| io_error("write", &path, e))?;
        Ok(path.display().to_string())
    }

    /// Reads the downloaded file and returns its SHA-256, hex.
    #[activity(name = "work_on_file_in_worker_filesystem")]
    pub async fn work_on_file_in_worker_filesystem(
        self: Arc<Self>,
        _ctx: ActivityContext,
        path: String,
    ) -> Result<String, ActivityError> {
        let path = PathBuf::from(path);
        self.check_mine(&path)?;
        let content = tokio::fs::read(&path)
            .await
            .map_err(|e| io_error("read", &path, e))?;
        tokio::time::sleep(self.delay).await;
        if self.fail_processing {
            return Err(ActivityError::application(
                ApplicationFailure::builder(anyhow::anyhow!(
                    "cannot process {} (simulated)",
                    path.display()
                ))
                .type_name(PROCESSING_FAILED.to_owned())
                .build(),
            ));
        }
        let checksum: String = Sha256::digest(&content)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        tracing::info!("Did some work on {}, checksum {checksum}", path.display());
        Ok(checksum)
    }

    /// Deletes the downloaded file (leaving the directory).
    #[activity(name = "clean_up_file_from_worker_filesystem")]
    pub async fn clean_up_file_from_worker_filesystem(
        self: Arc<Self>,
        _ctx: ActivityContext,
        path: String,
    ) -> Result<(), ActivityError> {
        let path = PathBuf::from(path);
        self.check_mine(&path)?;
        tokio::time::sleep(self.delay).await;
        tracing::info!("Removing {}", path.display());
        match tokio::fs::remove_file(&path).await {
            // Already gone: a retried clean-up after one that deleted it but did not report.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other.map_err(|e| io_error("remove", &path, e)),
        }
    }
}
// ANCHOR_END: lesson
