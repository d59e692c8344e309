//! The client half: run the pipeline, then ask the finished workflow for its word counts.
//! `main.rs` calls these functions.

use anyhow::{Context, Result};
use samples_helper::query_until_answered;
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowQueryOptions, WorkflowStartOptions,
};

use crate::{
    HackerNewsWorkflow, TemporalCommunityPost, TemporalCommunityWorkflow, WordCount,
    activities::count_words,
};

// ANCHOR: lesson
/// Starts the pipeline; returns its handle. No input, as the tutorial's starter sends none.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
) -> Result<WorkflowHandle<Client, TemporalCommunityWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(TemporalCommunityWorkflow::run, (), options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for the top posts, most viewed first: the workflow's result, in the tutorial's shape.
pub async fn top_posts(client: &Client, workflow_id: &str) -> Result<Vec<TemporalCommunityPost>> {
    client
        .get_workflow_handle::<TemporalCommunityWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("workflow `{workflow_id}` failed"))
}

/// The third step's answer, which lives in the workflow's state: asked for with a query, which
/// a worker answers from the finished run's history. The tutorial's Python workflow has no third
/// step and so no such query; then the words are counted here, from `posts`, and the second value
/// says so — rather than fail a pipeline that succeeded.
pub async fn top_words(
    client: &Client,
    workflow_id: &str,
    posts: &[TemporalCommunityPost],
) -> Result<(Vec<WordCount>, bool)> {
    let handle = client.get_workflow_handle::<TemporalCommunityWorkflow>(workflow_id);
    // Asked again if the worker that ran the workflow has just died (see the helper).
    let answer = query_until_answered(|| {
        handle.query(
            TemporalCommunityWorkflow::top_words,
            (),
            WorkflowQueryOptions::default(),
        )
    })
    .await;
    match answer {
        Ok(words) => Ok((words, true)),
        Err(e) if e.to_string().contains("expected but not found") => {
            Ok((count_words(posts), false))
        }
        Err(e) => Err(e).context("cannot query the top words"),
    }
}

/// Runs the Hacker News version: starts `HackerNewsWorkflow` (no input, as in the tutorial) and
/// returns its handle.
pub async fn start_hacker_news(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
) -> Result<WorkflowHandle<Client, HackerNewsWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(HackerNewsWorkflow::run, (), options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for the Hacker News version's `[title, by, url]` rows.
pub async fn top_stories(client: &Client, workflow_id: &str) -> Result<Vec<Vec<String>>> {
    client
        .get_workflow_handle::<HackerNewsWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("workflow `{workflow_id}` failed"))
}
// ANCHOR_END: lesson
