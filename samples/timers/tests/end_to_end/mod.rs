//! End-to-end tests against a real dev server. Which timers fired or were cancelled, and what
//! was sent, is read from history, not from wall-clock measurements.

use std::time::Duration;

use anyhow::{Result, bail};
use samples_helper::Workers;
use samples_helper::testing::{
    Attributes, EventType, activity_attempts, event_types, history, test_client, unique,
};
use temporalio_client::{Client, errors::WorkflowGetResultError};
use temporalio_common::error::IncomingError;
use timers::{
    COOLANT_INTERVAL, INSPECTION_INTERVAL, MaintenanceInput, MaintenancePlan, OIL_CHANGE_INTERVAL,
    OrderInput, OrderOutcome, client, workflows::INVALID_PLAN_ERROR,
};

const OIL: &str = "Your car needs an oil change";
const INSPECTION: &str = "Your car needs an annual inspection";
const COOLANT: &str = "Your car needs a coolant system service";

fn plan(intervals: [u64; 3], max_notifications: u32) -> MaintenanceInput {
    MaintenanceInput::Plan(MaintenancePlan {
        user_email: "owner@example.com".into(),
        oil_change_ms: intervals[0],
        inspection_ms: intervals[1],
        coolant_ms: intervals[2],
        max_notifications,
    })
}

fn count(events: &[EventType], wanted: EventType) -> usize {
    events.iter().filter(|e| **e == wanted).count()
}

fn messages(sent: &[(String, String)]) -> Vec<&str> {
    sent.iter().map(|(_, m)| m.as_str()).collect()
}

async fn run_order(client: &Client, order: OrderInput) -> Result<(String, OrderOutcome)> {
    let task_queue = unique("timers");
    let workflow_id = unique("order");
    let outcome = Workers::new(client, timers::worker_options(&task_queue)?)
        .run_while(async {
            client::start_order(client, &task_queue, &workflow_id, order).await?;
            client::order_outcome(client, &workflow_id).await
        })
        .await??;
    Ok((workflow_id, outcome))
}

