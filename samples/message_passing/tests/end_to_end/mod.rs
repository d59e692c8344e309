//! End-to-end tests against a real dev server, through the same client functions the starter
//! uses. What happened is read from history.

use std::time::Duration;

use anyhow::{Context, Result, bail};
use message_passing::{
    GreetingServiceActivities, Language,
    client::{self, UpdateRefused},
};
use samples_helper::Workers;
use samples_helper::testing::{Attributes, EventType, event_types, history, test_client, unique};
use temporalio_client::Client;

struct Fixture {
    client: Client,
    task_queue: String,
    workflow_id: String,
}

async fn fixture() -> Result<Fixture> {
    Ok(Fixture {
        client: test_client().await?.client,
        task_queue: unique("message-passing"),
        workflow_id: unique("greeting-workflow"),
    })
}

impl Fixture {
    fn options(
        &self,
        activities: GreetingServiceActivities,
    ) -> Result<temporalio_sdk::WorkerOptions> {
        message_passing::worker_options(&self.task_queue, activities)
    }

    async fn record(&self, name: &str) -> Result<()> {
        samples_helper::replay::record(
            &self.client,
            env!("CARGO_MANIFEST_DIR"),
            name,
            &self.workflow_id,
            None,
        )
        .await
    }
}

fn count(events: &[EventType], wanted: EventType) -> usize {
    events.iter().filter(|e| **e == wanted).count()
}

#[tokio::test]
async fn the_python_starters_conversation_queries_updates_and_signals() -> Result<()> {
    let f = fixture().await?;
    let (c, id) = (&f.client, f.workflow_id.as_str());
    let greeting = Workers::new(c, f.options(GreetingServiceActivities::default())?)
        .run_while(async {
            client::start(c, &f.task_queue, id).await?;
            assert_eq!(
                client::languages(c, id, false).await?,
                [Language::Chinese, Language::English]
            );
            assert_eq!(client::languages(c, id, true).await?, Language::ALL);
            assert_eq!(
                client::set_language(c, id, Language::Chinese).await?,
                Language::English
            );
            assert_eq!(client::language(c, id).await?, Language::Chinese);
            assert_eq!(
                client::set_language_using_activity(c, id, Language::Arabic).await?,
                Language::Chinese
            );
            assert_eq!(client::language(c, id).await?, Language::Arabic);
            // The greeting fetched from the service is now one the workflow knows.
            assert_eq!(
                client::languages(c, id, false).await?,
                [Language::Arabic, Language::Chinese, Language::English]
            );
            client::approve(c, id, "").await?;
            client::greeting(c, id).await
        })
        .await??;
    assert_eq!(greeting, "مرحبا بالعالم");

    // History: two accepted and completed updates, one signal, one activity (the service call),
    // and no trace of the queries.
    let events = event_types(c, id).await?;
    assert_eq!(
        count(&events, EventType::WorkflowExecutionUpdateAccepted),
        2
    );
    assert_eq!(
        count(&events, EventType::WorkflowExecutionUpdateCompleted),
        2
    );
    assert_eq!(count(&events, EventType::WorkflowExecutionSignaled), 1);
    assert_eq!(count(&events, EventType::ActivityTaskCompleted), 1);
    f.record("introduction").await?;
    Ok(())
}

#[tokio::test]
async fn a_validator_rejects_an_unsupported_language_and_leaves_no_trace() -> Result<()> {
    let f = fixture().await?;
    let (c, id) = (&f.client, f.workflow_id.as_str());
    let (refused, greeting) = Workers::new(c, f.options(GreetingServiceActivities::default())?)
        .run_while(async {
            client::start(c, &f.task_queue, id).await?;
            let refused = client::set_language(c, id, Language::French).await;
            assert_eq!(client::language(c, id).await?, Language::English);
            client::approve(c, id, "tester").await?;
            anyhow::Ok((refused, client::greeting(c, id).await?))
        })
        .await??;
    let Err(UpdateRefused::Refused(reason)) = refused else {
        bail!("expected the validator to refuse, got {refused:?}");
    };
    assert_eq!(reason, "FRENCH is not supported");
    assert_eq!(greeting, "Hello, world");
    // A rejected update is not written to history at all.
    let events = event_types(c, id).await?;
    assert_eq!(
        count(&events, EventType::WorkflowExecutionUpdateAccepted),
        0,
        "{events:?}"
    );
    assert_eq!(
        count(&events, EventType::WorkflowExecutionUpdateCompleted),
        0,
        "{events:?}"
    );
    f.record("rejected").await?;
    Ok(())
}

