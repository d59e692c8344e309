//! End-to-end tests against a real dev server. Which timers fired or were cancelled is read
//! from history, not from wall-clock measurements.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use samples_helper::testing::{
    EventType, activity_attempts, event_types, test_client, unique, with_worker,
};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowSignalOptions, WorkflowStartOptions,
    errors::WorkflowGetResultError,
};
use temporalio_common::error::IncomingError;
use timers::{
    MaintenanceRemindersWorkflow, MaintenanceTask, OrderInput, OrderProcessingWorkflow,
    ReminderPlan, SentReminder, workflows::INVALID_PLAN_ERROR,
};

fn plan(intervals: [u64; 3], max_reminders: u32) -> ReminderPlan {
    let names = ["oil change", "inspection", "coolant"];
    ReminderPlan {
        vehicle: "car-42".into(),
        tasks: names
            .iter()
            .zip(intervals)
            .map(|(name, interval_ms)| MaintenanceTask {
                name: (*name).into(),
                interval_ms,
            })
            .collect(),
        max_reminders,
    }
}

fn count(events: &[EventType], wanted: EventType) -> usize {
    events.iter().filter(|e| **e == wanted).count()
}

async fn run_order(client: &Client, order: OrderInput) -> Result<(String, timers::OrderOutcome)> {
    let task_queue = unique("timers");
    let workflow_id = unique("order");
    let outcome = with_worker(client, timers::worker_options(&task_queue)?, async {
        let options = WorkflowStartOptions::new(&task_queue, &workflow_id).build();
        let handle = client
            .start_workflow(OrderProcessingWorkflow::run, order, options)
            .await?;
        anyhow::Ok(
            handle
                .get_result(WorkflowGetResultOptions::default())
                .await?,
        )
    })
    .await??;
    Ok((workflow_id, outcome))
}

