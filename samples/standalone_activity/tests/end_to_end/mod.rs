//! End-to-end tests against a real dev server.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use samples_helper::Workers;
use samples_helper::devserver::DevServer;
use samples_helper::testing::{test_client, unique};
use standalone_activity::{ComposeGreetingInput, client};
use temporalio_client::{
    ActivityExecutionStatus, Client,
    errors::{ActivityResultError, StartActivityError},
};
use temporalio_common::error::IncomingError;

fn greet(name: &str) -> ComposeGreetingInput {
    ComposeGreetingInput {
        greeting: "Hello".to_owned(),
        name: name.to_owned(),
    }
}

fn worker<'a>(client: &'a Client, task_queue: &str) -> Workers<'a> {
    Workers::new(client, standalone_activity::worker_options(task_queue))
}

#[tokio::test]
async fn an_activity_started_with_no_worker_completes_once_one_polls_and_is_found_again_by_id()
-> Result<()> {
    let client = &test_client().await?.client;
    client::ensure_enabled(client).await?;
    let task_queue = unique("standalone");
    let activity_id = unique("standalone-later");

    // Starting needs only the server: the activity waits on the task queue, on attempt 1.
    let handle = client::start(client, &task_queue, &activity_id, greet("patience")).await?;
    assert!(handle.run_id().is_some_and(|id| !id.is_empty()));
    let waiting = client::describe(&handle).await?;
    assert_eq!(waiting.status, ActivityExecutionStatus::Running);
    assert_eq!(waiting.activity_type, "compose_greeting");

    // A worker that starts later runs it, and the waiting client gets its result.
    let greeting = worker(client, &task_queue)
        .run_while(client::result(&handle))
        .await??;
    assert_eq!(greeting, "Hello, patience!");

    // The server keeps the outcome under the id: any client can come back for it, with no worker.
    let again = client::handle(client, &activity_id);
    assert_eq!(client::result(&again).await?, "Hello, patience!");
    let done = client::describe(&again).await?;
    assert_eq!(done.status, ActivityExecutionStatus::Completed);
    assert_eq!(done.attempt, 1);
    Ok(())
}

#[tokio::test]
async fn a_second_start_with_a_running_activitys_id_is_refused_and_the_id_frees_up_after()
-> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("standalone-duplicate");
    let activity_id = unique("standalone-duplicate");

    // No worker yet, so the first is still running when the second start comes.
    let first = client::start(client, &task_queue, &activity_id, greet("first")).await?;
    let refused = client::start(client, &task_queue, &activity_id, greet("second"))
        .await
        .err()
        .context("a second activity with a running activity's id was started")?;
    assert!(
        format!("{refused:#}").contains(&format!("cannot start activity `{activity_id}`")),
        "{refused:#}"
    );
    match refused.downcast_ref::<StartActivityError>() {
        Some(StartActivityError::AlreadyStarted { run_id, .. }) => {
            assert_eq!(
                Some(run_id.as_str()),
                first.run_id(),
                "names the running one"
            );
        }
        other => bail!("expected AlreadyStarted, got {other:?}"),
    }

    // Nothing was lost: the first runs once a worker polls, and once it has finished its id can
    // start another (the default reuse policy), which gets a new run id.
    let (first_greeting, second) = worker(client, &task_queue)
        .run_while(async {
            let first_greeting = client::result(&first).await?;
            let second = client::start(client, &task_queue, &activity_id, greet("again")).await?;
            anyhow::Ok((first_greeting, second))
        })
        .await??;
    assert_eq!(first_greeting, "Hello, first!");
    assert_ne!(second.run_id(), first.run_id());
    Ok(())
}

