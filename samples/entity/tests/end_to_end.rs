//! End-to-end tests against a real dev server.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use entity::{AccountInput, AccountStatus, Level, NotificationActivities, RewardAccountWorkflow};
use futures::StreamExt;
use samples_helper::testing::{
    Attributes, EventType, event_types, test_client, unique, with_worker,
};
use temporalio_client::{
    Client, WorkflowExecuteUpdateOptions, WorkflowGetResultOptions, WorkflowHandle,
    WorkflowQueryOptions, WorkflowSignalOptions, WorkflowStartOptions, errors::WorkflowUpdateError,
};

type Account = WorkflowHandle<Client, RewardAccountWorkflow>;

async fn open(
    client: &Client,
    task_queue: &str,
    history_threshold: Option<u32>,
) -> Result<(String, Account)> {
    let customer_id = unique("customer");
    let id = entity::workflow_id(&customer_id);
    let input = AccountInput {
        customer_id,
        state: None,
        history_threshold,
    };
    let options = WorkflowStartOptions::new(task_queue, &id).build();
    client
        .start_workflow(RewardAccountWorkflow::run, input, options)
        .await?;
    Ok((
        id.clone(),
        client.get_workflow_handle::<RewardAccountWorkflow>(&id),
    ))
}

async fn add(account: &Account, points: u64) -> Result<AccountStatus, WorkflowUpdateError> {
    account
        .execute_update(
            RewardAccountWorkflow::add_points,
            points,
            WorkflowExecuteUpdateOptions::default(),
        )
        .await
}

async fn status(account: &Account) -> Result<AccountStatus> {
    Ok(account
        .query(
            RewardAccountWorkflow::status,
            (),
            WorkflowQueryOptions::default(),
        )
        .await?)
}

#[tokio::test]
async fn a_rejected_update_changes_nothing_and_leaves_no_trace() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("entity");
    with_worker(
        &client,
        entity::worker_options(&task_queue, NotificationActivities::default())?,
        async {
            let (id, account) = open(&client, &task_queue, None).await?;
            add(&account, 100).await?;
            let rejected = account
                .execute_update(
                    RewardAccountWorkflow::redeem_points,
                    500,
                    WorkflowExecuteUpdateOptions::default(),
                )
                .await;
            let Err(WorkflowUpdateError::Failed(failure)) = rejected else {
                bail!("the redemption should be rejected: {rejected:?}")
            };
            assert!(
                failure
                    .message
                    .contains("cannot redeem 500 points: the balance is 100"),
                "{}",
                failure.message
            );
            let zero = add(&account, 0).await;
            assert!(
                matches!(zero, Err(WorkflowUpdateError::Failed(_))),
                "{zero:?}"
            );

            assert_eq!(status(&account).await?.points, 100);
            // Only the accepted update is in history: rejected ones never reach it.
            let events = event_types(&client, &id).await?;
            let accepted = events
                .iter()
                .filter(|e| **e == EventType::WorkflowExecutionUpdateAccepted)
                .count();
            assert_eq!(accepted, 1, "{events:?}");
            assert!(
                !events.contains(&EventType::WorkflowExecutionUpdateRejected),
                "{events:?}"
            );
            samples_helper::replay::record(
                &client,
                env!("CARGO_MANIFEST_DIR"),
                "rejected-update",
                &id,
                None,
            )
            .await?;
            anyhow::Ok(())
        },
    )
    .await?
}

#[tokio::test]
async fn concurrent_updates_all_apply() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("entity");
    with_worker(
        &client,
        entity::worker_options(&task_queue, NotificationActivities::default())?,
        async {
            let (_, account) = open(&client, &task_queue, None).await?;
            let results = futures::future::join_all((0..20).map(|_| add(&account, 25))).await;
            let mut balances: Vec<u64> = results
                .into_iter()
                .map(|r| r.map(|s| s.points))
                .collect::<Result<_, _>>()?;
            balances.sort_unstable();
            // Each update saw a distinct balance: they were applied one at a time, none lost.
            assert_eq!(balances, (1..=20).map(|i| i * 25).collect::<Vec<u64>>());
            let s = status(&account).await?;
            assert_eq!((s.points, s.level), (500, Level::Gold));
            anyhow::Ok(())
        },
    )
    .await?
}

#[tokio::test]
async fn continue_as_new_keeps_points_and_level_across_runs() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("entity");
    with_worker(
        &client,
        entity::worker_options(&task_queue, NotificationActivities::default())?,
        async {
            // A tiny threshold forces several continue-as-new.
            let (id, account) = open(&client, &task_queue, Some(25)).await?;
            for _ in 0..12 {
                add(&account, 100).await?;
            }
            let s = account
                .execute_update(
                    RewardAccountWorkflow::redeem_points,
                    150,
                    WorkflowExecuteUpdateOptions::default(),
                )
                .await?;
            assert_eq!((s.points, s.level), (1050, Level::Platinum));
            let s = status(&account).await?;
            assert!(s.run >= 2, "the account should be on a later run: {s:?}");
            assert_eq!((s.points, s.level, s.active), (1050, Level::Platinum, true));
            samples_helper::replay::record(
                &client,
                env!("CARGO_MANIFEST_DIR"),
                "after-continue-as-new",
                &id,
                None,
            )
            .await?;
            anyhow::Ok(())
        },
    )
    .await?
}

