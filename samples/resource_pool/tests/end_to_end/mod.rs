//! End-to-end tests, each against a dev server of its own. Exclusion is read from the histories
//! the server recorded, not from timing in the test.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use futures::StreamExt;
use resource_pool::client::{self, User};
use resource_pool::workflows::{AcquireResponse, ResourceUserWorkflowInput};
use resource_pool::{RESOURCE_POOL_WORKFLOW_ID, ResourcePoolWorkflow, ResourceUserWorkflow};
use samples_helper::devserver::DevServer;
use samples_helper::testing::{Attributes, HistoryEvent, history, history_of_run, unique};
use samples_helper::{ConnectArgs, Workers};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowSignalOptions, WorkflowStartOptions,
    WorkflowTerminateOptions,
};

async fn own_server() -> Result<(DevServer, Client)> {
    let server = DevServer::start().await?;
    let client = ConnectArgs::for_address(server.address())
        .connect()
        .await?
        .client;
    Ok((server, client))
}

type Instant2 = (i64, i32);

fn time_of(event: &HistoryEvent) -> Instant2 {
    event
        .event_time
        .as_ref()
        .map_or((0, 0), |t| (t.seconds, t.nanos))
}

/// Every `use_resource` call in a run: (resource, started, completed).
fn uses(events: &[HistoryEvent]) -> Result<Vec<(String, Instant2, Instant2)>> {
    let mut found = Vec::new();
    for event in events {
        let Some(Attributes::ActivityTaskScheduledEventAttributes(a)) = &event.attributes else {
            continue;
        };
        if a.activity_type
            .as_ref()
            .is_none_or(|t| t.name != "use_resource")
        {
            continue;
        }
        let input: serde_json::Value = serde_json::from_slice(
            &a.input
                .as_ref()
                .and_then(|p| p.payloads.first())
                .context("no input")?
                .data,
        )?;
        let id = event.event_id;
        let at = |started: bool| {
            events.iter().find_map(|e| match &e.attributes {
                Some(Attributes::ActivityTaskStartedEventAttributes(x))
                    if started && x.scheduled_event_id == id =>
                {
                    Some(time_of(e))
                }
                Some(Attributes::ActivityTaskCompletedEventAttributes(x))
                    if !started && x.scheduled_event_id == id =>
                {
                    Some(time_of(e))
                }
                _ => None,
            })
        };
        found.push((
            input["resource"].as_str().unwrap_or_default().to_owned(),
            at(true).context("a use never started")?,
            at(false).context("a use never completed")?,
        ));
    }
    Ok(found)
}