#[tokio::test]
async fn reminders_fire_in_schedule_order_and_the_rest_are_cancelled() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("timers");
    let workflow_id = unique("reminders");
    let sent = with_worker(&client, timers::worker_options(&task_queue)?, async {
        let options = WorkflowStartOptions::new(&task_queue, &workflow_id).build();
        let handle = client
            .start_workflow(
                MaintenanceRemindersWorkflow::run,
                plan([1000, 2500, 3500], 5),
                options,
            )
            .await?;
        anyhow::Ok(
            handle
                .get_result(WorkflowGetResultOptions::default())
                .await?,
        )
    })
    .await??;

    // Due times: oil 1000, 2000, 3000; inspection 2500; coolant 3500.
    let r = |task: &str, number| SentReminder {
        task: task.into(),
        number,
    };
    assert_eq!(
        sent,
        [
            r("oil change", 1),
            r("oil change", 2),
            r("inspection", 1),
            r("oil change", 3),
            r("coolant", 1)
        ]
    );
    let events = event_types(&client, &workflow_id).await?;
    // Every timer either fired or was cancelled when the limit was reached: none is left
    // pending. (Which ones were still pending depends on how the server batches firings.)
    let started = count(&events, EventType::TimerStarted);
    let fired = count(&events, EventType::TimerFired);
    let canceled = count(&events, EventType::TimerCanceled);
    assert!(fired >= 5 && canceled >= 2, "{events:?}");
    assert_eq!(started, fired + canceled, "{events:?}");
    assert_eq!(activity_attempts(&client, &workflow_id).await?.len(), 5);
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "reminders",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn the_stop_signal_ends_the_reminders() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("timers");
    let workflow_id = unique("reminders");
    let sent = with_worker(&client, timers::worker_options(&task_queue)?, async {
        let options = WorkflowStartOptions::new(&task_queue, &workflow_id).build();
        // No limit: only the signal stops it.
        let handle = client
            .start_workflow(
                MaintenanceRemindersWorkflow::run,
                plan([300, 60_000, 60_000], 0),
                options,
            )
            .await?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while count(
            &event_types(&client, &workflow_id).await?,
            EventType::ActivityTaskCompleted,
        ) < 2
        {
            if Instant::now() > deadline {
                bail!("fewer than two reminders were sent");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        handle
            .signal(
                MaintenanceRemindersWorkflow::stop,
                (),
                WorkflowSignalOptions::default(),
            )
            .await?;
        anyhow::Ok(
            handle
                .get_result(WorkflowGetResultOptions::default())
                .await?,
        )
    })
    .await??;

    assert!(
        sent.len() >= 2 && sent.iter().all(|r| r.task == "oil change"),
        "{sent:?}"
    );
    let events = event_types(&client, &workflow_id).await?;
    assert!(events.contains(&EventType::WorkflowExecutionSignaled));
    assert_eq!(count(&events, EventType::TimerCanceled), 3, "{events:?}");
    assert_eq!(
        count(&events, EventType::TimerStarted),
        count(&events, EventType::TimerFired) + 3,
        "{events:?}"
    );
    assert_eq!(events.last(), Some(&EventType::WorkflowExecutionCompleted));
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "reminders-stopped",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn an_invalid_plan_fails_the_workflow_without_retrying() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("timers");
    let workflow_id = unique("reminders");
    let result = with_worker(&client, timers::worker_options(&task_queue)?, async {
        let options = WorkflowStartOptions::new(&task_queue, &workflow_id).build();
        let handle = client
            .start_workflow(
                MaintenanceRemindersWorkflow::run,
                plan([0, 10, 10], 3),
                options,
            )
            .await?;
        anyhow::Ok(handle.get_result(WorkflowGetResultOptions::default()).await)
    })
    .await??;
    let Err(WorkflowGetResultError::Failed(failure)) = result else {
        bail!("expected a failure: {result:?}")
    };
    assert!(
        failure.to_string().contains("interval above zero"),
        "{failure}"
    );
    // A workflow *failure* (not a workflow-task failure retried forever): typed, marked
    // non-retryable, and reached on the first workflow task with no retries.
    let IncomingError::Application(app) = failure.as_ref() else {
        bail!("expected an application failure: {failure:?}")
    };
    assert_eq!(app.type_name(), Some(INVALID_PLAN_ERROR));
    assert!(app.is_non_retryable());
    let events = event_types(&client, &workflow_id).await?;
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
    Ok(())
}

#[tokio::test]
async fn when_processing_wins_the_late_timer_is_cancelled() -> Result<()> {
    let client = test_client().await?.client;
    let order = OrderInput {
        order_id: "o-1".into(),
        processing_ms: 100,
        late_after_ms: 30_000,
    };
    let (id, outcome) = run_order(&client, order).await?;
    assert!(!outcome.late_notice_sent);
    assert_eq!(outcome.result, "order o-1 processed");
    let events = event_types(&client, &id).await?;
    assert_eq!(count(&events, EventType::TimerStarted), 1);
    assert_eq!(count(&events, EventType::TimerCanceled), 1, "{events:?}");
    assert_eq!(count(&events, EventType::TimerFired), 0);
    assert_eq!(
        activity_attempts(&client, &id).await?,
        [("process_order".to_owned(), 1)]
    );
    samples_helper::replay::record(
        &client,
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
    let client = test_client().await?.client;
    let order = OrderInput {
        order_id: "o-2".into(),
        processing_ms: 2000,
        late_after_ms: 300,
    };
    let (id, outcome) = run_order(&client, order).await?;
    assert!(outcome.late_notice_sent);
    assert_eq!(outcome.result, "order o-2 processed");
    let events = event_types(&client, &id).await?;
    assert_eq!(count(&events, EventType::TimerFired), 1);
    assert_eq!(count(&events, EventType::TimerCanceled), 0);
    let activities: Vec<String> = activity_attempts(&client, &id)
        .await?
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(activities, ["process_order", "send_notification"]);
    samples_helper::replay::record(&client, env!("CARGO_MANIFEST_DIR"), "order-late", &id, None)
        .await?;
    Ok(())
}
