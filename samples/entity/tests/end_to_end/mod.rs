//! End-to-end tests against a real dev server.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use entity::{
    CustomerRewardAccountInput, CustomerRewardLevel::*, RewardActivities,
    activities::INVALID_USER_ERROR, client,
};
use futures::StreamExt;
use samples_helper::Workers;
use samples_helper::testing::{
    Attributes, EventType, activity_attempts, event_types, history, test_client, unique,
};
use temporalio_client::{Client, WorkflowGetResultOptions, errors::WorkflowGetResultError};
use temporalio_common::error::IncomingError;

/// Opens an account for a fresh user; returns the user id and the first run's id.
async fn open(
    client: &Client,
    task_queue: &str,
    history_threshold: Option<u32>,
) -> Result<(String, String)> {
    let user_id = unique("user");
    let input = CustomerRewardAccountInput {
        history_threshold,
        ..CustomerRewardAccountInput::new(&user_id)
    };
    let run_id = client::open(client, task_queue, input).await?;
    Ok((user_id, run_id))
}

#[tokio::test]
async fn a_rejected_update_changes_nothing_and_leaves_no_trace() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("entity");
    Workers::new(
        client,
        entity::worker_options(&task_queue, RewardActivities::default())?,
    )
    .run_while(async {
        let (user, _) = open(client, &task_queue, None).await?;
        client::add_points(client, &user, 100).await?;
        // Three rejections: by the redeem validator, by the add_points validator, and by
        // decoding (the catalogue's "points must be an integer").
        let too_many = client::redeem(client, &user, 500)
            .await
            .err()
            .context("redeem")?;
        assert_eq!(
            too_many.to_string(),
            "rejected: cannot redeem 500 points: the balance is 100"
        );
        let huge = client::add_points(client, &user, 2_000_000)
            .await
            .err()
            .context("huge")?;
        assert!(
            huge.to_string()
                .contains("points must be between -1000000 and 1000000, not 2000000"),
            "{huge}"
        );
        let not_integer = client::add_points_unchecked(client, &user, "lots".into())
            .await
            .err()
            .context("a string was accepted as points")?;
        assert!(
            not_integer.to_string().starts_with("rejected: "),
            "{not_integer}"
        );
        let fraction = client::add_points_unchecked(client, &user, 1.5.into()).await;
        assert!(fraction.is_err(), "1.5 points were accepted: {fraction:?}");

        assert_eq!(client::status(client, &user).await?.points, 100);
        // Only the accepted update is in history: rejected ones never reach it.
        let id = entity::workflow_id(&user);
        let events = event_types(client, &id).await?;
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
            client,
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
async fn the_balance_stops_at_zero_and_the_level_follows_it_both_ways() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("entity");
    Workers::new(
        client,
        entity::worker_options(&task_queue, RewardActivities::default())?,
    )
    .run_while(async {
        let (user, _) = open(client, &task_queue, None).await?;
        let mut seen = Vec::new();
        for points in [499, 1, 500, -1, -600, -5000, 1000] {
            let s = client::add_points(client, &user, points).await?;
            seen.push((s.points, s.level));
        }
        assert_eq!(
            seen,
            [
                (499, Basic),
                (500, Gold),
                (1000, Platinum),
                (999, Gold),
                (399, Basic),
                (0, Basic),
                (1000, Platinum)
            ]
        );
        // The workflow loaded the user first, then notified each level change it saw. (Two
        // quick updates may land in one workflow task; the customer hears the level it ends
        // at, never one that did not hold.)
        let id = entity::workflow_id(&user);
        let attempts = activity_attempts(client, &id).await?;
        assert_eq!(attempts.first(), Some(&("get_user".to_owned(), 1)));
        assert!(
            attempts[1..]
                .iter()
                .all(|(t, _)| t == "notify_level_change"),
            "{attempts:?}"
        );
        assert!(attempts.len() >= 3, "{attempts:?}");
        samples_helper::replay::record(client, env!("CARGO_MANIFEST_DIR"), "levels", &id, None)
            .await?;
        anyhow::Ok(())
    })
    .await?
}

#[tokio::test]
async fn an_invalid_user_fails_the_opening_with_a_typed_non_retryable_error() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("entity");
    let user = format!("{} with spaces", unique("user"));
    let result = Workers::new(
        client,
        entity::worker_options(&task_queue, RewardActivities::default())?,
    )
    .run_while(async {
        client::open(client, &task_queue, CustomerRewardAccountInput::new(&user)).await?;
        anyhow::Ok(
            client::account(client, &user)
                .get_result(WorkflowGetResultOptions::default())
                .await,
        )
    })
    .await??;
    let Err(WorkflowGetResultError::Failed(failure)) = &result else {
        bail!("the account should not open: {result:?}");
    };
    let Some(IncomingError::Application(app)) = failure.cause() else {
        bail!("expected an application failure under the activity's: {failure:?}");
    };
    assert_eq!(app.type_name(), Some(INVALID_USER_ERROR));
    assert!(
        failure
            .cause()
            .is_some_and(|c| c.failure().message.contains("no user can have the id"))
    );
    // Not retryable: one attempt only.
    let id = entity::workflow_id(&user);
    assert_eq!(
        activity_attempts(client, &id).await?,
        [("get_user".to_owned(), 1)]
    );
    Ok(())
}

