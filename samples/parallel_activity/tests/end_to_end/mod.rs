//! End-to-end tests against a real dev server. How the activities ran is read from history.

use anyhow::{Context, Result, bail};
use parallel_activity::{Greetees, SlowGreeting, activities::INVALID_NAME_ERROR, client};
use samples_helper::Workers;
use samples_helper::testing::{Attributes, EventType, event_types, history, test_client, unique};
use temporalio_client::errors::WorkflowGetResultError;
use temporalio_common::error::IncomingError;

#[tokio::test]
async fn all_activities_are_scheduled_before_any_completes() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("parallel");
    let workflow_id = unique("hello-parallel-activity");
    let result = Workers::new(&client, parallel_activity::worker_options(&task_queue)?)
        .run_while(async {
            client::start_greetings(&client, &task_queue, &workflow_id, Greetees::numbered(7))
                .await?;
            anyhow::Ok(client::greetings(&client, &workflow_id).await?)
        })
        .await??;
    let mut expected: Vec<String> = (1..=7).map(|i| format!("Hello, user{i}!")).collect();
    expected.sort();
    assert_eq!(result, expected);

    let events = event_types(&client, &workflow_id).await?;
    let scheduled: Vec<usize> = positions(&events, EventType::ActivityTaskScheduled);
    let first_completed = positions(&events, EventType::ActivityTaskCompleted)[0];
    assert_eq!(scheduled.len(), 7);
    assert!(
        scheduled.iter().all(|&i| i < first_completed),
        "every activity must be scheduled before the first completes: {events:?}"
    );
    // All seven were scheduled by the same workflow task (one batch of commands).
    let first_task_done = positions(&events, EventType::WorkflowTaskCompleted)[0];
    assert!(
        scheduled
            .iter()
            .all(|&i| i > first_task_done && i <= first_task_done + 7)
    );
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "say-hello-7",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn no_input_means_the_python_samples_five_users() -> Result<()> {
    // A Python client starts SayHelloWorkflow with no arguments; Greetees::default() is sent
    // as exactly that (no payload), and the workflow greets user1..user5.
    let client = test_client().await?.client;
    let task_queue = unique("parallel");
    let workflow_id = unique("hello-parallel-activity");
    let result = Workers::new(&client, parallel_activity::worker_options(&task_queue)?)
        .run_while(async {
            client::start_greetings(&client, &task_queue, &workflow_id, Greetees::default())
                .await?;
            anyhow::Ok(client::greetings(&client, &workflow_id).await?)
        })
        .await??;
    assert_eq!(
        result,
        (1..=5)
            .map(|i| format!("Hello, user{i}!"))
            .collect::<Vec<_>>()
    );
    let started = history(&client, &workflow_id).await?;
    let Some(Attributes::WorkflowExecutionStartedEventAttributes(attrs)) = &started[0].attributes
    else {
        anyhow::bail!("the first event is not WorkflowExecutionStarted")
    };
    assert!(
        attrs.input.as_ref().is_none_or(|p| p.payloads.is_empty()),
        "{:?}",
        attrs.input
    );
    Ok(())
}

#[tokio::test]
async fn first_result_wins_and_the_others_are_cancelled() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("parallel");
    let workflow_id = unique("first-wins");
    let contestants = vec![
        SlowGreeting {
            name: "slow".into(),
            delay_ms: 20_000,
        },
        SlowGreeting {
            name: "fast".into(),
            delay_ms: 200,
        },
        SlowGreeting {
            name: "slower".into(),
            delay_ms: 30_000,
        },
    ];
    let winner = Workers::new(&client, parallel_activity::worker_options(&task_queue)?)
        .run_while(async {
            client::start_race(&client, &task_queue, &workflow_id, contestants).await?;
            anyhow::Ok(client::winner(&client, &workflow_id).await?)
        })
        .await??;
    assert_eq!(winner, "Hello, fast!");

    let events = event_types(&client, &workflow_id).await?;
    assert_eq!(
        positions(&events, EventType::ActivityTaskCompleted).len(),
        1,
        "{events:?}"
    );
    assert_eq!(
        positions(&events, EventType::ActivityTaskCancelRequested).len(),
        2,
        "{events:?}"
    );
    // Canceled (not just requested): the losers acknowledged and stopped.
    assert_eq!(
        positions(&events, EventType::ActivityTaskCanceled).len(),
        2,
        "{events:?}"
    );
    assert_eq!(events.last(), Some(&EventType::WorkflowExecutionCompleted));
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "first-wins",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

fn positions(events: &[EventType], wanted: EventType) -> Vec<usize> {
    events
        .iter()
        .enumerate()
        .filter(|(_, e)| **e == wanted)
        .map(|(i, _)| i)
        .collect()
}

#[tokio::test]
async fn one_failed_activity_fails_the_join_after_the_others_complete() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("parallel-fail");
    let workflow_id = unique("hello-parallel-activity-fail");
    let users = Greetees(vec!["ada".into(), " ".into(), "grace".into()]);
    let result = Workers::new(&client, parallel_activity::worker_options(&task_queue)?)
        .run_while(async {
            client::start_greetings(&client, &task_queue, &workflow_id, users).await?;
            anyhow::Ok(client::greetings(&client, &workflow_id).await)
        })
        .await??;

    // The workflow fails with the failed activity as the cause, and no partial result.
    let Err(WorkflowGetResultError::Failed(failure)) = &result else {
        bail!("expected the workflow to fail, got {result:?}");
    };
    let IncomingError::Activity(activity) = failure.as_ref() else {
        bail!("expected an activity failure under {failure:?}");
    };
    assert_eq!(activity.activity_type(), Some("say_hello_activity"));
    let IncomingError::Application(app) = failure.cause().context("the activity's cause")? else {
        bail!("expected an application failure");
    };
    assert_eq!(app.type_name(), Some(INVALID_NAME_ERROR));

    // All three were scheduled together; the two valid greetings completed (join_all does not
    // cancel them), the empty name failed once (non-retryable), and no activity was cancelled.
    let events = event_types(&client, &workflow_id).await?;
    let count = |t: EventType| events.iter().filter(|e| **e == t).count();
    assert_eq!(count(EventType::ActivityTaskScheduled), 3, "{events:?}");
    assert_eq!(count(EventType::ActivityTaskCompleted), 2, "{events:?}");
    assert_eq!(count(EventType::ActivityTaskFailed), 1, "{events:?}");
    assert_eq!(
        count(EventType::ActivityTaskCancelRequested),
        0,
        "{events:?}"
    );
    assert_eq!(events.last(), Some(&EventType::WorkflowExecutionFailed));
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "one-failed",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}
