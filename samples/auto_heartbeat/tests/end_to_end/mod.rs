//! End-to-end tests against a real dev server.

use std::time::Duration;

use anyhow::{Context, Result};
use auto_heartbeat::client;
use samples_helper::Workers;
use samples_helper::testing::{Attributes, EventType, event_types, history, test_client, unique};
use temporalio_client::errors::WorkflowGetResultError;

#[tokio::test]
async fn with_the_wrapper_the_activity_outlives_its_heartbeat_timeout_and_hears_the_cancel()
-> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("auto-heartbeat");
    let workflow_id = unique("custom_decorator-workflow");
    let result = Workers::new(client, auto_heartbeat::worker_options(&task_queue, true)?)
        .run_while(async {
            let handle = client::start(client, &task_queue, &workflow_id).await?;
            // Twice the 2 s heartbeat timeout: only heartbeats keep the attempt alive this long.
            client::cancel_after(&handle, Duration::from_secs(4)).await
        })
        .await??;
    assert_eq!(result, "activity cancelled!");

    let events = event_types(client, &workflow_id).await?;
    for expected in [
        EventType::ActivityTaskCancelRequested,
        EventType::ActivityTaskCompleted,
        EventType::WorkflowExecutionCompleted,
    ] {
        assert!(events.contains(&expected), "no {expected:?} in {events:?}");
    }
    assert!(
        !events.contains(&EventType::ActivityTaskTimedOut),
        "{events:?}"
    );
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
async fn without_it_the_activity_times_out_after_the_heartbeat_timeout() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("no-heartbeat");
    let workflow_id = unique("custom_decorator-no-heartbeat");
    let outcome = Workers::new(client, auto_heartbeat::worker_options(&task_queue, false)?)
        .run_while(async {
            let handle = client::start(client, &task_queue, &workflow_id).await?;
            // Long enough for the 2 s heartbeat timeout; the workflow fails before the cancel.
            let waited = tokio::time::timeout(Duration::from_secs(30), client::result(&handle));
            anyhow::Ok(
                waited
                    .await
                    .context("the workflow did not fail within 30 s")?,
            )
        })
        .await??;
    let Err(WorkflowGetResultError::Failed(failure)) = outcome else {
        anyhow::bail!("the workflow should have failed, got {outcome:?}");
    };
    let message = format!("{failure:?}");
    assert!(
        message.contains("Heartbeat") || message.contains("HEARTBEAT"),
        "{message}"
    );

    // History: the one attempt timed out, by its heartbeat timeout.
    let timed_out = history(client, &workflow_id)
        .await?
        .into_iter()
        .find_map(|e| match e.attributes {
            Some(Attributes::ActivityTaskTimedOutEventAttributes(a)) => Some(a),
            _ => None,
        })
        .context("no ActivityTaskTimedOut event")?;
    assert!(
        format!("{:?}", timed_out.failure).contains("Heartbeat"),
        "{:?}",
        timed_out.failure
    );
    samples_helper::replay::record(
        client,
        env!("CARGO_MANIFEST_DIR"),
        "timed-out",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}