/// Every run of every user workflow (continue-as-new makes two of one), once visibility has them.
async fn user_runs(client: &Client, expected: usize) -> Result<Vec<(String, String)>> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut runs = Vec::new();
        let mut listed =
            client.list_workflows("WorkflowType = 'ResourceUserWorkflow'", Default::default());
        while let Some(run) = listed.next().await {
            let run = run?;
            runs.push((run.id().to_owned(), run.run_id().to_owned()));
        }
        if runs.len() >= expected {
            return Ok(runs);
        }
        if Instant::now() > deadline {
            bail!(
                "visibility lists {} user runs, expected {expected}",
                runs.len()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn users_share_two_resources_one_holder_each_and_a_failing_user_releases() -> Result<()> {
    let (_server, client) = own_server().await?;
    let client = &client;
    let task_queue = unique("resource-pool");
    let resources = ["resource_a".to_owned(), "resource_b".to_owned()];
    let options = resource_pool::worker_options(client, &task_queue, Duration::from_millis(200))?;
    let (outcomes, holders) = Workers::new(client, options)
        .run_while(async {
            let pool = client::start_pool(client, &task_queue, &resources, None).await?;
            let outcomes =
                client::run_users(client, &task_queue, &client::python_starter_users(4)).await?;
            let deadline = Instant::now() + Duration::from_secs(10);
            let mut holders = client::holders(&pool).await?;
            while holders.values().any(Option::is_some) && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(100)).await;
                holders = client::holders(&pool).await?;
            }
            samples_helper::replay::record(
                client,
                env!("CARGO_MANIFEST_DIR"),
                "pool",
                RESOURCE_POOL_WORKFLOW_ID,
                None,
            )
            .await?;
            pool.terminate(WorkflowTerminateOptions::default()).await?;
            anyhow::Ok((outcomes, holders))
        })
        .await??;

    // The failing user failed, the others completed, and every resource came back.
    for (id, outcome) in &outcomes {
        match id.as_str() {
            "resource-user-workflow-1" => {
                let failure = outcome
                    .as_ref()
                    .err()
                    .context("user 1 should have failed")?;
                assert!(failure.contains("failing after the first use"), "{failure}");
            }
            _ => assert!(outcome.is_ok(), "{id}: {outcome:?}"),
        }
    }
    assert!(holders.values().all(Option::is_none), "{holders:?}");

    // Exclusion, from every run's history: per resource, each use ends before the next starts.
    let runs = user_runs(client, 5).await?;
    let mut all = Vec::new();
    for (id, run) in &runs {
        all.extend(uses(&history_of_run(client, id, Some(run)).await?)?);
    }
    // User 0 uses twice per run (two runs), user 1 once before failing, users 2 and 3 twice.
    assert_eq!(all.len(), 9, "{all:?}");
    all.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    for pair in all.windows(2) {
        if pair[0].0 == pair[1].0 {
            assert!(
                pair[0].2 <= pair[1].1,
                "two holders of {} at once: {all:?}",
                pair[0].0
            );
        }
    }
    let user0: Vec<_> = runs
        .iter()
        .filter(|(id, _)| id == "resource-user-workflow-0")
        .collect();
    assert_eq!(
        user0.len(),
        2,
        "user 0 continued as new, holding its resource"
    );

    let dir = env!("CARGO_MANIFEST_DIR");
    samples_helper::replay::record(client, dir, "user_failed", "resource-user-workflow-1", None)
        .await?;
    samples_helper::replay::record(
        client,
        dir,
        "user_after_continue_as_new",
        "resource-user-workflow-0",
        None,
    )
    .await?;
    Ok(())
}

fn granted(events: &[HistoryEvent]) -> bool {
    events.iter().any(|e| matches!(&e.attributes, Some(Attributes::WorkflowExecutionSignaledEventAttributes(a)) if a.signal_name == "assign_resource_resource_pool"))
}