#[tokio::test]
async fn signals_apply_queries_answer_and_cancel_returns_the_final_status() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("entity");
    with_worker(
        &client,
        entity::worker_options(&task_queue, NotificationActivities::default())?,
        async {
            let (id, account) = open(&client, &task_queue, None).await?;
            account
                .signal(
                    RewardAccountWorkflow::add_points_signal,
                    600,
                    WorkflowSignalOptions::default(),
                )
                .await?;
            // Signals are asynchronous: poll the query until the points show.
            let deadline = Instant::now() + Duration::from_secs(20);
            while status(&account).await?.points != 600 {
                if Instant::now() > deadline {
                    bail!("the signalled points never showed");
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            assert_eq!(status(&account).await?.level, Level::Gold);

            let cancelled = account
                .execute_update(
                    RewardAccountWorkflow::cancel_account,
                    (),
                    WorkflowExecuteUpdateOptions::default(),
                )
                .await?;
            assert!(!cancelled.active);
            let final_status = account
                .get_result(WorkflowGetResultOptions::default())
                .await?;
            assert_eq!(
                (final_status.points, final_status.level, final_status.active),
                (600, Level::Gold, false)
            );
            // Queries still answer after the workflow has completed.
            assert_eq!(status(&account).await?, final_status);
            // The GOLD level was notified through the activity.
            assert!(
                event_types(&client, &id)
                    .await?
                    .contains(&EventType::ActivityTaskCompleted)
            );
            samples_helper::replay::record(
                &client,
                env!("CARGO_MANIFEST_DIR"),
                "signal-update-cancel",
                &id,
                None,
            )
            .await?;
            anyhow::Ok(())
        },
    )
    .await?
}

/// Continue-as-new becomes due while a `redeem_points` update is running its activity: the run
/// must wait for the update to finish — the caller gets its answer from that run — before it
/// continues as new.
#[tokio::test]
async fn continue_as_new_waits_for_an_update_still_running_its_activity() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("reward-accounts");
    let activities = NotificationActivities {
        reward_latency: Duration::from_millis(1500),
    };
    let worker = entity::worker_options(&task_queue, activities)?;
    let (redeemed, events) = with_worker(&client, worker, async {
        // A threshold so low that any handler's events make continue-as-new due.
        let (id, account) = open(&client, &task_queue, Some(5)).await?;
        add(&account, 100).await?;
        // The redeem's activity takes 1.5 s; continue-as-new becomes due meanwhile.
        let redeemed = account
            .execute_update(
                RewardAccountWorkflow::redeem_points,
                40,
                WorkflowExecuteUpdateOptions::default(),
            )
            .await?;
        // The run that accepted the redeem; keep the worker running until that run has
        // continued as new (it may do so in the workflow task after the update's answer).
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let mut listed =
                client.list_workflows(format!("WorkflowId = '{id}'"), Default::default());
            while let Some(run) = listed.next().await {
                let history =
                    samples_helper::testing::history_of_run(&client, &id, Some(run?.run_id()))
                        .await?;
                let accepted_redeem = history.iter().any(|e| {
                    matches!(
                        &e.attributes,
                        Some(Attributes::WorkflowExecutionUpdateAcceptedEventAttributes(a))
                            if a.accepted_request
                                .as_ref()
                                .and_then(|r| r.input.as_ref())
                                .is_some_and(|i| i.name == "redeem_points")
                    )
                });
                let events: Vec<EventType> = history
                    .iter()
                    .map(|e| EventType::try_from(e.event_type).unwrap_or(EventType::Unspecified))
                    .collect();
                if accepted_redeem
                    && events.last() == Some(&EventType::WorkflowExecutionContinuedAsNew)
                {
                    return anyhow::Ok((redeemed, events));
                }
            }
            if Instant::now() > deadline {
                bail!("the run that accepted the redeem never continued as new");
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
    .await??;
    // The caller got its answer: the run did not end under it.
    assert_eq!(redeemed.points, 60);

    // The last accepted and completed update events are the redeem's.
    let at = |t: EventType| events.iter().rposition(|e| *e == t);
    let accepted = at(EventType::WorkflowExecutionUpdateAccepted).context("no accepted update")?;
    let issued = at(EventType::ActivityTaskCompleted).context("the reward was not issued")?;
    let completed =
        at(EventType::WorkflowExecutionUpdateCompleted).context("the update did not complete")?;
    let continued = at(EventType::WorkflowExecutionContinuedAsNew)
        .context("the run did not continue as new")?;
    assert!(
        accepted < issued && issued < completed && completed < continued,
        "{events:?}"
    );
    Ok(())
}