#[tokio::test]
async fn concurrent_updates_all_apply() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("entity");
    Workers::new(
        client,
        entity::worker_options(&task_queue, RewardActivities::default())?,
    )
    .run_while(async {
        let (user, _) = open(client, &task_queue, None).await?;
        let results =
            futures::future::join_all((0..20).map(|_| client::add_points(client, &user, 25))).await;
        let mut balances: Vec<i64> = results
            .into_iter()
            .map(|r| r.map(|s| s.points))
            .collect::<Result<_, _>>()?;
        balances.sort_unstable();
        // Each update saw a distinct balance: they were applied one at a time, none lost.
        assert_eq!(balances, (1..=20).map(|i| i * 25).collect::<Vec<i64>>());
        let s = client::status(client, &user).await?;
        assert_eq!((s.points, s.level), (500, Gold));
        anyhow::Ok(())
    })
    .await?
}

#[tokio::test]
async fn continue_as_new_keeps_points_and_level_across_runs() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("entity");
    Workers::new(
        client,
        entity::worker_options(&task_queue, RewardActivities::default())?,
    )
    .run_while(async {
        // A tiny threshold forces several continue-as-new.
        let (user, first_run) = open(client, &task_queue, Some(25)).await?;
        for _ in 0..12 {
            client::add_points(client, &user, 100).await?;
        }
        let s = client::redeem(client, &user, 150).await?;
        assert_eq!((s.points, s.level), (1050, Platinum));
        assert_ne!(
            client::current_run_id(client, &user).await?,
            first_run,
            "the account should be on a later run"
        );
        let s = client::status(client, &user).await?;
        assert_eq!((s.points, s.level, s.is_active), (1050, Platinum, true));

        // The carried input is the catalogue's three fields (plus the threshold option).
        let id = entity::workflow_id(&user);
        let started = history(client, &id).await?;
        let input = started
            .iter()
            .find_map(|e| match &e.attributes {
                Some(Attributes::WorkflowExecutionStartedEventAttributes(a)) => a.input.clone(),
                _ => None,
            })
            .and_then(|i| i.payloads.into_iter().next())
            .context("the run has no input")?;
        let input: serde_json::Value = serde_json::from_slice(&input.data)?;
        let mut keys: Vec<_> = input
            .as_object()
            .context("an object")?
            .keys()
            .cloned()
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "history_threshold",
                "starting_level",
                "starting_points",
                "user_id"
            ]
        );
        assert_eq!(input["starting_level"], "PLATINUM", "{input}");
        samples_helper::replay::record(
            client,
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
    let client = &test_client().await?.client;
    let task_queue = unique("entity");
    Workers::new(
        client,
        entity::worker_options(&task_queue, RewardActivities::default())?,
    )
    .run_while(async {
        let (user, _) = open(client, &task_queue, None).await?;
        client::add_points_signal(client, &user, 600).await?;
        // Signals are asynchronous: poll the query until the points show.
        let deadline = Instant::now() + Duration::from_secs(20);
        while client::status(client, &user).await?.points != 600 {
            if Instant::now() > deadline {
                bail!("the signalled points never showed");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(client::status(client, &user).await?.level, Gold);

        let final_status = client::cancel(client, &user).await?;
        assert_eq!(
            (
                final_status.points,
                final_status.level,
                final_status.is_active
            ),
            (600, Gold, false)
        );
        // Queries still answer after the workflow has completed; updates are refused.
        assert_eq!(client::status(client, &user).await?, final_status);
        assert!(client::add_points(client, &user, 1).await.is_err());
        // The GOLD level was notified through the activity.
        let id = entity::workflow_id(&user);
        assert_eq!(
            activity_attempts(client, &id).await?,
            [
                ("get_user".to_owned(), 1),
                ("notify_level_change".to_owned(), 1)
            ]
        );
        samples_helper::replay::record(
            client,
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

#[tokio::test]
async fn opening_the_same_account_twice_is_a_clear_error() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("entity");
    let (user, _) = open(client, &task_queue, None).await?;
    let again = client::open(client, &task_queue, CustomerRewardAccountInput::new(&user))
        .await
        .err()
        .context("a second account was opened")?;
    assert_eq!(
        again.to_string(),
        format!(
            "{user} already has an open account (workflow {})",
            entity::workflow_id(&user)
        )
    );
    // And a customer with no account is told how to open one.
    let missing = client::status(client, &unique("nobody"))
        .await
        .err()
        .context("status")?;
    assert!(
        missing
            .to_string()
            .contains("Open one with `cargo run -p entity open"),
        "{missing}"
    );
    client::account(client, &user)
        .terminate(Default::default())
        .await?;
    Ok(())
}

/// Continue-as-new becomes due while a `redeem_points` update is running its activity: the run
/// must wait for the update to finish — the caller gets its answer from that run — before it
/// continues as new.
#[tokio::test]
async fn continue_as_new_waits_for_an_update_still_running_its_activity() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("reward-accounts");
    let activities = RewardActivities {
        reward_latency: Duration::from_millis(1500),
    };
    let worker = entity::worker_options(&task_queue, activities)?;
    let (redeemed, events) = Workers::new(client, worker)
        .run_while(async {
            // A threshold so low that any handler's events make continue-as-new due.
            let (user, _) = open(client, &task_queue, Some(12)).await?;
            let id = entity::workflow_id(&user);
            client::add_points(client, &user, 100).await?;
            // The redeem's activity takes 1.5 s; continue-as-new becomes due meanwhile.
            let redeemed = client::redeem(client, &user, 40).await?;
            // The run that accepted the redeem; keep the worker running until that run has
            // continued as new (it may do so in the workflow task after the update's answer).
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                let mut listed =
                    client.list_workflows(format!("WorkflowId = '{id}'"), Default::default());
                while let Some(run) = listed.next().await {
                    let history =
                        samples_helper::testing::history_of_run(client, &id, Some(run?.run_id()))
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
                        .map(|e| {
                            EventType::try_from(e.event_type).unwrap_or(EventType::Unspecified)
                        })
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
