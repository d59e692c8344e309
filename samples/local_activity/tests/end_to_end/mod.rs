//! End-to-end tests against a real dev server.

use anyhow::{Context, Result, bail};
use local_activity::{GreetingActivities, activities::GREETING_SERVICE_DOWN, client};
use samples_helper::Workers;
use samples_helper::testing::{Attributes, EventType, event_types, history, test_client, unique};
use temporalio_client::errors::WorkflowGetResultError;
use temporalio_common::error::IncomingError;

#[tokio::test]
async fn greets_through_a_local_activity_recorded_as_a_marker() -> Result<()> {
    let connected = test_client().await?;
    let client = &connected.client;
    let task_queue = unique("local-activity");
    let workflow_id = unique("hello-local-activity");

    let result = Workers::new(
        client,
        local_activity::worker_options(&task_queue, GreetingActivities::default())?,
    )
    .run_while(async {
        client::start(client, &task_queue, &workflow_id, "Rust".to_owned()).await?;
        anyhow::Ok(client::greeting(client, &workflow_id).await?)
    })
    .await??;
    assert_eq!(result, "Hello, Rust!");

    // The local activity left one marker and none of the activity-task events a normal
    // activity leaves; the whole run fit in a single workflow task.
    let events = event_types(client, &workflow_id).await?;
    assert_eq!(
        events
            .iter()
            .filter(|e| **e == EventType::MarkerRecorded)
            .count(),
        1,
        "{events:?}"
    );
    assert!(
        !events.contains(&EventType::ActivityTaskScheduled),
        "{events:?}"
    );
    assert!(
        !events.contains(&EventType::ActivityTaskCompleted),
        "{events:?}"
    );
    assert_eq!(
        events
            .iter()
            .filter(|e| **e == EventType::WorkflowTaskCompleted)
            .count(),
        1,
        "{events:?}"
    );
    samples_helper::replay::record(
        client,
        env!("CARGO_MANIFEST_DIR"),
        "greeting",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

/// Runs the greeting workflow on a worker whose local activity fails its first
/// `failing_attempts` attempts; returns the workflow id and its result.
async fn greet_with_outage(
    failing_attempts: u32,
) -> Result<(
    samples_helper::Connected,
    String,
    Result<String, WorkflowGetResultError>,
)> {
    let connected = test_client().await?;
    let task_queue = unique("local-activity-outage");
    let workflow_id = unique("hello-local-activity-outage");
    let activities = GreetingActivities { failing_attempts };
    let result = Workers::new(
        &connected.client,
        local_activity::worker_options(&task_queue, activities)?,
    )
    .run_while(async {
        let c = &connected.client;
        client::start(c, &task_queue, &workflow_id, "Rust".to_owned()).await?;
        anyhow::Ok(client::greeting(c, &workflow_id).await)
    })
    .await??;
    Ok((connected, workflow_id, result))
}

/// The local activity's markers: each one's recorded attempt and whether it holds a failure.
async fn markers(
    client: &temporalio_client::Client,
    workflow_id: &str,
) -> Result<Vec<(u64, bool)>> {
    let mut out = Vec::new();
    for event in history(client, workflow_id).await? {
        if let Some(Attributes::MarkerRecordedEventAttributes(marker)) = event.attributes {
            // The SDK records the local activity's metadata (attempt, activity type, …) as JSON
            // in the marker's `data` detail.
            let data = marker
                .details
                .get("data")
                .and_then(|p| p.payloads.first())
                .context("the marker has no data")?;
            let data: serde_json::Value = serde_json::from_slice(&data.data)?;
            let attempt = data["attempt"]
                .as_u64()
                .context("the marker has no attempt")?;
            out.push((attempt, marker.failure.is_some()));
        }
    }
    Ok(out)
}

#[tokio::test]
async fn failed_attempts_are_retried_in_the_worker_and_history_keeps_one_marker() -> Result<()> {
    let (connected, workflow_id, result) = greet_with_outage(2).await?;
    assert_eq!(result?, "Hello, Rust!");
    // Attempts 1 and 2 failed and were retried inside the worker: no activity-task events, no
    // failure in history, one marker recording the third attempt's success.
    assert_eq!(
        markers(&connected.client, &workflow_id).await?,
        [(3, false)]
    );
    let events = event_types(&connected.client, &workflow_id).await?;
    assert!(
        !events.contains(&EventType::ActivityTaskScheduled),
        "{events:?}"
    );
    assert!(
        !events.contains(&EventType::ActivityTaskFailed),
        "{events:?}"
    );
    samples_helper::replay::record(
        &connected.client,
        env!("CARGO_MANIFEST_DIR"),
        "retried-then-succeeded",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_local_activity_that_keeps_failing_fails_the_workflow_with_its_error() -> Result<()> {
    let (connected, workflow_id, result) = greet_with_outage(u32::MAX).await?;
    let Err(WorkflowGetResultError::Failed(failure)) = &result else {
        bail!("expected the workflow to fail, got {result:?}");
    };
    // The workflow fails with the local activity's own application failure (its type and the
    // last attempt's message). Unlike a normal activity's, it reaches the client without an
    // ActivityFailure wrapper: the Rust SDK 1.1 records a local activity's failure in the
    // marker, and the workflow fails with that failure itself.
    let IncomingError::Application(app) = failure.as_ref() else {
        bail!("expected an application failure, got {failure:?}");
    };
    assert_eq!(app.type_name(), Some(GREETING_SERVICE_DOWN));
    assert!(
        failure.failure().message.contains(&format!(
            "attempt {}",
            local_activity::workflows::MAX_ATTEMPTS
        )),
        "{app:?}"
    );
    // One marker, holding the failure of the last allowed attempt.
    assert_eq!(
        markers(&connected.client, &workflow_id).await?,
        [(u64::from(local_activity::workflows::MAX_ATTEMPTS), true)]
    );
    let events = event_types(&connected.client, &workflow_id).await?;
    assert_eq!(events.last(), Some(&EventType::WorkflowExecutionFailed));
    samples_helper::replay::record(
        &connected.client,
        env!("CARGO_MANIFEST_DIR"),
        "failed-after-retries",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}