#[tokio::test]
async fn an_accepted_update_can_still_fail_and_its_failure_is_in_history() -> Result<()> {
    let f = fixture().await?;
    let (c, id) = (&f.client, f.workflow_id.as_str());
    let service = GreetingServiceActivities {
        unknown: vec![Language::Hindi],
        ..GreetingServiceActivities::default()
    };
    let refused = Workers::new(c, f.options(service)?)
        .run_while(async {
            client::start(c, &f.task_queue, id).await?;
            let refused = client::set_language_using_activity(c, id, Language::Hindi).await;
            assert_eq!(client::language(c, id).await?, Language::English);
            client::approve(c, id, "").await?;
            assert_eq!(client::greeting(c, id).await?, "Hello, world");
            anyhow::Ok(refused)
        })
        .await??;
    let Err(UpdateRefused::Refused(reason)) = refused else {
        bail!("expected the update to fail, got {refused:?}");
    };
    assert_eq!(reason, "Greeting service does not support HINDI");
    // Accepted (the activity ran), then completed with the failure.
    let outcome = history(c, id)
        .await?
        .into_iter()
        .find_map(|e| match e.attributes {
            Some(Attributes::WorkflowExecutionUpdateCompletedEventAttributes(a)) => a.outcome,
            _ => None,
        });
    let failure = format!("{:?}", outcome.context("no completed update")?);
    assert!(
        failure.contains("Greeting service does not support HINDI"),
        "{failure}"
    );
    let events = event_types(c, id).await?;
    assert_eq!(
        count(&events, EventType::WorkflowExecutionUpdateAccepted),
        1
    );
    assert_eq!(count(&events, EventType::ActivityTaskCompleted), 1);
    f.record("update-failed").await?;
    Ok(())
}

#[tokio::test]
async fn the_lock_serialises_service_calls_and_the_workflow_waits_for_handlers() -> Result<()> {
    let f = fixture().await?;
    let (c, id) = (&f.client, f.workflow_id.as_str());
    // A slow service, so that the two updates overlap.
    let service = GreetingServiceActivities {
        latency: Duration::from_millis(800),
        ..GreetingServiceActivities::default()
    };
    let (french, spanish, greeting) = Workers::new(c, f.options(service)?)
        .run_while(async {
            client::start(c, &f.task_queue, id).await?;
            let french = client::set_language_using_activity(c, id, Language::French);
            let spanish = async {
                // Sent once the French call's activity is in flight (it holds the lock).
                wait_until(c, id, |e| count(e, EventType::ActivityTaskScheduled) >= 1).await?;
                client::set_language_using_activity(c, id, Language::Spanish).await
            };
            let approve = async {
                // Approved once both updates are accepted and still running: the workflow must
                // not return before they finish.
                wait_until(c, id, |e| {
                    count(e, EventType::WorkflowExecutionUpdateAccepted) >= 2
                })
                .await?;
                client::approve(c, id, "").await
            };
            let (french, spanish, approved) = tokio::join!(french, spanish, approve);
            approved?;
            anyhow::Ok((french, spanish, client::greeting(c, id).await?))
        })
        .await??;
    // Both updates answered (none was cut off by the workflow completing), in order: French
    // replaced English, Spanish replaced French.
    assert_eq!(french?, Language::English);
    assert_eq!(spanish?, Language::French);
    assert_eq!(greeting, "Hola mundo");

    // The activities never overlapped: the second was scheduled after the first completed.
    let events = event_types(c, id).await?;
    let scheduled: Vec<usize> = positions(&events, EventType::ActivityTaskScheduled);
    let completed: Vec<usize> = positions(&events, EventType::ActivityTaskCompleted);
    assert_eq!((scheduled.len(), completed.len()), (2, 2), "{events:?}");
    assert!(
        completed[0] < scheduled[1],
        "the service calls overlapped: {events:?}"
    );
    // And the lock was contended: the Spanish update was accepted while the French call's
    // activity was still running, so it had to wait for the lock.
    let accepted = positions(&events, EventType::WorkflowExecutionUpdateAccepted);
    assert_eq!(accepted.len(), 2, "{events:?}");
    assert!(
        accepted[1] < completed[0],
        "the second update arrived after the first had finished: nothing was serialised: {events:?}"
    );
    // And the workflow completed after both updates did.
    let last_update = positions(&events, EventType::WorkflowExecutionUpdateCompleted)
        .last()
        .copied()
        .context("no update completed")?;
    let completed_at = positions(&events, EventType::WorkflowExecutionCompleted)
        .first()
        .copied()
        .context("the workflow did not complete")?;
    assert!(last_update < completed_at, "{events:?}");
    f.record("locked-updates").await?;
    Ok(())
}

/// Waits (boundedly) until the workflow's history satisfies `done`: the test waits for the event
/// it needs instead of sleeping and hoping.
async fn wait_until(c: &Client, id: &str, done: impl Fn(&[EventType]) -> bool) -> Result<()> {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !done(&event_types(c, id).await?) {
        if std::time::Instant::now() > deadline {
            bail!(
                "`{id}` never reached the awaited point: {:?}",
                event_types(c, id).await?
            );
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
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

#[test]
fn languages_travel_as_pythons_intenum_integers_and_bad_ones_are_named() -> Result<()> {
    assert_eq!(serde_json::to_string(&Language::Arabic)?, "1");
    assert_eq!(serde_json::from_str::<Language>("7")?, Language::Spanish);
    let err = serde_json::from_str::<Language>("9").expect_err("9 is no language");
    assert!(
        err.to_string()
            .contains("invalid value: 9, expected one of: 1, 2, 3, 4, 5, 6, 7"),
        "{err}"
    );
    let err = "klingon".parse::<Language>().expect_err("not a language");
    assert!(err.contains("pick one of ARABIC"), "{err}");
    Ok(())
}
