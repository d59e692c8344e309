//! The workflow: pick a worker, then send every host-bound step to that worker's queue.

use std::time::Duration;

use temporalio_common::RetryPolicy;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, WorkflowContext, WorkflowResult};

use crate::{
    DownloadObj, FAILED_EXECUTION,
    activities::{FileActivities, TaskQueueSelector},
};

// ANCHOR: lesson
/// Downloads a file, processes it and cleans it up, all on one worker.
#[workflow]
#[derive(Default)]
pub struct FileProcessing;

/// Options for an activity that must run on the worker owning `host_queue`.
fn on_host(host_queue: &str) -> ActivityOptions {
    ActivityOptions::with_start_to_close_timeout(Duration::from_secs(10))
        .task_queue(host_queue.to_owned())
        .build()
}

#[workflow_methods]
impl FileProcessing {
    /// Returns the file's checksum, or `failed execution` when processing failed.
    #[run(name = "FileProcessing")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<String> {
        // Any worker may answer: it answers with its own queue. From here on, that name routes
        // to that worker alone.
        let host_queue = ctx
            .execute_activity(
                TaskQueueSelector::get_available_task_queue,
                (),
                ActivityOptions::start_to_close_timeout(Duration::from_secs(10)),
            )
            .await?;

        let download = DownloadObj {
            url: "http://temporal.io".to_owned(),
            unique_worker_id: host_queue.clone(),
            // `uuid4` from the workflow's seeded random: the same on replay, unlike a fresh one.
            workflow_uuid: ctx.uuid4(),
        };
        let path = ctx
            .execute_activity(
                FileActivities::download_file_to_worker_filesystem,
                download,
                on_host(&host_queue),
            )
            .await?;

        // One attempt, as in Python: a failed processing goes straight to the clean-up.
        let processed = ctx
            .execute_activity(
                FileActivities::work_on_file_in_worker_filesystem,
                path.clone(),
                ActivityOptions::with_start_to_close_timeout(Duration::from_secs(10))
                    .task_queue(host_queue.clone())
                    .retry_policy(RetryPolicy::builder().maximum_attempts(1).build())
                    .build(),
            )
            .await;

        // The `finally`: the file is on that worker's disk, so its clean-up goes there too,
        // whether processing worked or not.
        ctx.execute_activity(
            FileActivities::clean_up_file_from_worker_filesystem,
            path,
            on_host(&host_queue),
        )
        .await?;

        Ok(processed.unwrap_or_else(|_| FAILED_EXECUTION.to_owned()))
    }
}
// ANCHOR_END: lesson