#[tokio::test]
async fn bad_input_fails_the_activity_once_with_its_type_and_the_caller_reads_why() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("standalone-failure");
    let activity_id = unique("standalone-failure");

    let handle = client::start(client, &task_queue, &activity_id, greet("")).await?;
    let outcome = worker(client, &task_queue)
        .run_while(client::result(&handle))
        .await?;
    let Err(ActivityResultError::ActivityFailed(failure)) = outcome else {
        bail!("expected the activity to fail, got {outcome:?}");
    };
    let IncomingError::Application(application) = &failure else {
        bail!("expected an application failure, got {failure:?}");
    };
    assert_eq!(application.type_name(), Some("InvalidGreeting"));
    assert!(
        failure
            .failure()
            .message
            .contains("greeting and name must not be empty"),
        "{failure:?}"
    );

    // Non-retryable: one attempt, then Failed — not the server's default of retrying forever.
    let described = client::describe(&handle).await?;
    assert_eq!(described.status, ActivityExecutionStatus::Failed);
    assert_eq!(described.attempt, 1);

    // `execute`, what the starter calls, reports it with the id.
    let execute_id = unique("standalone-failure-execute");
    let error = worker(client, &task_queue)
        .run_while(client::execute(
            client,
            &task_queue,
            &execute_id,
            greet(" "),
        ))
        .await?
        .err()
        .context("an empty name was greeted")?;
    let message = format!("{error:#}");
    assert!(
        message.contains(&format!("activity `{execute_id}` did not complete"))
            && message.contains("must not be empty"),
        "{message}"
    );
    Ok(())
}

#[tokio::test]
async fn an_unknown_id_is_not_found() -> Result<()> {
    let client = &test_client().await?.client;
    let activity_id = unique("standalone-never-started");
    let handle = client::handle(client, &activity_id);
    let error = client::describe(&handle)
        .await
        .err()
        .context("an activity that was never started was described")?;
    assert!(
        format!("{error:#}").contains(&format!("cannot describe activity `{activity_id}`"))
            && format!("{error:#}").contains("not found"),
        "{error:#}"
    );
    assert!(matches!(
        client::result(&handle).await,
        Err(ActivityResultError::NotFound(_))
    ));
    Ok(())
}

#[tokio::test]
async fn visibility_lists_and_counts_by_query_and_per_status() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("standalone-visibility");
    let query = standalone_activity::task_queue_query(&task_queue);
    let ids = [unique("ok-1"), unique("ok-2"), unique("bad")];

    worker(client, &task_queue)
        .run_while(async {
            for (id, name) in ids.iter().zip(["one", "two", ""]) {
                let handle = client::start(client, &task_queue, id, greet(name)).await?;
                let _ = client::result(&handle).await;
            }
            anyhow::Ok(())
        })
        .await??;

    // Visibility is eventually consistent: wait (boundedly) until it has caught up.
    let deadline = Instant::now() + Duration::from_secs(20);
    let (total, mut groups) = loop {
        let (total, groups) = client::count(client, &query).await?;
        let settled = groups.iter().all(|(status, _)| status != "Running");
        if total == 3 && settled {
            break (total, groups);
        }
        if Instant::now() > deadline {
            bail!("visibility never counted 3 closed activities: {total} {groups:?}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(total, 3);
    groups.sort();
    assert_eq!(
        groups,
        [("Completed".to_owned(), 2), ("Failed".to_owned(), 1)]
    );

    let mut listed = client::list(client, &query).await?;
    listed.sort_by(|a, b| a.activity_id.cmp(&b.activity_id));
    let mut expected: Vec<(&str, ActivityExecutionStatus)> = vec![
        (&ids[0], ActivityExecutionStatus::Completed),
        (&ids[1], ActivityExecutionStatus::Completed),
        (&ids[2], ActivityExecutionStatus::Failed),
    ];
    expected.sort_by_key(|(id, _)| *id);
    assert_eq!(
        listed
            .iter()
            .map(|l| (l.activity_id.as_str(), l.status))
            .collect::<Vec<_>>(),
        expected
    );
    assert!(listed.iter().all(|l| l.activity_type == "compose_greeting"));

    // Another task queue's query sees none of them.
    let other = standalone_activity::task_queue_query(&unique("standalone-empty"));
    assert_eq!(client::count(client, &other).await?.0, 0);
    Ok(())
}

#[tokio::test]
async fn a_server_without_standalone_activities_is_named_with_what_to_do() -> Result<()> {
    let server =
        DevServer::start_with(&["--dynamic-config-value", "activity.enableStandalone=false"])
            .await?;
    let connected = samples_helper::ConnectArgs::for_address(server.address())
        .connect()
        .await?;
    let error = client::ensure_enabled(&connected.client)
        .await
        .err()
        .context("a server with standalone activities off passed the check")?;
    let message = format!("{error:#}");
    assert!(
        message.contains("does not allow standalone activities")
            && message.contains("activity.enableStandalone"),
        "{message}"
    );
    Ok(())
}
