//! The client half, and the whole difference from a workflow's activity: start the activity by
//! name on a task queue, come back to it by id, ask visibility what ran; [`report`] is what the
//! `result` command does with them. `main.rs` and the tests call these same functions.

use std::time::Duration;

use anyhow::{Context, Result, bail};
use futures::StreamExt;
use temporalio_client::{
    ActivityDescribeOptions, ActivityExecutionInfoLike, ActivityExecutionStatus, ActivityHandle,
    ActivityStartOptions, Client, NamespacedClient, errors::ActivityResultError,
    grpc::WorkflowService,
};
use temporalio_protos::temporal::api::workflowservice::v1::DescribeNamespaceRequest;

use crate::{ComposeGreetingInput, GreetingActivities, activities::ComposeGreeting};

/// A handle to one `compose_greeting` execution.
pub type GreetingHandle = ActivityHandle<Client, ComposeGreeting>;

// ANCHOR: lesson
/// Fails with what to do when the server does not allow standalone activities. The namespace
/// advertises it as a capability; without this check, the first start fails with a bare
/// `Unimplemented`.
pub async fn ensure_enabled(client: &Client) -> Result<()> {
    let request = DescribeNamespaceRequest {
        namespace: client.namespace(),
        ..Default::default()
    };
    let namespace =
        WorkflowService::describe_namespace(&mut client.clone(), tonic::Request::new(request))
            .await
            .context("cannot describe the namespace")?
            .into_inner();
    let enabled = namespace
        .namespace_info
        .and_then(|info| info.capabilities)
        .is_some_and(|capabilities| capabilities.standalone_activities);
    if !enabled {
        bail!(
            "namespace `{}` does not allow standalone activities: use Temporal CLI 1.9.1 or later \
             (`temporal server start-dev`), or set the dynamic config \
             `activity.enableStandalone: true` on your server",
            client.namespace()
        );
    }
    Ok(())
}

/// Starts `compose_greeting` with `input` and returns as soon as the server has recorded it: no
/// worker needs to be running. The start-to-close timeout bounds each attempt; the server retries
/// a failed attempt with its default retry policy, as it would for a workflow's activity.
///
/// An activity id is unique among *running* activities: starting a second one with the id of a
/// running one fails with `AlreadyStarted` (the error names the id), while a finished one's id can
/// be used again (the default reuse policy, `AllowDuplicate`).
pub async fn start(
    client: &Client,
    task_queue: &str,
    activity_id: &str,
    input: ComposeGreetingInput,
) -> Result<GreetingHandle> {
    let options = ActivityStartOptions::with_start_to_close_timeout(
        task_queue,
        activity_id,
        Duration::from_secs(10),
    )
    .build();
    client
        .start_activity(GreetingActivities::compose_greeting, input, options)
        .await
        .with_context(|| format!("cannot start activity `{activity_id}`"))
}

/// Waits for the activity's outcome: the greeting, or its failure kept typed
/// (`ActivityFailed` with the activity's error, `TimedOut`, `Cancelled`, `Terminated`). Waiting
/// is a long poll on the server, so it survives worker restarts, and any client can wait.
pub async fn result(handle: &GreetingHandle) -> Result<String, ActivityResultError> {
    handle.result().await
}

/// Starts and waits: Python's `client.execute_activity`. The SDK has no single call for it.
pub async fn execute(
    client: &Client,
    task_queue: &str,
    activity_id: &str,
    input: ComposeGreetingInput,
) -> Result<String> {
    let handle = start(client, task_queue, activity_id, input).await?;
    result(&handle)
        .await
        .with_context(|| format!("activity `{activity_id}` did not complete"))
}

/// A handle to an activity started earlier, by id alone. With no run id it targets the latest
/// execution with that id, at the time of each call.
pub fn handle(client: &Client, activity_id: &str) -> GreetingHandle {
    client.get_activity_handle(GreetingActivities::compose_greeting, activity_id, None)
}

/// What the server knows about one execution right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    /// `Running`, `Completed`, `Failed`, …
    pub status: ActivityExecutionStatus,
    /// The registered name, `compose_greeting`.
    pub activity_type: String,
    /// The attempt running or last run; more than 1 after retries.
    pub attempt: u32,
}

/// Describes the execution a handle targets. An id that was never used fails with `NotFound`.
pub async fn describe(handle: &GreetingHandle) -> Result<Description> {
    let description = handle
        .describe(ActivityDescribeOptions::default())
        .await
        .with_context(|| format!("cannot describe activity `{}`", handle.activity_id()))?;
    Ok(Description {
        status: description.status(),
        activity_type: description.activity_type().to_owned(),
        attempt: description.attempt(),
    })
}

/// One row of a visibility listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The activity id.
    pub activity_id: String,
    /// The registered name.
    pub activity_type: String,
    /// Its status when visibility last recorded it.
    pub status: ActivityExecutionStatus,
}

/// Lists standalone activity executions matching a visibility query (activities scheduled by
/// workflows are not listed). Visibility is eventually consistent: an execution that has just
/// changed may show its previous status for a moment.
pub async fn list(client: &Client, query: &str) -> Result<Vec<Listed>> {
    let mut executions = client.list_activities(query, Default::default());
    let mut listed = Vec::new();
    while let Some(execution) = executions.next().await {
        let execution = execution.with_context(|| format!("cannot list activities `{query}`"))?;
        listed.push(Listed {
            activity_id: execution.activity_id().to_owned(),
            activity_type: execution.activity_type().to_owned(),
            status: execution.status(),
        });
    }
    Ok(listed)
}

/// Counts executions matching a query, and per status: `GROUP BY ExecutionStatus` makes the
/// server count each group.
pub async fn count(client: &Client, query: &str) -> Result<(usize, Vec<(String, usize)>)> {
    let grouped = format!("{query} GROUP BY ExecutionStatus");
    let counted = client
        .count_activities(grouped.as_str(), Default::default())
        .await
        .with_context(|| format!("cannot count activities `{grouped}`"))?;
    let groups = counted
        .groups()
        .iter()
        .map(|group| (group.get::<String>(0).unwrap_or_default(), group.count()))
        .collect();
    Ok((counted.count(), groups))
}
// ANCHOR_END: lesson

// ANCHOR: starter
/// What the `result` command does: come back to the activity by its id alone (from another
/// process, long after it started), wait for its result, and print it with the activity's own
/// record — its type, status and attempt, which a workflow's activity keeps in the workflow's
/// history instead.
pub async fn report(client: &Client, activity_id: &str) -> Result<(String, Description)> {
    let handle = handle(client, activity_id);
    let result = result(&handle).await?;
    println!("Activity result: {result}");
    let described = describe(&handle).await?;
    println!(
        "Activity {activity_id}: {} {:?}, attempt {}",
        described.activity_type, described.status, described.attempt
    );
    Ok((result, described))
}
// ANCHOR_END: starter
