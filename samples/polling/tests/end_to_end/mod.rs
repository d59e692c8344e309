//! End-to-end tests against a real dev server: each variant completes, and history shows how it
//! polled.

use std::{sync::Arc, time::Duration};

use anyhow::{Context, Result, bail};
use polling::{PollingInput, frequent, infrequent, periodic, support::service::FlakyService};
use samples_helper::Workers;
use samples_helper::testing::{
    Attributes, EventType, activity_attempts, event_types, history_of_run, test_client, unique,
};
use temporalio_client::{Client, WorkflowGetResultOptions, WorkflowStartOptions};

fn input(poll_interval_ms: u64, tries_per_run: Option<u32>) -> PollingInput {
    PollingInput::Options {
        name: "World".into(),
        poll_interval_ms,
        tries_per_run,
    }
}

#[tokio::test]
async fn frequent_polls_inside_one_activity_attempt() -> Result<()> {
    let connected = test_client().await?;
    let client = connected.client.clone();
    let service = Arc::new(FlakyService::new(4));
    let task_queue = unique("frequent");
    let id = unique("frequent-activity-retry");
    let options =
        frequent::worker_options(&task_queue, service.clone(), Duration::from_millis(100))?;
    let greeting = Workers::new(&client, options)
        .run_while(async {
            polling::client::run(
                &connected,
                frequent::GreetingWorkflow::run,
                input(100, None),
                &task_queue,
                &id,
            )
            .await
        })
        .await??;
    assert_eq!(greeting, "Hello, World!");
    assert_eq!(service.calls(&id), 4);
    // Four calls to the service, one activity attempt, and no per-try events in history.
    assert_eq!(
        activity_attempts(&client, &id).await?,
        [("compose_greeting".to_owned(), 1)]
    );
    samples_helper::replay::record(&client, env!("CARGO_MANIFEST_DIR"), "frequent", &id, None)
        .await?;
    Ok(())
}

#[tokio::test]
async fn infrequent_polls_through_retries_at_a_fixed_interval() -> Result<()> {
    let connected = test_client().await?;
    let client = connected.client.clone();
    let service = Arc::new(FlakyService::new(4));
    let task_queue = unique("infrequent");
    let id = unique("infrequent-activity-retry");
    let options = infrequent::worker_options(&task_queue, service.clone())?;
    let greeting = Workers::new(&client, options)
        .run_while(async {
            polling::client::run(
                &connected,
                infrequent::GreetingWorkflow::run,
                input(300, None),
                &task_queue,
                &id,
            )
            .await
        })
        .await??;
    assert_eq!(greeting, "Hello, World!");
    assert_eq!(service.calls(&id), 4);
    // The activity's started event records the fourth attempt: the retries were the polling.
    assert_eq!(
        activity_attempts(&client, &id).await?,
        [("compose_greeting".to_owned(), 4)]
    );
    // And the policy in history is the fixed-interval one.
    let events = samples_helper::testing::history(&client, &id).await?;
    let policy = events
        .iter()
        .find_map(|e| match &e.attributes {
            Some(Attributes::ActivityTaskScheduledEventAttributes(a)) => a.retry_policy.clone(),
            _ => None,
        })
        .context("retry policy")?;
    assert_eq!(policy.backoff_coefficient, 1.0);
    assert_eq!(policy.initial_interval.map(|d| d.nanos), Some(300_000_000));
    samples_helper::replay::record(&client, env!("CARGO_MANIFEST_DIR"), "infrequent", &id, None)
        .await?;
    Ok(())
}

#[tokio::test]
async fn periodic_child_polls_on_timers_and_continues_as_new() -> Result<()> {
    let connected = test_client().await?;
    let client = connected.client.clone();
    let service = Arc::new(FlakyService::new(5));
    let task_queue = unique("periodic");
    let id = unique("periodic-child-workflow-retry");
    let child_id = format!("{id}-child");
    let options = periodic::worker_options(&task_queue, service.clone())?;
    let greeting = Workers::new(&client, options)
        .run_while(async {
            // Two tries per child run: tries 1-2, 3-4 and 5 happen in three runs.
            let input = input(100, Some(2));
            polling::client::run(
                &connected,
                periodic::GreetingWorkflow::run,
                input,
                &task_queue,
                &id,
            )
            .await
        })
        .await??;
    assert_eq!(greeting, "Hello, World!");
    assert_eq!(service.calls(&child_id), 5);

    let runs = child_runs(&client, &child_id).await?;
    assert_eq!(runs.len(), 3, "{runs:?}");
    // Each failed try is followed by a timer; the successful fifth try is not.
    let timers: usize = runs
        .iter()
        .map(|r| r.iter().filter(|e| **e == EventType::TimerFired).count())
        .sum();
    let activities: usize = runs
        .iter()
        .map(|r| {
            r.iter()
                .filter(|e| **e == EventType::ActivityTaskScheduled)
                .count()
        })
        .sum();
    assert_eq!((activities, timers), (5, 4));
    assert_eq!(
        runs[0].last(),
        Some(&EventType::WorkflowExecutionContinuedAsNew)
    );
    assert_eq!(runs[2].last(), Some(&EventType::WorkflowExecutionCompleted));
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "periodic-parent",
        &id,
        None,
    )
    .await?;
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "periodic-child-last-run",
        &child_id,
        None,
    )
    .await?;
    Ok(())
}

/// The event types of every run of the child, following continue-as-new from the first run.
async fn child_runs(client: &Client, child_id: &str) -> Result<Vec<Vec<EventType>>> {
    // The first run's id is in the last run's start event.
    let latest = history_of_run(client, child_id, None).await?;
    let Some(Attributes::WorkflowExecutionStartedEventAttributes(start)) = &latest[0].attributes
    else {
        bail!("no start event")
    };
    let mut run = start.first_execution_run_id.clone();
    let mut runs = Vec::new();
    loop {
        let events = history_of_run(client, child_id, Some(&run)).await?;
        let types = events
            .iter()
            .map(|e| EventType::try_from(e.event_type).unwrap_or(EventType::Unspecified))
            .collect();
        runs.push(types);
        match &events.last().context("empty history")?.attributes {
            Some(Attributes::WorkflowExecutionContinuedAsNewEventAttributes(next)) => {
                run = next.new_execution_run_id.clone()
            }
            _ => return Ok(runs),
        }
    }
}

#[tokio::test]
async fn a_python_style_name_only_input_is_accepted() -> Result<()> {
    // Python clients send just the name; the variants then use their default intervals. The
    // frequent variant's interval is the worker's, so this completes quickly.
    let connected = test_client().await?;
    let client = connected.client.clone();
    let service = Arc::new(FlakyService::new(2));
    let task_queue = unique("frequent");
    let id = unique("frequent-activity-retry");
    let options = frequent::worker_options(&task_queue, service, Duration::from_millis(50))?;
    let greeting = Workers::new(&client, options)
        .run_while(async {
            let start = WorkflowStartOptions::new(&task_queue, &id).build();
            let handle = client
                .start_workflow(
                    frequent::GreetingWorkflow::run,
                    PollingInput::Name("Py".into()),
                    start,
                )
                .await?;
            anyhow::Ok(
                handle
                    .get_result(WorkflowGetResultOptions::default())
                    .await?,
            )
        })
        .await??;
    assert_eq!(greeting, "Hello, Py!");
    assert_eq!(
        event_types(&client, &id).await?.last(),
        Some(&EventType::WorkflowExecutionCompleted)
    );
    Ok(())
}
