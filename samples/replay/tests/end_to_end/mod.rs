//! End-to-end tests against a real dev server.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use replay::{Code, client};
use samples_helper::Workers;
use samples_helper::testing::{test_client, unique};
use temporalio_client::{Client, WorkflowCountOptions};

/// Runs the three workflows under a fresh id and waits until visibility lists all three runs.
async fn three_runs(client: &Client) -> Result<String> {
    let task_queue = unique("replay");
    let workflow_id = unique("replayer-workflow-id");
    let results = Workers::new(client, replay::worker_options(&task_queue)?)
        .run_while(client::run_all(client, &task_queue, &workflow_id, "tests"))
        .await??;
    assert_eq!(
        results,
        [
            ("JustActivity", "Hello, tests!".to_owned()),
            ("JustTimer", "Slept".to_owned()),
            ("TimerThenActivity", "Hello, tests!".to_owned()),
        ]
    );
    // Visibility is eventually consistent: wait (boundedly) until it lists all three runs.
    let query = replay::workflow_id_query(&workflow_id);
    let deadline = Instant::now() + Duration::from_secs(20);
    while client
        .count_workflows(query.as_str(), WorkflowCountOptions::default())
        .await?
        .count()
        < 3
    {
        if Instant::now() > deadline {
            bail!("visibility never listed the three runs of `{workflow_id}`");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(workflow_id)
}

#[tokio::test]
async fn the_histories_of_real_runs_replay_against_the_current_code() -> Result<()> {
    let client = &test_client().await?.client;
    let workflow_id = three_runs(client).await?;
    let query = replay::workflow_id_query(&workflow_id);

    let replayed = client::replay(client, &query, replay::replayer_options(Code::Current)?).await?;
    let mut types: Vec<&str> = replayed.iter().map(|r| r.workflow_type.as_str()).collect();
    types.sort_unstable();
    assert_eq!(types, ["JustActivity", "JustTimer", "TimerThenActivity"]);
    assert!(replayed.iter().all(|r| r.workflow_id == workflow_id));
    assert!(
        replayed.iter().all(|r| r.failure.is_none()),
        "{replayed:#?}"
    );

    // These runs are also the recorded histories of the replay test in tests/main.rs.
    for run in &replayed {
        let name = match run.workflow_type.as_str() {
            "JustActivity" => "just_activity",
            "JustTimer" => "just_timer",
            _ => "timer_then_activity",
        };
        samples_helper::replay::record(
            client,
            env!("CARGO_MANIFEST_DIR"),
            name,
            &workflow_id,
            Some(&run.run_id),
        )
        .await?;
    }
    Ok(())
}

#[tokio::test]
async fn an_incompatible_change_is_caught_naming_the_workflow_and_the_mismatch() -> Result<()> {
    let client = &test_client().await?.client;
    let workflow_id = three_runs(client).await?;
    let query = replay::workflow_id_query(&workflow_id);

    let replayed = client::replay(
        client,
        &query,
        replay::replayer_options(Code::WithIncompatibleChange)?,
    )
    .await?;
    let failed: Vec<_> = replayed.iter().filter(|r| r.failure.is_some()).collect();
    assert_eq!(failed.len(), 1, "{replayed:#?}");
    let broken = failed[0];
    assert_eq!(broken.workflow_type, "JustActivity");
    assert_eq!(broken.workflow_id, workflow_id);
    let why = broken.failure.as_deref().unwrap_or_default();
    // The new code issued a timer where history has the activity scheduled.
    assert!(
        why.contains("Nondeterminism") && why.contains("ActivityTaskScheduled"),
        "{why}"
    );
    // The change touched only JustActivity: the other two still replay.
    assert_eq!(replayed.len(), 3);
    Ok(())
}

#[tokio::test]
async fn the_recorded_histories_fail_against_the_incompatible_change_too() -> Result<()> {
    // No server: the committed histories, through the same check the replay test makes.
    let error = samples_helper::replay::assert_replays(
        replay::replayer_options(Code::WithIncompatibleChange)?,
        env!("CARGO_MANIFEST_DIR"),
        "",
        3,
    )
    .await
    .err()
    .context("the incompatible change replayed the recorded histories")?;
    let message = format!("{error:#}");
    assert!(
        message.contains("cannot replay 1 recorded history") && message.contains("just_activity"),
        "{message}"
    );
    Ok(())
}

#[tokio::test]
async fn a_query_that_matches_nothing_or_does_not_parse_is_an_error_not_a_pass() -> Result<()> {
    let client = &test_client().await?.client;
    let nothing = replay::workflow_id_query(&unique("never-ran"));
    let error = client::replay(client, &nothing, replay::replayer_options(Code::Current)?)
        .await
        .err()
        .context("a query that matched nothing passed")?;
    assert!(
        format!("{error:#}").contains(&format!("no workflow matches `{nothing}`")),
        "{error:#}"
    );

    let malformed = "WorkflowId = ";
    let error = client::replay(client, malformed, replay::replayer_options(Code::Current)?)
        .await
        .err()
        .context("a malformed query passed")?;
    let message = format!("{error:#}");
    assert!(
        message.contains("cannot list workflows `WorkflowId = `") && message.contains("invalid"),
        "{message}"
    );
    Ok(())
}