#[tokio::test]
async fn a_terminated_holder_s_resource_is_reclaimed_for_the_next_user() -> Result<()> {
    let (_server, client) = own_server().await?;
    let client = &client;
    let task_queue = unique("resource-pool-reclaim");
    let options = resource_pool::worker_options(client, &task_queue, Duration::from_millis(1_500))?;
    Workers::new(client, options)
        .run_while(async {
            let pool = client::start_pool(client, &task_queue, &["only".to_owned()], Some(Duration::from_millis(300))).await?;
            let user = |id: &str| User { workflow_id: id.to_owned(), fail_after: None, continue_as_new: false };
            let start = |id: &'static str| {
                let input = ResourceUserWorkflowInput {
                    resource_pool_workflow_id: RESOURCE_POOL_WORKFLOW_ID.to_owned(),
                    iteration_to_fail_after: None,
                    should_continue_as_new: false,
                    already_acquired_resource: None,
                };
                client.start_workflow(ResourceUserWorkflow::run, input, WorkflowStartOptions::new(task_queue.as_str(), id).build())
            };
            let holder = start("doomed-holder").await?;
            let deadline = Instant::now() + Duration::from_secs(10);
            while !granted(&history(client, "doomed-holder").await?) {
                if Instant::now() > deadline {
                    bail!("the first user never got the resource");
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            // Terminated while holding: it runs no cleanup, so it never releases.
            holder.terminate(WorkflowTerminateOptions::default()).await?;
            let outcomes = client::run_users(client, &task_queue, &[user("next-user")]).await?;
            assert!(outcomes[0].1.is_ok(), "{outcomes:?}");

            // The pool found the ended holder and took the resource back.
            let events = history(client, RESOURCE_POOL_WORKFLOW_ID).await?;
            let reclaimed = events.iter().any(|e| matches!(&e.attributes, Some(Attributes::ActivityTaskCompletedEventAttributes(a)) if a.result.as_ref().and_then(|p| p.payloads.first()).is_some_and(|p| String::from_utf8_lossy(&p.data).contains("doomed-holder"))));
            assert!(reclaimed, "no ended_holders check reported the terminated holder");
            samples_helper::replay::record(client, env!("CARGO_MANIFEST_DIR"), "pool_reclaimed", RESOURCE_POOL_WORKFLOW_ID, None).await?;
            pool.terminate(WorkflowTerminateOptions::default()).await?;
            anyhow::Ok(())
        })
        .await??;
    Ok(())
}

#[tokio::test]
async fn bad_requests_are_refused_or_ignored_and_the_pool_keeps_going() -> Result<()> {
    let (_server, client) = own_server().await?;
    let client = &client;
    let task_queue = unique("resource-pool-bad");
    assert!(
        format!(
            "{:#}",
            client::start_pool(client, &task_queue, &[], None)
                .await
                .err()
                .context("an empty pool started")?
        )
        .contains("a pool needs resources")
    );
    assert!(
        format!(
            "{:#}",
            client::run_users(client, &task_queue, &[])
                .await
                .err()
                .context("no users ran")?
        )
        .contains("no users")
    );

    let options = resource_pool::worker_options(client, &task_queue, Duration::from_millis(50))?;
    Workers::new(client, options)
        .run_while(async {
            let pool =
                client::start_pool(client, &task_queue, &["resource_a".to_owned()], None).await?;
            // A release with a key the pool never gave out releases nothing.
            let bogus = AcquireResponse {
                release_key: "not-a-key".into(),
                resource: "resource_a".into(),
            };
            pool.signal(
                ResourcePoolWorkflow::release_resource,
                bogus,
                WorkflowSignalOptions::default(),
            )
            .await?;
            // Adding a resource twice adds it once.
            pool.signal(
                ResourcePoolWorkflow::add_resources,
                vec!["resource_b".into(), "resource_a".into()],
                WorkflowSignalOptions::default(),
            )
            .await?;
            let deadline = Instant::now() + Duration::from_secs(10);
            let mut holders = client::holders(&pool).await?;
            while holders.len() < 2 && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(100)).await;
                holders = client::holders(&pool).await?;
            }
            assert_eq!(
                holders.keys().cloned().collect::<Vec<_>>(),
                ["resource_a", "resource_b"]
            );
            assert!(holders.values().all(Option::is_none));

            // A user pointed at another pool fails at once, saying why, instead of waiting.
            let input = ResourceUserWorkflowInput {
                resource_pool_workflow_id: "another_pool".into(),
                iteration_to_fail_after: None,
                should_continue_as_new: false,
                already_acquired_resource: None,
            };
            let handle = client
                .start_workflow(
                    ResourceUserWorkflow::run,
                    input,
                    WorkflowStartOptions::new(task_queue.as_str(), unique("lost-user")).build(),
                )
                .await?;
            let error = handle
                .get_result(WorkflowGetResultOptions::default())
                .await
                .err()
                .context("a user of another pool completed")?;
            assert!(
                samples_helper::failure::describe(&error)
                    .contains("from the pool `resource_pool` only, not `another_pool`"),
                "{error:?}"
            );

            // And the pool still serves.
            let outcomes =
                client::run_users(client, &task_queue, &client::python_starter_users(1)).await?;
            assert!(outcomes[0].1.is_ok(), "{outcomes:?}");
            pool.terminate(WorkflowTerminateOptions::default()).await?;
            anyhow::Ok(())
        })
        .await??;
    Ok(())
}
