//! End-to-end tests against a real dev server: the runs a cron schedule makes, read from
//! visibility and history.

use std::time::Duration;

use anyhow::{Context, Result, bail};
use cron::client;
use samples_helper::Workers;
use samples_helper::testing::{Attributes, history_of_run, test_client, unique};
use temporalio_client::WorkflowExecutionStatus;

#[tokio::test]
async fn each_tick_is_a_new_run_under_the_same_id_until_terminated() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("hello-cron");
    let id = unique("hello-cron-workflow");
    let completed = Workers::new(&c, cron::worker_options(&task_queue)?)
        .run_while(async {
            client::start(&c, &task_queue, &id, "@every 1s", "World").await?;
            let completed =
                client::wait_for_completed_runs(&c, &id, 3, Duration::from_secs(30)).await?;
            client::stop(&c, &id).await?;
            anyhow::Ok(completed)
        })
        .await??;
    // The runs are chained: each completed run names the next, and each composed the greeting.
    for pair in completed.windows(2) {
        let events = history_of_run(&c, &id, Some(&pair[0])).await?;
        let Some(Attributes::WorkflowExecutionCompletedEventAttributes(done)) =
            &events.last().context("empty history")?.attributes
        else {
            bail!("run {} did not complete", pair[0]);
        };
        assert_eq!(done.new_execution_run_id, pair[1]);
        let Some(Attributes::WorkflowExecutionStartedEventAttributes(started)) =
            &events[0].attributes
        else {
            bail!("no start event");
        };
        assert_eq!(started.cron_schedule, "@every 1s");
        let greeting = events.iter().find_map(|e| match &e.attributes {
            Some(Attributes::ActivityTaskCompletedEventAttributes(a)) => a
                .result
                .as_ref()
                .and_then(|p| p.payloads.first())
                .map(|p| String::from_utf8_lossy(&p.data).into_owned()),
            _ => None,
        });
        assert_eq!(greeting.as_deref(), Some("\"Hello, World!\""));
    }
    // Stopping terminated the run that was waiting for the next tick; no run is left open.
    // (Visibility catches up with the termination shortly after.)
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let runs = client::runs(&c, &id).await?;
        let open = runs
            .iter()
            .any(|(_, s)| *s == WorkflowExecutionStatus::Running);
        let terminated = runs
            .iter()
            .any(|(_, s)| *s == WorkflowExecutionStatus::Terminated);
        if !open && terminated {
            break;
        }
        if std::time::Instant::now() > deadline {
            bail!("after stopping, visibility still shows {runs:?}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    samples_helper::replay::record(
        &c,
        env!("CARGO_MANIFEST_DIR"),
        "cron-run",
        &id,
        Some(&completed[0]),
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn an_invalid_cron_schedule_is_refused_at_start() -> Result<()> {
    let c = test_client().await?.client;
    let err = client::start(
        &c,
        &unique("hello-cron"),
        &unique("hello-cron-workflow"),
        "every tuesday",
        "World",
    )
    .await
    .err()
    .expect("not a cron schedule");
    let message = format!("{err:#}");
    assert!(
        message.contains("cron schedule `every tuesday`"),
        "{message}"
    );
    assert!(message.to_lowercase().contains("invalid"), "{message}");
    Ok(())
}
