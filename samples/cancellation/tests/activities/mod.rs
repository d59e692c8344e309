//! The activities alone, in the SDK's `ActivityEnvironment`: no server, no worker. It supplies
//! an attempt's heartbeat details, observes the heartbeats, and delivers a cancellation.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use anyhow::Result;
use cancellation::{BatchInput, CancellationActivities};
use temporalio_sdk::{
    activities::ActivityError,
    testing::{ActivityEnvironment, ActivityEnvironmentError},
};

/// What heartbeats recorded, in order.
type Seen<T> = Arc<Mutex<Vec<T>>>;

/// A heartbeat callback that records every heartbeat's details of type `T`.
fn recording<T: Clone + Send + 'static>() -> (
    Seen<T>,
    impl Fn(Box<dyn std::any::Any>) + Send + Sync + 'static,
) {
    let seen: Seen<T> = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    (seen, move |details: Box<dyn std::any::Any>| {
        if let Some(value) = details.downcast_ref::<T>()
            && let Ok(mut seen) = sink.lock()
        {
            seen.push(value.clone());
        }
    })
}

#[tokio::test]
async fn process_items_resumes_from_the_heartbeat_details_of_the_last_attempt() -> Result<()> {
    let (heartbeats, on_heartbeat) = recording::<u32>();
    // As if an earlier attempt had recorded "next item: 3" before its worker died.
    let env = ActivityEnvironment::builder_with_default()
        .register_activities(CancellationActivities::default())
        .on_heartbeat(on_heartbeat)
        .heartbeat_details(3u32)?
        .build();
    let report = env
        .run(
            CancellationActivities::process_items,
            BatchInput {
                items: 6,
                item_ms: 1,
            },
        )
        .await?;
    assert_eq!(report.resumed_from, 3);
    assert_eq!(report.items, 6);
    // Items 3, 4 and 5 were processed; each heartbeat records the next item to do.
    assert_eq!(*heartbeats.lock().unwrap(), [4, 5, 6]);
    Ok(())
}

#[tokio::test]
async fn process_items_starts_at_zero_without_heartbeat_details() -> Result<()> {
    let env = ActivityEnvironment::builder_with_default()
        .register_activities(CancellationActivities::default())
        .build();
    let report = env
        .run(
            CancellationActivities::process_items,
            BatchInput {
                items: 2,
                item_ms: 1,
            },
        )
        .await?;
    assert_eq!(report.resumed_from, 0);
    Ok(())
}

#[tokio::test]
async fn never_complete_activity_heartbeats_until_cancelled_then_reports_cancelled() -> Result<()> {
    let (heartbeats, on_heartbeat) = recording::<()>();
    let env = ActivityEnvironment::builder_with_default()
        .register_activities(CancellationActivities::default())
        .on_heartbeat(on_heartbeat)
        .build();
    let (outcome, ()) = tokio::join!(
        env.run(CancellationActivities::never_complete_activity, ()),
        async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            env.cancel();
        }
    );
    match outcome {
        Err(ActivityEnvironmentError::Activity(ActivityError::Cancelled { .. })) => {}
        other => panic!("expected the activity to report cancellation, got {other:?}"),
    }
    assert!(
        !heartbeats.lock().unwrap().is_empty(),
        "it heartbeated before the cancellation"
    );
    Ok(())
}
