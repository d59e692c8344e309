//! The workflow: pick a worker, then send every host-bound step to that worker's queue.

use std::time::Duration;

use temporalio_common::{
    RetryPolicy,
    error::ActivityExecutionError,
    protos::temporal::api::{enums::v1::TimeoutType, failure::v1::failure::FailureInfo},
};
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

/// How many workers a file may be started on before the workflow gives up.
pub const MAX_HOSTS: u32 = 3;

/// Options for an activity that must run on the worker owning `host_queue`. The
/// schedule-to-start timeout is how a dead host is noticed: nobody else polls its queue, so an
/// activity sent there after it died would wait forever. Schedule-to-start timeouts are never
/// retried; the workflow starts the file over on another worker instead.
fn on_host(host_queue: &str) -> ActivityOptions {
    ActivityOptions::with_start_to_close_timeout(Duration::from_secs(10))
        .schedule_to_start_timeout(Duration::from_secs(5))
        .task_queue(host_queue.to_owned())
        .build()
}

/// Whether an activity failed because no worker picked it up in time: its host is gone.
fn host_is_gone(error: &ActivityExecutionError) -> bool {
    let cause = error.failure().and_then(|f| f.cause.as_deref());
    matches!(
        cause.and_then(|c| c.failure_info.as_ref()),
        Some(FailureInfo::TimeoutFailureInfo(t)) if t.timeout_type() == TimeoutType::ScheduleToStart
    )
}

#[workflow_methods]
impl FileProcessing {
    /// Returns the file's checksum, or `failed execution` when processing failed.
    #[run(name = "FileProcessing")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<String> {
        let mut host = 1;
        loop {
            // Any worker may answer: it answers with its own queue. From here on, that name
            // routes to that worker alone.
            let host_queue = ctx
                .execute_activity(
                    TaskQueueSelector::get_available_task_queue,
                    (),
                    ActivityOptions::start_to_close_timeout(Duration::from_secs(10)),
                )
                .await?;
            match Self::process_on(ctx, &host_queue).await {
                // The file lived on that worker's disk and died with it: start over on another.
                Err(e) if host_is_gone(&e) && host < MAX_HOSTS => host += 1,
                result => return Ok(result?),
            }
        }
    }
}

impl FileProcessing {
    /// Download, process and clean up, all on the worker owning `host_queue`.
    async fn process_on(
        ctx: &mut WorkflowContext<Self>,
        host_queue: &str,
    ) -> Result<String, ActivityExecutionError> {
        let download = DownloadObj {
            url: "http://temporal.io".to_owned(),
            unique_worker_id: host_queue.to_owned(),
            // `uuid4` from the workflow's seeded random: the same on replay, unlike a fresh one.
            workflow_uuid: ctx.uuid4(),
        };
        let path = ctx
            .execute_activity(
                FileActivities::download_file_to_worker_filesystem,
                download,
                on_host(host_queue),
            )
            .await?;

        // One attempt, as in Python: a failed processing goes straight to the clean-up.
        let processed = ctx
            .execute_activity(
                FileActivities::work_on_file_in_worker_filesystem,
                path.clone(),
                ActivityOptions::with_start_to_close_timeout(Duration::from_secs(10))
                    .schedule_to_start_timeout(Duration::from_secs(5))
                    .task_queue(host_queue.to_owned())
                    .retry_policy(RetryPolicy::builder().maximum_attempts(1).build())
                    .build(),
            )
            .await;

        // The `finally`: the file is on that worker's disk, so its clean-up goes there too,
        // whether processing worked or not.
        ctx.execute_activity(
            FileActivities::clean_up_file_from_worker_filesystem,
            path,
            on_host(host_queue),
        )
        .await?;

        Ok(processed.unwrap_or_else(|_| FAILED_EXECUTION.to_owned()))
    }
}
// ANCHOR_END: lesson
