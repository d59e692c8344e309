//! The wrapper alone, in the SDK's `ActivityEnvironment`: no server, no worker.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use anyhow::Result;
use auto_heartbeat::WaitActivities;
use temporalio_sdk::testing::{ActivityEnvironment, TestActivityInfoOptions};

/// Runs `wait_for_cancel_activity` with a heartbeat timeout of `timeout`, cancels it after
/// `cancel_after`, and returns its result and when each heartbeat came (since the start).
async fn run(
    auto_heartbeat: bool,
    timeout: Option<Duration>,
    cancel_after: Duration,
) -> Result<(String, Vec<Duration>)> {
    let started = Instant::now();
    let beats = Arc::new(Mutex::new(Vec::new()));
    let seen = beats.clone();
    let env = ActivityEnvironment::builder_with_default()
        .register_activities(WaitActivities { auto_heartbeat })
        .info(
            TestActivityInfoOptions::builder()
                .maybe_heartbeat_timeout(timeout)
                .build(),
        )
        .on_heartbeat(move |_| {
            if let Ok(mut seen) = seen.lock() {
                seen.push(started.elapsed());
            }
        })
        .build();
    let (result, ()) = tokio::join!(
        env.run(WaitActivities::wait_for_cancel_activity, ()),
        async {
            tokio::time::sleep(cancel_after).await;
            env.cancel();
        }
    );
    let beats = beats.lock().map(|b| b.clone()).unwrap_or_default();
    Ok((result?, beats))
}

#[tokio::test]
async fn the_wrapper_heartbeats_at_half_the_timeout_until_the_work_ends() -> Result<()> {
    let (result, beats) = run(
        true,
        Some(Duration::from_millis(200)),
        Duration::from_millis(1050),
    )
    .await?;
    assert_eq!(result, "activity cancelled!");
    // Every 100 ms for about a second: ten heartbeats, give or take a slow scheduler.
    assert!((8..=11).contains(&beats.len()), "{beats:?}");
    assert!(
        beats
            .windows(2)
            .all(|w| w[1] - w[0] < Duration::from_millis(200)),
        "two heartbeats a timeout apart: {beats:?}"
    );
    Ok(())
}

#[tokio::test]
async fn without_a_heartbeat_timeout_or_without_the_wrapper_nothing_heartbeats() -> Result<()> {
    let (result, beats) = run(true, None, Duration::from_millis(300)).await?;
    assert_eq!((result.as_str(), beats.len()), ("activity cancelled!", 0));
    let (result, beats) = run(
        false,
        Some(Duration::from_millis(100)),
        Duration::from_millis(300),
    )
    .await?;
    assert_eq!((result.as_str(), beats.len()), ("activity cancelled!", 0));
    Ok(())
}
