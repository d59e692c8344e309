//! End-to-end tests against a real dev server. The timers are read from history: which were
//! started for how long, which were cancelled, which fired.

use std::time::{Duration, UNIX_EPOCH};

use anyhow::{Context, Result};
use samples_helper::Workers;
use samples_helper::testing::{Attributes, history, test_client, unique};
use temporalio_client::Client;
use updatable_timer::client;

/// What happened to the timers, in order: `started <secs>`, `cancelled`, `fired`.
async fn timer_story(c: &Client, workflow_id: &str) -> Result<Vec<String>> {
    let mut story = Vec::new();
    for e in history(c, workflow_id).await? {
        match e.attributes {
            Some(Attributes::TimerStartedEventAttributes(a)) => {
                let secs = a.start_to_fire_timeout.map_or(0, |d| d.seconds);
                story.push(format!("started {secs}"));
            }
            Some(Attributes::TimerCanceledEventAttributes(_)) => story.push("cancelled".into()),
            Some(Attributes::TimerFiredEventAttributes(_)) => story.push("fired".into()),
            _ => {}
        }
    }
    Ok(story)
}

/// Wake-up times travel as JSON floats, and serde_json's default float parsing may round the
/// last bit differently: compare to the microsecond.
fn assert_close(got: f64, want: f64) {
    assert!((got - want).abs() < 1e-6, "{got} is not {want}");
}

/// When the workflow completed, in Unix seconds (the server's clock).
async fn completed_at(c: &Client, workflow_id: &str) -> Result<f64> {
    let events = history(c, workflow_id).await?;
    let last = events.last().context("empty history")?;
    anyhow::ensure!(
        matches!(
            last.attributes,
            Some(Attributes::WorkflowExecutionCompletedEventAttributes(_))
        ),
        "the workflow did not complete: {last:?}"
    );
    let t = last.event_time.as_ref().context("event time")?;
    Ok(t.seconds as f64 + f64::from(t.nanos) / 1e9)
}

#[tokio::test]
async fn a_signal_moves_a_days_sleep_to_seconds_and_the_old_timer_is_cancelled() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("updatable-timer");
    let id = unique("updatable-timer-workflow");
    let moved_to = Workers::new(&c, updatable_timer::worker_options(&task_queue)?)
        .run_while(async {
            let a_day = client::unix_secs_from_now(Duration::from_secs(86_400))?;
            client::start(&c, &task_queue, &id, a_day).await?;
            assert_close(client::wake_up_time(&c, &id).await?, a_day);
            let soon = client::unix_secs_from_now(Duration::from_secs(2))?;
            client::move_wake_up_time(&c, &id, soon).await?;
            assert_close(client::wake_up_time(&c, &id).await?, soon);
            client::wait(&c, &id).await?;
            anyhow::Ok(soon)
        })
        .await??;
    let story = timer_story(&c, &id).await?;
    assert_eq!(story.len(), 4, "{story:?}");
    assert!(
        ["started 86399", "started 86400"].contains(&story[0].as_str()),
        "{story:?}"
    );
    assert_eq!(story[1], "cancelled");
    assert!(
        ["started 1", "started 2"].contains(&story[2].as_str()),
        "{story:?}"
    );
    assert_eq!(story[3], "fired");
    // Woke at the new time, not before it (server clock; same machine as the test's).
    let woke = completed_at(&c, &id).await?;
    assert!(woke >= moved_to - 0.05, "woke at {woke}, before {moved_to}");
    samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), "moved-earlier", &id, None)
        .await?;
    Ok(())
}

#[tokio::test]
async fn moving_the_wake_up_later_keeps_it_sleeping() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("updatable-timer");
    let id = unique("updatable-timer-workflow");
    let later = Workers::new(&c, updatable_timer::worker_options(&task_queue)?)
        .run_while(async {
            let soon = client::unix_secs_from_now(Duration::from_secs(3))?;
            client::start(&c, &task_queue, &id, soon).await?;
            // Move it only once the first timer is running.
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            while timer_story(&c, &id).await?.is_empty() {
                anyhow::ensure!(std::time::Instant::now() < deadline, "no timer started");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let later = client::unix_secs_from_now(Duration::from_secs(5))?;
            client::move_wake_up_time(&c, &id, later).await?;
            client::wait(&c, &id).await?;
            anyhow::Ok(later)
        })
        .await??;
    let woke = completed_at(&c, &id).await?;
    assert!(woke >= later - 0.05, "woke at {woke}, before {later}");
    let story = timer_story(&c, &id).await?;
    assert_eq!(story.len(), 4, "{story:?}");
    assert!(
        ["started 2", "started 3"].contains(&story[0].as_str()),
        "{story:?}"
    );
    assert_eq!(story[1], "cancelled");
    assert!(
        ["started 4", "started 5"].contains(&story[2].as_str()),
        "{story:?}"
    );
    assert_eq!(story[3], "fired");
    samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), "moved-later", &id, None)
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_wake_up_time_in_the_past_wakes_at_once_without_a_timer() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("updatable-timer");
    let id = unique("updatable-timer-workflow");
    let yesterday = std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)?
        .as_secs_f64()
        - 86_400.0;
    Workers::new(&c, updatable_timer::worker_options(&task_queue)?)
        .run_while(async {
            client::start(&c, &task_queue, &id, yesterday).await?;
            client::wait(&c, &id).await
        })
        .await??;
    assert!(timer_story(&c, &id).await?.is_empty());
    Ok(())
}

#[tokio::test]
async fn starting_twice_reuses_the_running_sleep() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("updatable-timer");
    let id = unique("updatable-timer-workflow");
    Workers::new(&c, updatable_timer::worker_options(&task_queue)?)
        .run_while(async {
            let first = client::start(
                &c,
                &task_queue,
                &id,
                client::unix_secs_from_now(Duration::from_secs(60))?,
            )
            .await?;
            assert!(first.is_some());
            let again = client::start(
                &c,
                &task_queue,
                &id,
                client::unix_secs_from_now(Duration::from_secs(1))?,
            )
            .await?;
            // Not an error, as in the Python starter: the running sleep is left alone.
            assert_eq!(again, None);
            assert!(
                client::wake_up_time(&c, &id).await?
                    > client::unix_secs_from_now(Duration::from_secs(30))?
            );
            client::move_wake_up_time(&c, &id, 0.0).await?;
            client::wait(&c, &id).await
        })
        .await??;
    Ok(())
}