#[tokio::test]
async fn notifications_fire_in_schedule_order_and_the_rest_are_cancelled() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("timers");
    let workflow_id = unique("maintenance");
    Workers::new(client, timers::worker_options(&task_queue)?)
        .run_while(async {
            let input = plan([1000, 2500, 3500], 5);
            client::start_maintenance(client, &task_queue, &workflow_id, input).await?;
            anyhow::Ok(client::maintenance_ended(client, &workflow_id).await?)
        })
        .await??;

    // Due times: oil 1000, 2000, 3000; inspection 2500; coolant 3500. Each notification is the
    // catalogue's two positional arguments.
    let sent = client::notifications(client, &workflow_id).await?;
    assert_eq!(messages(&sent), [OIL, OIL, INSPECTION, OIL, COOLANT]);
    assert!(sent.iter().all(|(email, _)| email == "owner@example.com"));
    let events = event_types(client, &workflow_id).await?;
    // Every timer either fired or was cancelled when the limit was reached: none is left
    // pending. (Which ones were still pending depends on how the server batches firings.)
    let started = count(&events, EventType::TimerStarted);
    let fired = count(&events, EventType::TimerFired);
    let canceled = count(&events, EventType::TimerCanceled);
    assert!(fired >= 5 && canceled >= 2, "{events:?}");
    assert_eq!(started, fired + canceled, "{events:?}");
    assert_eq!(activity_attempts(client, &workflow_id).await?.len(), 5);
    samples_helper::replay::record(
        client,
        env!("CARGO_MANIFEST_DIR"),
        "maintenance",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn the_catalogue_input_arms_the_catalogue_intervals_and_stop_ends_it() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("timers");
    let workflow_id = unique("maintenance");
    let input = MaintenanceInput::UserEmail("owner@example.com".into());
    // The bare email, as the catalogue's `run(user_email: str)` takes it.
    assert_eq!(serde_json::to_string(&input)?, "\"owner@example.com\"");
    Workers::new(client, timers::worker_options(&task_queue)?)
        .run_while(async {
            client::start_maintenance(client, &task_queue, &workflow_id, input).await?;
            // Wait until the three timers are armed, then stop it.
            let deadline = std::time::Instant::now() + Duration::from_secs(20);
            while count(
                &event_types(client, &workflow_id).await?,
                EventType::TimerStarted,
            ) < 3
            {
                if std::time::Instant::now() > deadline {
                    bail!("the three timers were never started");
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            client::stop(client, &workflow_id).await?;
            anyhow::Ok(client::maintenance_ended(client, &workflow_id).await?)
        })
        .await??;

    let mut intervals: Vec<Duration> = history(client, &workflow_id)
        .await?
        .into_iter()
        .filter_map(|e| match e.attributes {
            Some(Attributes::TimerStartedEventAttributes(a)) => a.start_to_fire_timeout,
            _ => None,
        })
        .map(|d| Duration::from_secs(d.seconds as u64))
        .collect();
    intervals.sort();
    // Armed a moment after the start, so each is at most the interval, and within a minute of it.
    let expected = [OIL_CHANGE_INTERVAL, INSPECTION_INTERVAL, COOLANT_INTERVAL];
    assert_eq!(intervals.len(), 3, "{intervals:?}");
    for (got, want) in intervals.iter().zip(expected) {
        assert!(
            *got <= want && want - *got < Duration::from_secs(60),
            "{got:?} vs {want:?}"
        );
    }
    let events = event_types(client, &workflow_id).await?;
    assert_eq!(count(&events, EventType::TimerCanceled), 3, "{events:?}");
    assert_eq!(events.last(), Some(&EventType::WorkflowExecutionCompleted));
    Ok(())
}

#[tokio::test]
async fn the_stop_signal_ends_the_notifications() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("timers");
    let workflow_id = unique("maintenance");
    Workers::new(client, timers::worker_options(&task_queue)?)
        .run_while(async {
            // No limit: only the signal stops it.
            let input = plan([300, 60_000, 60_000], 0);
            client::start_maintenance(client, &task_queue, &workflow_id, input).await?;
            let sent =
                client::wait_for_notifications(client, &workflow_id, 2, Duration::from_secs(30))
                    .await?;
            assert_eq!(messages(&sent)[..2], [OIL, OIL]);
            client::stop(client, &workflow_id).await?;
            anyhow::Ok(client::maintenance_ended(client, &workflow_id).await?)
        })
        .await??;

    let events = event_types(client, &workflow_id).await?;
    assert!(events.contains(&EventType::WorkflowExecutionSignaled));
    assert_eq!(count(&events, EventType::TimerCanceled), 3, "{events:?}");
    assert_eq!(
        count(&events, EventType::TimerStarted),
        count(&events, EventType::TimerFired) + 3,
        "{events:?}"
    );
    assert_eq!(events.last(), Some(&EventType::WorkflowExecutionCompleted));
    samples_helper::replay::record(
        client,
        env!("CARGO_MANIFEST_DIR"),
        "maintenance-stopped",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn an_invalid_plan_fails_the_workflow_without_retrying() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("timers");
    for (what, input) in [
        ("a zero interval", plan([0, 10, 10], 3)),
        ("a blank email", MaintenanceInput::UserEmail("  ".into())),
    ] {
        let workflow_id = unique("maintenance");
        let result = Workers::new(client, timers::worker_options(&task_queue)?)
            .run_while(async {
                client::start_maintenance(client, &task_queue, &workflow_id, input).await?;
                anyhow::Ok(client::maintenance_ended(client, &workflow_id).await)
            })
            .await??;
        let Err(WorkflowGetResultError::Failed(failure)) = result else {
            bail!("{what}: expected a failure: {result:?}")
        };
        assert!(
            failure
                .to_string()
                .contains("an email and intervals above zero"),
            "{what}: {failure}"
        );
        // A workflow *failure* (not a workflow-task failure retried forever): typed, marked
        // non-retryable, and reached on the first workflow task with no retries.
        let IncomingError::Application(app) = failure.as_ref() else {
            bail!("{what}: expected an application failure: {failure:?}")
        };
        assert_eq!(app.type_name(), Some(INVALID_PLAN_ERROR));
        assert!(app.is_non_retryable());
        let events = event_types(client, &workflow_id).await?;
        assert_eq!(
            count(&events, EventType::WorkflowTaskFailed),
            0,
            "{events:?}"
        );
        assert_eq!(
            count(&events, EventType::WorkflowTaskStarted),
            1,
            "{events:?}"
        );
        assert_eq!(events.last(), Some(&EventType::WorkflowExecutionFailed));
    }
    Ok(())
}

#[tokio::test]
async fn when_processing_wins_the_late_timer_is_cancelled() -> Result<()> {
    let client = &test_client().await?.client;
    let order = OrderInput {
        order_id: "o-1".into(),
        customer_email: "customer@example.com".into(),
        processing_ms: 100,
        late_after_ms: 30_000,
    };
    let (id, outcome) = run_order(client, order).await?;
    assert!(!outcome.late_notice_sent);
    assert_eq!(outcome.result, "order o-1 processed");
    let events = event_types(client, &id).await?;
    assert_eq!(count(&events, EventType::TimerStarted), 1);
    assert_eq!(count(&events, EventType::TimerCanceled), 1, "{events:?}");
    assert_eq!(count(&events, EventType::TimerFired), 0);
    assert_eq!(
        activity_attempts(client, &id).await?,
        [("process_order".to_owned(), 1)]
    );
    samples_helper::replay::record(
        client,
        env!("CARGO_MANIFEST_DIR"),
        "order-on-time",
        &id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn when_the_timer_fires_first_a_late_notice_is_sent_and_processing_finishes() -> Result<()> {
    let client = &test_client().await?.client;
    let order = OrderInput {
        order_id: "o-2".into(),
        customer_email: "customer@example.com".into(),
        processing_ms: 2000,
        late_after_ms: 300,
    };
    let (id, outcome) = run_order(client, order).await?;
    assert!(outcome.late_notice_sent);
    assert_eq!(outcome.result, "order o-2 processed");
    let events = event_types(client, &id).await?;
    assert_eq!(count(&events, EventType::TimerFired), 1);
    assert_eq!(count(&events, EventType::TimerCanceled), 0);
    let activities: Vec<String> = activity_attempts(client, &id)
        .await?
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(activities, ["process_order", "send_notification"]);
    let notice = client::notifications(client, &id).await?;
    assert_eq!(
        notice,
        [(
            "customer@example.com".to_owned(),
            "order o-2 is running late; we are still on it".to_owned()
        )]
    );
    samples_helper::replay::record(client, env!("CARGO_MANIFEST_DIR"), "order-late", &id, None)
        .await?;
    Ok(())
}
