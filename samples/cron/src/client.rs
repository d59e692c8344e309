//! The client half: start the cron workflow, watch its runs, stop it. `main.rs` and the tests
//! call these same functions.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use futures::StreamExt;
use temporalio_client::{
    Client, WorkflowExecutionStatus, WorkflowHandle, WorkflowStartOptions, WorkflowTerminateOptions,
};

use crate::GreetingWorkflow;

// ANCHOR: lesson
/// Starts the workflow on a cron schedule; returns the first run's id.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    cron: &str,
    name: &str,
) -> Result<WorkflowHandle<Client, GreetingWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id)
        .cron_schedule(cron.to_owned())
        .build();
    let handle = client
        .start_workflow(GreetingWorkflow::run, name.to_owned(), options)
        .await
        .with_context(|| format!("cannot start `{workflow_id}` with cron schedule `{cron}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// The runs of the workflow so far (from visibility), oldest first: (run id, status).
pub async fn runs(
    client: &Client,
    workflow_id: &str,
) -> Result<Vec<(String, WorkflowExecutionStatus)>> {
    let mut listed =
        client.list_workflows(format!("WorkflowId = '{workflow_id}'"), Default::default());
    let mut runs = Vec::new();
    while let Some(run) = listed.next().await {
        let run = run?;
        runs.push((run.start_time(), run.run_id().to_owned(), run.status()));
    }
    runs.sort_by_key(|(start, ..)| *start);
    Ok(runs
        .into_iter()
        .map(|(_, run, status)| (run, status))
        .collect())
}

/// Waits until `count` runs have completed (each tick's run completes, then the next starts).
pub async fn wait_for_completed_runs(
    client: &Client,
    workflow_id: &str,
    count: usize,
    within: Duration,
) -> Result<Vec<String>> {
    let deadline = Instant::now() + within;
    loop {
        let completed: Vec<String> = runs(client, workflow_id)
            .await?
            .into_iter()
            .filter(|(_, status)| *status == WorkflowExecutionStatus::Completed)
            .map(|(run, _)| run)
            .collect();
        if completed.len() >= count {
            return Ok(completed);
        }
        if Instant::now() > deadline {
            bail!(
                "only {} of {count} runs completed within {within:?}: is a worker running?",
                completed.len()
            );
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Stops the cron: terminating the current run ends the schedule (completing a run does not).
pub async fn stop(client: &Client, workflow_id: &str) -> Result<()> {
    client
        .get_workflow_handle::<GreetingWorkflow>(workflow_id)
        .terminate(
            WorkflowTerminateOptions::builder()
                .reason("cron sample: done".to_owned())
                .build(),
        )
        .await
        .with_context(|| format!("cannot terminate `{workflow_id}`"))
}
// ANCHOR_END: lesson
