//! End-to-end tests against a real dev server: an eager start on the starter's own worker, and
//! the two ways a request for one falls back to a normal start.

use anyhow::Result;
use eager_workflow_start::client;
use samples_helper::Workers;
use samples_helper::testing::{test_client, unique};

#[tokio::test]
async fn the_starters_own_worker_gets_the_first_task_without_a_poll() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("eager-wf-start");
    let id = unique("eager-workflow-id");
    let result = Workers::new(&c, eager_workflow_start::worker_options(&task_queue)?)
        .run_while(async {
            client::start_eagerly(&c, &task_queue, &id, "Temporal").await?;
            client::result(&c, &id).await
        })
        .await??;
    assert_eq!(result, "Hello Temporal!");
    let first = client::first_task(&c, &id).await?;
    assert!(
        first.eager,
        "the server accepted the eager start: {first:?}"
    );
    assert_eq!(
        first.started_by, "",
        "the start request started the task, no worker polled for it"
    );
    samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), "eager", &id, None).await
}

#[tokio::test]
async fn a_worker_on_another_connection_cannot_take_it_eagerly_so_it_polls() -> Result<()> {
    // The worker runs on one client, the start comes from another (as from another process):
    // the starting client has no slot to reserve, so it sends a normal start.
    let worker_client = test_client().await?.client;
    let starter = test_client().await?.client;
    let task_queue = unique("eager-wf-start");
    let id = unique("eager-workflow-id");
    let result = Workers::new(
        &worker_client,
        eager_workflow_start::worker_options(&task_queue)?,
    )
    .run_while(async {
        client::start_eagerly(&starter, &task_queue, &id, "Temporal").await?;
        client::result(&starter, &id).await
    })
    .await??;
    assert_eq!(
        result, "Hello Temporal!",
        "the fallback still runs the workflow"
    );
    let first = client::first_task(&starter, &id).await?;
    assert!(!first.eager, "{first:?}");
    assert!(
        !first.started_by.is_empty(),
        "a polling worker started the first task: {first:?}"
    );
    samples_helper::replay::record(&starter, env!("CARGO_MANIFEST_DIR"), "polled", &id, None).await
}

#[tokio::test]
async fn a_worker_for_another_task_queue_does_not_make_a_start_eager() -> Result<()> {
    let c = test_client().await?.client;
    let other_queue = unique("eager-other");
    let task_queue = unique("eager-wf-start");
    let id = unique("eager-workflow-id");
    Workers::new(&c, eager_workflow_start::worker_options(&other_queue)?)
        .run_while(async {
            client::start_eagerly(&c, &task_queue, &id, "Temporal").await?;
            // Nothing polls `task_queue` yet: the workflow waits, and its history says so.
            let err = client::first_task(&c, &id).await.unwrap_err();
            assert!(
                err.to_string().contains("no workflow task has started yet"),
                "{err:#}"
            );
            anyhow::Ok(())
        })
        .await??;
    // A worker for the right queue picks the waiting task up: nothing was lost.
    let result = Workers::new(&c, eager_workflow_start::worker_options(&task_queue)?)
        .run_while(client::result(&c, &id))
        .await??;
    assert_eq!(result, "Hello Temporal!");
    assert!(!client::first_task(&c, &id).await?.eager);
    Ok(())
}

#[tokio::test]
async fn a_second_start_with_a_running_id_is_rejected_and_the_first_run_is_kept() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("eager-wf-start");
    let id = unique("eager-workflow-id");
    let first = client::start_eagerly(&c, &task_queue, &id, "first").await?;
    let first_run = first.run_id().unwrap_or_default();
    let err = client::start_eagerly(&c, &task_queue, &id, "second")
        .await
        .err()
        .expect("a second start with the same id");
    let message = format!("{err:#}");
    assert!(
        message.contains(&format!("cannot start `{id}`")),
        "{message}"
    );
    assert!(message.to_lowercase().contains("already"), "{message}");
    let result = Workers::new(&c, eager_workflow_start::worker_options(&task_queue)?)
        .run_while(client::result(&c, &id))
        .await??;
    assert_eq!(
        result, "Hello first!",
        "the first run ({first_run}) is the one that ran"
    );
    Ok(())
}
