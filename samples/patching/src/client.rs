//! The client half: start `MyWorkflow`, query its result — and a walkthrough that deploys the
//! four stages one after the other and queries every execution after each deployment; [`starter`]
//! is what `cargo run -p patching starter` does with them. `main.rs` and the tests call these
//! same functions.

use std::time::Duration;

use anyhow::{Context, Result};
use samples_helper::query_until_answered;
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowQueryOptions, WorkflowStartOptions,
};

use crate::{InitialWorkflow, Stage};

// ANCHOR: lesson
/// Starts `MyWorkflow` (no input, as in Python); returns its handle. Which stage's code runs it
/// depends on the worker, not on the client: the client only names the type.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
) -> Result<WorkflowHandle<Client, InitialWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(InitialWorkflow::run, (), options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for the workflow to complete.
pub async fn wait(client: &Client, workflow_id: &str) -> Result<()> {
    Ok(client
        .get_workflow_handle::<InitialWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await?)
}

/// Query: the workflow's result. A query on a completed workflow makes a worker *replay* its
/// history with the worker's current code — which is exactly what a code change can break.
pub async fn query_result(client: &Client, workflow_id: &str) -> Result<String> {
    let handle = client.get_workflow_handle::<InitialWorkflow>(workflow_id);
    // Asked again if the worker that ran the workflow has just died (see the helper).
    let query = query_until_answered(|| {
        handle.query(InitialWorkflow::result, (), WorkflowQueryOptions::default())
    });
    match tokio::time::timeout(Duration::from_secs(60), query).await {
        Ok(result) => Ok(result?),
        Err(_) => anyhow::bail!("no answer within 60 s"),
    }
}

/// What one deployment saw: the execution it started, and each execution's query answer.
#[derive(Debug)]
pub struct StageReport {
    /// The deployment.
    pub stage: Stage,
    /// `(workflow id, the query's answer or error)` for every execution so far, oldest first.
    pub queries: Vec<(String, Result<String, String>)>,
}

/// Deploys the four stages in order on `task_queue`, each as an in-process worker: starts one
/// execution per stage and, after each deployment, queries every execution started so far.
pub async fn walkthrough(
    client: &Client,
    task_queue: &str,
    suffix: &str,
) -> Result<Vec<StageReport>> {
    let mut started: Vec<String> = Vec::new();
    let mut reports = Vec::new();
    for stage in Stage::ALL {
        let options = crate::worker_options(task_queue, stage)?;
        let report = samples_helper::Workers::new(client, options)
            .run_while(async {
                let id = format!("{}-workflow-id-{suffix}", stage.name());
                start(client, task_queue, &id).await?;
                wait(client, &id).await?;
                started.push(id);
                let mut queries = Vec::new();
                for id in &started {
                    let answer = query_result(client, id).await.map_err(|e| format!("{e:#}"));
                    queries.push((id.clone(), answer));
                }
                anyhow::Ok(StageReport { stage, queries })
            })
            .await??;
        reports.push(report);
    }
    Ok(reports)
}
// ANCHOR_END: lesson

// ANCHOR: starter
/// What the starter does: start `MyWorkflow` with id `start_workflow` and wait for it, then
/// query `query_workflow`'s result, as the Python starter's two flags do; with neither, run the
/// walkthrough on a task queue of its own and print each stage's queries.
pub async fn starter(
    client: &Client,
    task_queue: &str,
    start_workflow: Option<&str>,
    query_workflow: Option<&str>,
) -> Result<()> {
    if let Some(id) = start_workflow {
        let handle = start(client, task_queue, id).await?;
        let run_id = handle.run_id().unwrap_or_default();
        println!("Started workflow with ID {id} and run ID {run_id}");
        // It completes in milliseconds; waiting makes a following query see its result.
        wait(client, id).await?;
    }
    if let Some(id) = query_workflow {
        let result = query_result(client, id)
            .await
            .with_context(|| format!("cannot query workflow `{id}`"))?;
        println!("Query result for ID {id}: {result}");
    }
    if start_workflow.is_none() && query_workflow.is_none() {
        let suffix = &uuid::Uuid::new_v4().simple().to_string()[..8];
        let task_queue = format!("patching-walkthrough-{suffix}");
        println!("Deploying the four stages on task queue {task_queue}:");
        for report in walkthrough(client, &task_queue, suffix).await? {
            println!("stage {}:", report.stage.name());
            for (id, answer) in report.queries {
                match answer {
                    Ok(result) => println!("  query {id}: {result}"),
                    Err(error) => println!("  query {id}: FAILS: {error}"),
                }
            }
        }
    }
    Ok(())
}
// ANCHOR_END: starter
