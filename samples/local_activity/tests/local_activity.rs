//! End-to-end tests against a real dev server.

use anyhow::Result;
use local_activity::GreetingWorkflow;
use samples_helper::testing::{EventType, event_types, test_client, unique, with_worker};
use temporalio_client::{WorkflowGetResultOptions, WorkflowStartOptions};

#[tokio::test]
async fn greets_through_a_local_activity_recorded_as_a_marker() -> Result<()> {
    let connected = test_client().await?;
    let client = &connected.client;
    let task_queue = unique("local-activity");
    let workflow_id = unique("hello-local-activity");

    let result = with_worker(
        client,
        local_activity::worker_options(&task_queue)?,
        async {
            let options = WorkflowStartOptions::new(&task_queue, &workflow_id).build();
            let handle = client
                .start_workflow(GreetingWorkflow::run, "Rust".to_owned(), options)
                .await?;
            anyhow::Ok(
                handle
                    .get_result(WorkflowGetResultOptions::default())
                    .await?,
            )
        },
    )
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
