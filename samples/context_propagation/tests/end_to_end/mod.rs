//! End-to-end tests against a real dev server: the user id from the starter's context reaches
//! the workflow, its signal handler and its activity, and is recorded in every header on the
//! way; a signal from another user carries that user; no user id means no header; a header
//! that is not a JSON string is ignored, never failing the workflow.

use std::collections::HashMap;

use anyhow::Result;
use context_propagation::{
    GreetingActivities, client,
    propagation::{HEADER_KEY, with_user_id},
    workflows::SeenUserIds,
};
use samples_helper::Workers;
use samples_helper::testing::{Attributes, history, server_address, test_client, unique};
use temporalio_client::{Client, WorkflowStartOptions};
use temporalio_common::protos::temporal::api::common::v1::{Header, Payload};

/// A client with the interceptor, as the starter and worker use.
async fn propagating_client() -> Result<Client> {
    Ok(client::connect(&samples_helper::ConnectArgs::for_address(
        server_address().await?,
    ))
    .await?
    .client)
}

/// The `__my_user_id` header of the start, the signal and the activity, in that order.
async fn recorded_headers(c: &Client, id: &str) -> Result<Vec<(&'static str, Option<String>)>> {
    let read = |h: Option<Header>| {
        h.and_then(|h| h.fields.get(HEADER_KEY).cloned())
            .map(|p| String::from_utf8_lossy(&p.data).into_owned())
    };
    let mut headers = Vec::new();
    for e in history(c, id).await? {
        match e.attributes {
            Some(Attributes::WorkflowExecutionStartedEventAttributes(a)) => {
                headers.push(("start", read(a.header)));
            }
            Some(Attributes::WorkflowExecutionSignaledEventAttributes(a)) => {
                headers.push(("signal", read(a.header)));
            }
            Some(Attributes::ActivityTaskScheduledEventAttributes(a)) => {
                headers.push(("activity", read(a.header)));
            }
            _ => {}
        }
    }
    Ok(headers)
}

/// What one run showed: the body's value and the user id the activity saw on each call.
struct Observed<T> {
    value: T,
    seen_by_activity: Vec<Option<String>>,
}

/// Runs `body(task_queue, workflow_id)` while a worker (on a client with the interceptor, as the
/// sample's worker has) polls a fresh task queue.
async fn with_greeting_worker<T, Fut>(
    body: impl FnOnce(String, String) -> Fut,
) -> Result<Observed<T>>
where
    Fut: Future<Output = Result<T>>,
{
    let worker_client = propagating_client().await?;
    let task_queue = unique("context-propagation");
    let id = unique("context-propagation-workflow-id");
    let activities = GreetingActivities::default();
    let seen = activities.seen.clone();
    let value = Workers::new(
        &worker_client,
        context_propagation::worker_options(&task_queue, activities)?,
    )
    .run_while(body(task_queue.clone(), id))
    .await??;
    let seen_by_activity = seen
        .lock()
        .map_err(|_| anyhow::anyhow!("an activity panicked while recording a user id"))?
        .clone();
    Ok(Observed {
        value,
        seen_by_activity,
    })
}

#[tokio::test]
async fn the_starters_user_id_reaches_the_workflow_its_signal_and_its_activity() -> Result<()> {
    let c = &propagating_client().await?;
    let run = with_greeting_worker(|task_queue, id| async move {
        let (_, result) = with_user_id(
            "some-user".to_owned(),
            client::say_hello(c, &task_queue, &id, "Temporal"),
        )
        .await?;
        // A query needs a worker: ask while this one runs.
        let seen = client::seen_user_ids(c, &id).await?;
        Ok((id, result, seen))
    })
    .await?;
    let (id, result, seen) = run.value;
    assert_eq!(result, "Hello, Temporal");
    let some_user = Some("some-user".to_owned());
    assert_eq!(
        seen,
        SeenUserIds {
            run: some_user.clone(),
            signal: some_user.clone(),
        }
    );
    assert_eq!(run.seen_by_activity, [some_user]);
    let json = Some("\"some-user\"".to_owned());
    assert_eq!(
        recorded_headers(c, &id).await?,
        [
            ("start", json.clone()),
            ("signal", json.clone()),
            ("activity", json)
        ]
    );
    samples_helper::replay::record(c, env!("CARGO_MANIFEST_DIR"), "some-user", &id, None).await
}

#[tokio::test]
async fn each_call_carries_its_own_callers_user_id() -> Result<()> {
    let c = &propagating_client().await?;
    let run = with_greeting_worker(|task_queue, id| async move {
        with_user_id(
            "alice".to_owned(),
            client::start(c, &task_queue, &id, "Temporal"),
        )
        .await?;
        with_user_id("bob".to_owned(), client::signal_complete(c, &id)).await?;
        client::result(c, &id).await?;
        let seen = client::seen_user_ids(c, &id).await?;
        Ok((id, seen))
    })
    .await?;
    let (id, seen) = run.value;
    assert_eq!(
        seen,
        SeenUserIds {
            run: Some("alice".to_owned()),
            signal: Some("bob".to_owned()),
        },
        "the signal handler runs as its sender"
    );
    // The activity is scheduled by the run method, so it runs as the starter.
    assert_eq!(run.seen_by_activity, [Some("alice".to_owned())]);
    samples_helper::replay::record(c, env!("CARGO_MANIFEST_DIR"), "alice-and-bob", &id, None).await
}

#[tokio::test]
async fn without_a_user_id_nothing_is_propagated_and_nothing_breaks() -> Result<()> {
    let c = &propagating_client().await?;
    let run = with_greeting_worker(|task_queue, id| async move {
        let (_, result) = client::say_hello(c, &task_queue, &id, "Temporal").await?;
        let seen = client::seen_user_ids(c, &id).await?;
        Ok((id, result, seen))
    })
    .await?;
    let (id, result, seen) = run.value;
    assert_eq!(result, "Hello, Temporal");
    assert_eq!(seen, SeenUserIds::default());
    assert_eq!(run.seen_by_activity, [None]);
    assert_eq!(
        recorded_headers(c, &id).await?,
        [("start", None), ("signal", None), ("activity", None)]
    );
    Ok(())
}

#[tokio::test]
async fn a_header_that_is_not_a_json_string_is_ignored_not_fatal() -> Result<()> {
    // A client without the interceptor, writing a malformed header by hand (a number, as
    // another program might): the workflow runs, as if no user id had been sent.
    let plain = &test_client().await?.client;
    let bad = Payload {
        metadata: HashMap::from([("encoding".to_owned(), b"json/plain".to_vec())]),
        data: b"42".to_vec(),
        ..Default::default()
    };
    let run = with_greeting_worker(|task_queue, id| async move {
        let options = WorkflowStartOptions::new(&task_queue, &id)
            .header(Header {
                fields: HashMap::from([(HEADER_KEY.to_owned(), bad)]),
            })
            .build();
        plain
            .start_workflow(
                context_propagation::SayHelloWorkflow::run,
                "Temporal".to_owned(),
                options,
            )
            .await?;
        client::signal_complete(plain, &id).await?;
        let result = client::result(plain, &id).await?;
        Ok((result, client::seen_user_ids(plain, &id).await?))
    })
    .await?;
    let (result, seen) = run.value;
    assert_eq!(result, "Hello, Temporal");
    assert_eq!(seen, SeenUserIds::default());
    assert_eq!(run.seen_by_activity, [None]);
    Ok(())
}
