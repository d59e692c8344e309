//! End-to-end tests against a real dev server.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use entity::{AccountInput, AccountStatus, Level, RewardAccountWorkflow};
use samples_helper::testing::{EventType, event_types, test_client, unique, with_worker};
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
    with_worker(&client, entity::worker_options(&task_queue)?, async {
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
    })
    .await?
}

#[tokio::test]
async fn concurrent_updates_all_apply() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("entity");
    with_worker(&client, entity::worker_options(&task_queue)?, async {
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
    })
    .await?
}

#[tokio::test]
async fn continue_as_new_keeps_points_and_level_across_runs() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("entity");
    with_worker(&client, entity::worker_options(&task_queue)?, async {
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
    })
    .await?
}

#[tokio::test]
async fn signals_apply_queries_answer_and_cancel_returns_the_final_status() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("entity");
    with_worker(&client, entity::worker_options(&task_queue)?, async {
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
    })
    .await?
}
