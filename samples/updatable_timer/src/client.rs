//! The client half: start the sleep, move its wake-up time, read it, wait for the wake-up.
//! `main.rs` and the tests call these same functions.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowQueryOptions, WorkflowSignalOptions,
    WorkflowStartOptions, errors::WorkflowStartError,
};

use crate::UpdatableTimerWorkflow;

// ANCHOR: lesson
/// Unix seconds `from_now` in the future, as Python's `(datetime.now() + delta).timestamp()`.
pub fn unix_secs_from_now(from_now: Duration) -> Result<f64> {
    Ok((SystemTime::now() + from_now)
        .duration_since(UNIX_EPOCH)?
        .as_secs_f64())
}

/// Starts the sleep until `wake_up_time` (Unix seconds). Returns the run id, or `None` when a
/// workflow with this id is already running (then it is left alone, as the Python starter does).
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    wake_up_time: f64,
) -> Result<Option<String>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    match client
        .start_workflow(UpdatableTimerWorkflow::run, wake_up_time, options)
        .await
    {
        Ok(handle) => Ok(Some(handle.run_id().unwrap_or_default().to_owned())),
        Err(WorkflowStartError::AlreadyStarted { .. }) => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot start workflow `{workflow_id}`")),
    }
}

/// Signal: move the wake-up time (earlier or later).
pub async fn move_wake_up_time(
    client: &Client,
    workflow_id: &str,
    wake_up_time: f64,
) -> Result<()> {
    client
        .get_workflow_handle::<UpdatableTimerWorkflow>(workflow_id)
        .signal(
            UpdatableTimerWorkflow::update_wake_up_time,
            wake_up_time,
            WorkflowSignalOptions::default(),
        )
        .await
        .with_context(|| format!("cannot signal workflow `{workflow_id}`"))
}

/// Query: the current wake-up time (Unix seconds).
pub async fn wake_up_time(client: &Client, workflow_id: &str) -> Result<f64> {
    client
        .get_workflow_handle::<UpdatableTimerWorkflow>(workflow_id)
        .query(
            UpdatableTimerWorkflow::get_wake_up_time,
            (),
            WorkflowQueryOptions::default(),
        )
        .await
        .with_context(|| format!("cannot query workflow `{workflow_id}`"))
}

/// Waits until the workflow has woken up.
pub async fn wait(client: &Client, workflow_id: &str) -> Result<()> {
    Ok(client
        .get_workflow_handle::<UpdatableTimerWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await?)
}

// ANCHOR_END: lesson
