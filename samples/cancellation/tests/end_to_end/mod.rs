//! End-to-end tests against a real dev server.

use std::{
    process::{Command, Stdio},
    time::Duration,
};

use anyhow::{Context, Result, bail};
use cancellation::{BatchInput, CancellationActivities, client};
use samples_helper::Workers;
use samples_helper::testing::{
    Attributes, EventType, activity_attempts, event_types, history, test_client, unique,
};
use temporalio_client::{WorkflowExecutionStatus, errors::WorkflowGetResultError};

#[tokio::test]
async fn cancel_stops_the_activity_runs_cleanup_and_ends_canceled() -> Result<()> {
    let connected = test_client().await?;
    let client = &connected.client;
    let task_queue = unique("cancellation");
    let workflow_id = unique("hello-cancellation");
    let result = Workers::new(
        client,
        cancellation::worker_options(&task_queue, CancellationActivities::default())?,
    )
    .run_while(async {
        client::start(client, &task_queue, &workflow_id).await?;
        // Cancel once the activity is running (it has heartbeated at least once).
        client::wait_for_first_heartbeat(client, &workflow_id, Duration::from_secs(30)).await?;
        client::cancel(client, &workflow_id, "test says stop").await?;
        anyhow::Ok(client::outcome(client, &workflow_id).await)
    })
    .await??;

    // The client sees a cancellation, and the server's status is CANCELED.
    assert!(
        matches!(result, Err(WorkflowGetResultError::Cancelled { .. })),
        "{result:?}"
    );
    assert_eq!(
        client::status(client, &workflow_id).await?,
        WorkflowExecutionStatus::Canceled
    );

    // History: the cancel request (with its reason), the activity cancelled, then the cleanup
    // scheduled and completed, then the workflow cancelled.
    let events = history(client, &workflow_id).await?;
    let reason = events.iter().find_map(|e| match &e.attributes {
        Some(Attributes::WorkflowExecutionCancelRequestedEventAttributes(a)) => {
            Some(a.cause.clone())
        }
        _ => None,
    });
    assert_eq!(reason.as_deref(), Some("test says stop"));
    let types = event_types(client, &workflow_id).await?;
    let at = |t: EventType| types.iter().position(|e| *e == t);
    let requested = at(EventType::WorkflowExecutionCancelRequested).context("cancel request")?;
    let activity_cancelled = at(EventType::ActivityTaskCanceled).context("activity cancelled")?;
    assert!(requested < activity_cancelled);
    let activities = activity_attempts(client, &workflow_id).await?;
    assert_eq!(
        activities
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>(),
        ["never_complete_activity", "cleanup_activity"]
    );
    let cleanup_done = types
        .iter()
        .rposition(|e| *e == EventType::ActivityTaskCompleted)
        .context("cleanup")?;
    assert!(cleanup_done > activity_cancelled, "{types:?}");
    assert_eq!(types.last(), Some(&EventType::WorkflowExecutionCanceled));
    samples_helper::replay::record(
        client,
        env!("CARGO_MANIFEST_DIR"),
        "cancelled",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_retried_batch_resumes_from_the_last_heartbeat() -> Result<()> {
    let connected = test_client().await?;
    let client = &connected.client;
    let task_queue = unique("cancellation");
    let workflow_id = unique("batch");

    // A real worker process that aborts after 8 items on its first attempt.
    let mut doomed = Command::new(env!("CARGO_BIN_EXE_cancellation"))
        .args([
            "--address",
            &connected.address,
            "worker",
            "--task-queue",
            &task_queue,
            "--crash-after-items",
            "8",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let input = BatchInput {
        items: 12,
        item_ms: 300,
    };
    client::start_batch(client, &task_queue, &workflow_id, input).await?;
    let status = doomed.wait()?;
    assert!(!status.success(), "the worker should have crashed");

    // What the dead attempt recorded before dying.
    let recorded = client::recorded_progress(client, &workflow_id)
        .await?
        .context("the dead attempt recorded no progress")?;
    assert!((1..=8).contains(&recorded), "recorded progress {recorded}");

    // A healthy worker picks up the retry (after the 2 s heartbeat timeout) and resumes.
    let report = Workers::new(
        client,
        cancellation::worker_options(&task_queue, CancellationActivities::default())?,
    )
    .run_while(client::batch_report(client, &workflow_id))
    .await??;
    assert_eq!(report.attempt, 2);
    assert_eq!(
        report.resumed_from, recorded,
        "the retry must start where the heartbeat said"
    );
    assert_eq!(report.items, 12);
    samples_helper::replay::record(
        client,
        env!("CARGO_MANIFEST_DIR"),
        "batch-resumed",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_worker_that_stops_heartbeating_times_out_and_cleanup_still_runs() -> Result<()> {
    let connected = test_client().await?;
    let client = &connected.client;
    let task_queue = unique("cancellation-stall");
    let workflow_id = unique("hello-cancellation-stall");
    let stuck = CancellationActivities {
        stall_heartbeats: Some(Duration::from_secs(3)),
        ..CancellationActivities::default()
    };
    let result = Workers::new(client, cancellation::worker_options(&task_queue, stuck)?)
        .run_while(async {
            client::start(client, &task_queue, &workflow_id).await?;
            anyhow::Ok(client::outcome(client, &workflow_id).await)
        })
        .await??;

    // The workflow fails with the activity's heartbeat timeout as the cause…
    let Err(WorkflowGetResultError::Failed(failure)) = &result else {
        bail!("expected a failed workflow, got {result:?}");
    };
    let cause = failure.cause().context("the failure has a cause")?;
    assert!(
        cause.failure().message.to_lowercase().contains("heartbeat")
            || cause.cause().is_some_and(|c| c
                .failure()
                .message
                .to_lowercase()
                .contains("heartbeat")),
        "{failure:?}"
    );
    // …after the three attempts the retry policy allows, and the cleanup ran all the same.
    assert_eq!(
        activity_attempts(client, &workflow_id).await?,
        [
            ("never_complete_activity".to_owned(), 3),
            ("cleanup_activity".to_owned(), 1)
        ]
    );
    let types = event_types(client, &workflow_id).await?;
    let timed_out = types
        .iter()
        .position(|e| *e == EventType::ActivityTaskTimedOut)
        .context("the activity timed out")?;
    let cleanup_done = types
        .iter()
        .position(|e| *e == EventType::ActivityTaskCompleted)
        .context("the cleanup completed")?;
    assert!(timed_out < cleanup_done, "{types:?}");
    assert_eq!(types.last(), Some(&EventType::WorkflowExecutionFailed));
    samples_helper::replay::record(
        client,
        env!("CARGO_MANIFEST_DIR"),
        "heartbeat-timeout",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}
