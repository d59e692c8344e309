//! End-to-end tests against a real dev server.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use hello_activity::{ActivityKind, GreetingWorkflow, client};
use samples_helper::Workers;
use samples_helper::testing::{Attributes, EventType, event_types, history, test_client, unique};
use temporalio_client::{Client, WorkflowDescribeOptions, WorkflowExecutionStatus, WorkflowHandle};

/// The one activity the workflow scheduled: its type name and its input as JSON.
async fn scheduled_activity(
    client: &Client,
    workflow_id: &str,
) -> Result<(String, serde_json::Value)> {
    let mut scheduled = history(client, workflow_id)
        .await?
        .into_iter()
        .filter_map(|e| match e.attributes {
            Some(Attributes::ActivityTaskScheduledEventAttributes(a)) => Some(a),
            _ => None,
        });
    let activity = scheduled.next().context("no activity was scheduled")?;
    assert!(
        scheduled.next().is_none(),
        "more than one activity was scheduled"
    );
    let payload = activity
        .input
        .and_then(|p| p.payloads.into_iter().next())
        .context("the activity has no input")?;
    Ok((
        activity.activity_type.map(|t| t.name).unwrap_or_default(),
        serde_json::from_slice(&payload.data)?,
    ))
}

#[tokio::test]
async fn both_activity_kinds_greet_under_the_same_activity_name() -> Result<()> {
    let client = &test_client().await?.client;
    for (kind, recording) in [
        (ActivityKind::Blocking, "blocking"),
        (ActivityKind::Async, "async"),
    ] {
        let task_queue = unique("hello-activity");
        let workflow_id = unique("hello-activity-workflow");
        let greeting = Workers::new(client, hello_activity::worker_options(&task_queue, kind)?)
            .run_while(async {
                let handle = client::start(client, &task_queue, &workflow_id, "Rust").await?;
                assert!(handle.run_id().is_some_and(|id| !id.is_empty()));
                anyhow::Ok(client::result(&handle).await?)
            })
            .await??;
        assert_eq!(greeting, "Hello, Rust!", "{kind:?}");

        // History records the call by name, with the input as Python's dataclass serialises it:
        // that name and shape are the whole contract between the workflow and the activity.
        let (activity_type, input) = scheduled_activity(client, &workflow_id).await?;
        assert_eq!(activity_type, "compose_greeting", "{kind:?}");
        assert_eq!(
            input,
            serde_json::json!({"greeting": "Hello", "name": "Rust"})
        );
        let events = event_types(client, &workflow_id).await?;
        assert_eq!(
            events.last(),
            Some(&EventType::WorkflowExecutionCompleted),
            "{events:?}"
        );
        samples_helper::replay::record(
            client,
            env!("CARGO_MANIFEST_DIR"),
            recording,
            &workflow_id,
            None,
        )
        .await?;
    }
    Ok(())
}

/// Polls `describe` until the workflow's history has `count` events (or fails after 10 s).
async fn wait_for_events(
    handle: &WorkflowHandle<Client, GreetingWorkflow>,
    count: usize,
) -> Result<WorkflowExecutionStatus> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let description = handle.describe(WorkflowDescribeOptions::default()).await?;
        let length = description.history_length();
        if length >= count {
            return Ok(description.status());
        }
        if Instant::now() > deadline {
            bail!("the history never reached {count} events (has {length})");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_workflow_started_before_any_worker_runs_once_one_polls() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("hello-activity-late-worker");
    let workflow_id = unique("hello-activity-late-worker");

    // Starting needs only the server: the workflow is recorded and its first task waits on the
    // task queue.
    let handle = client::start(client, &task_queue, &workflow_id, "patience").await?;
    let status = wait_for_events(&handle, 2).await?;
    assert_eq!(status, WorkflowExecutionStatus::Running);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let events = event_types(client, &workflow_id).await?;
    assert_eq!(
        events,
        [
            EventType::WorkflowExecutionStarted,
            EventType::WorkflowTaskScheduled
        ],
        "nothing happens while no worker polls"
    );

    // A worker that starts later picks the task up, and the waiting client gets its result.
    let greeting = Workers::new(
        client,
        hello_activity::worker_options(&task_queue, ActivityKind::Blocking)?,
    )
    .run_while(client::result(&handle))
    .await??;
    assert_eq!(greeting, "Hello, patience!");
    Ok(())
}

#[tokio::test]
async fn a_second_start_with_a_running_workflows_id_is_refused_and_the_id_frees_up_after()
-> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("hello-activity-duplicate");
    let workflow_id = unique("hello-activity-duplicate");

    // No worker yet, so the first workflow is still running when the second start comes.
    let first = client::start(client, &task_queue, &workflow_id, "first").await?;
    let refused = client::start(client, &task_queue, &workflow_id, "second")
        .await
        .err()
        .context("a second workflow with a running workflow's id was started")?;
    let message = format!("{refused:#}");
    assert!(
        message.contains(&format!("cannot start workflow `{workflow_id}`")),
        "{message}"
    );
    assert!(
        message.to_lowercase().contains("already"),
        "the cause says why: {message}"
    );

    // Nothing was lost: the first workflow runs as soon as a worker polls, and once it has
    // finished its id can start a new workflow (the default id reuse policy).
    let worker_options = hello_activity::worker_options(&task_queue, ActivityKind::Async)?;
    let (first_greeting, second_greeting) = Workers::new(client, worker_options)
        .run_while(async {
            let first_greeting = client::result(&first).await?;
            let second = client::start(client, &task_queue, &workflow_id, "again").await?;
            anyhow::Ok((first_greeting, client::result(&second).await?))
        })
        .await??;
    assert_eq!(first_greeting, "Hello, first!");
    assert_eq!(second_greeting, "Hello, again!");
    Ok(())
}
