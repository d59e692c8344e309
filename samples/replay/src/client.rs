//! The client half: run the workflows as the Python starter does, then the replayer — fetch
//! histories by visibility query and replay them against the code; [`replayer`] is what
//! `cargo run -p replay replayer` does with them. `main.rs` and the tests call these same
//! functions.

use anyhow::{Context, Result, bail};
use futures::StreamExt;
use temporalio_client::{
    Client, NamespacedClient, WorkflowExecutionInfo, WorkflowGetResultOptions, WorkflowHistory,
    WorkflowStartOptions,
};
use temporalio_sdk::workflow_replayer::{WorkflowReplayer, WorkflowReplayerOptions};

use crate::{Code, JustActivity, JustTimer, TimerThenActivity};

// ANCHOR: lesson
/// Runs `JustActivity`, `JustTimer` and `TimerThenActivity` one after the other under one
/// workflow id (each waits for the previous to finish, so the id is free again) and returns each
/// type with its result.
pub async fn run_all(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    name: &str,
) -> Result<Vec<(&'static str, String)>> {
    let options = || WorkflowStartOptions::new(task_queue, workflow_id).build();
    let result = WorkflowGetResultOptions::default;
    let context = |kind: &str| format!("workflow `{workflow_id}` ({kind}) did not complete");
    let just_activity = client
        .start_workflow(JustActivity::run, name.to_owned(), options())
        .await?
        .get_result(result())
        .await
        .with_context(|| context("JustActivity"))?;
    let just_timer = client
        .start_workflow(JustTimer::run, name.to_owned(), options())
        .await?
        .get_result(result())
        .await
        .with_context(|| context("JustTimer"))?;
    let timer_then_activity = client
        .start_workflow(TimerThenActivity::run, name.to_owned(), options())
        .await?
        .get_result(result())
        .await
        .with_context(|| context("TimerThenActivity"))?;
    Ok(vec![
        ("JustActivity", just_activity),
        ("JustTimer", just_timer),
        ("TimerThenActivity", timer_then_activity),
    ])
}

/// One workflow run the query found, and what replaying it said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replayed {
    /// Workflow id.
    pub workflow_id: String,
    /// Run id: one workflow id may have many runs.
    pub run_id: String,
    /// Workflow type, e.g. `JustActivity`.
    pub workflow_type: String,
    /// `None` when the code replays the history; otherwise why not (a nondeterminism error
    /// names the command the code issued and the event history has instead).
    pub failure: Option<String>,
}

/// Fetches the history of every workflow run matching `query` (a visibility query, e.g.
/// `WorkflowId = 'x'` or `WorkflowType = 'JustActivity' AND StartTime > '2026-01-01T00:00:00Z'`)
/// and replays each against the workflows `options` registers. No worker and no task queue take
/// part: replay runs the code in this process, feeding it the recorded events.
///
/// A query that matches nothing is an error, not a pass: a check that replayed no history proved
/// nothing (a typo in the query, or the wrong namespace).
pub async fn replay(
    client: &Client,
    query: &str,
    options: WorkflowReplayerOptions,
) -> Result<Vec<Replayed>> {
    let mut runs = Vec::new();
    let mut listed = client.list_workflows(query, Default::default());
    while let Some(execution) = listed.next().await {
        let execution = execution.with_context(|| format!("cannot list workflows `{query}`"))?;
        runs.push(Replayed {
            workflow_id: execution.id().to_owned(),
            run_id: execution.run_id().to_owned(),
            workflow_type: execution.workflow_type().to_owned(),
            failure: None,
        });
    }
    if runs.is_empty() {
        bail!(
            "no workflow matches `{query}` in namespace `{}`: nothing to replay",
            client.namespace()
        );
    }
    // The histories stream from the server page by page as the replayer reads them.
    let histories: Vec<WorkflowHistory> = runs
        .iter()
        .map(|run| {
            WorkflowExecutionInfo::builder()
                .namespace(client.namespace())
                .workflow_id(run.workflow_id.clone())
                .run_id(run.run_id.clone())
                .build()
                .bind_untyped(client.clone())
                .fetch_history(Default::default())
        })
        .collect();
    let replayer = WorkflowReplayer::new(options).context("cannot build the replayer")?;
    // One replay worker for all histories; results come back in input order, one per history,
    // with the failure (if any) instead of stopping at the first.
    let results = replayer
        .replay_workflows(histories)
        .await
        .context("the replayer could not run")?;
    for (run, result) in runs.iter_mut().zip(results) {
        run.failure = result.replay_failure.map(|failure| failure.to_string());
    }
    Ok(runs)
}
// ANCHOR_END: lesson

// ANCHOR: starter
/// What the replayer command does: replay every history `query` finds against `code`, print a
/// verdict per run, and fail when any history cannot be replayed (deploying that code would
/// break those workflows).
pub async fn replayer(client: &Client, query: &str, code: Code) -> Result<Vec<Replayed>> {
    let replayed = replay(client, query, crate::replayer_options(code)?).await?;
    let failed = replayed.iter().filter(|r| r.failure.is_some()).count();
    for run in &replayed {
        let verdict = run.failure.as_deref().map_or("replays", core_message);
        println!(
            "{} {} (run {}): {verdict}",
            run.workflow_type, run.workflow_id, run.run_id
        );
    }
    if failed > 0 {
        bail!(
            "{failed} of {} histories cannot be replayed by this code: deploying it would \
             break those workflows (guard the change with a patch, or keep the old code)",
            replayed.len()
        );
    }
    println!("All {} histories replay against this code.", replayed.len());
    Ok(replayed)
}

/// The core's message inside a replay failure (which wraps it in the debug form of the failure it
/// would have reported to the server), or the whole text when there is none.
fn core_message(failure: &str) -> &str {
    failure
        .split_once("message: \"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or(failure, |(message, _)| message)
}
// ANCHOR_END: starter
