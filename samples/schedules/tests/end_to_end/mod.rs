//! End-to-end tests against a real dev server, through the same `client` functions as the CLI.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Result, bail};
use samples_helper::Workers;
use samples_helper::testing::{test_client, unique};
use schedules::{
    YourSchedulesWorkflow,
    client::{self, CreateArgs, SpecArgs},
};
use temporalio_client::{Client, WorkflowGetResultOptions, schedules::ScheduleOverlapPolicy};

fn args(task_queue: &str, interval_secs: u64, paused: bool) -> CreateArgs {
    CreateArgs {
        spec: SpecArgs {
            interval_secs: Some(interval_secs),
            ..SpecArgs::default()
        },
        name: "World".into(),
        task_queue: task_queue.into(),
        overlap: ScheduleOverlapPolicy::Skip,
        catchup_window: Some(Duration::from_secs(600)),
        note: "created by a test".into(),
        paused,
    }
}

/// Waits until the schedule has taken at least `count` actions; returns the description.
async fn wait_for_actions(
    client: &Client,
    id: &str,
    count: i64,
) -> Result<temporalio_client::schedules::ScheduleDescription> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let d = client::describe(client, id).await?;
        if d.action_count() >= count {
            return Ok(d);
        }
        if Instant::now() > deadline {
            bail!("{id} took {} actions, expected {count}", d.action_count());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn backfilling_a_paused_minutely_schedule_over_five_minutes_runs_six_times() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("schedules");
    let id = unique("backfill");
    client::create(&client, &id, args(&task_queue, 60, true)).await?;
    // A five-minute window on minute boundaries, an hour ago: both ends are run times.
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    let start = UNIX_EPOCH + Duration::from_secs(now / 60 * 60 - 3600);
    client::backfill(&client, &id, start, start + Duration::from_secs(300)).await?;
    // No fixed sleep: wait until the schedule itself says it has nothing left to start (its
    // buffer is empty) and has taken at least six actions. Then the runs must be exactly the six
    // minutes of the window: a seventh run or a duplicate minute fails the test.
    let deadline = Instant::now() + Duration::from_secs(30);
    let d = loop {
        let d = client::describe(&client, &id).await?;
        let buffered = d.raw().info.as_ref().map_or(0, |i| i.buffer_size);
        if d.action_count() >= 6 && buffered == 0 {
            break d;
        }
        if Instant::now() > deadline {
            bail!("{id}: {} actions, {buffered} buffered", d.action_count());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let mut backfilled: Vec<SystemTime> = d
        .recent_actions()
        .iter()
        .filter_map(|a| a.schedule_time)
        .collect();
    backfilled.sort();
    let expected: Vec<SystemTime> = (0..=5)
        .map(|minute| start + Duration::from_secs(60 * minute))
        .collect();
    assert_eq!(
        backfilled, expected,
        "one run per minute of the window, both ends inclusive"
    );
    assert_eq!(d.action_count(), 6, "exactly six runs");
    assert!(d.paused(), "backfill does not unpause");
    client::delete(&client, &id).await?;
    Ok(())
}

#[tokio::test]
async fn pause_and_unpause_change_state_and_note() -> Result<()> {
    let client = test_client().await?.client;
    let id = unique("pause");
    client::create(&client, &id, args("unused-queue", 3600, false)).await?;
    let d = client::describe(&client, &id).await?;
    assert!(!d.paused());
    assert_eq!(d.note(), Some("created by a test"));

    client::pause(&client, &id, "maintenance window").await?;
    let d = client::describe(&client, &id).await?;
    assert!(d.paused());
    assert_eq!(d.note(), Some("maintenance window"));
    assert!(schedules::support::report::format_description(&id, &d).contains("state:    paused"));

    client::unpause(&client, &id, "back to normal").await?;
    let d = client::describe(&client, &id).await?;
    assert!(!d.paused());
    assert_eq!(d.note(), Some("back to normal"));
    client::delete(&client, &id).await?;
    Ok(())
}

#[tokio::test]
async fn trigger_runs_now_and_update_changes_what_the_next_run_receives() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("schedules");
    let id = unique("trigger");
    // Paused and hourly: nothing runs unless triggered.
    client::create(&client, &id, args(&task_queue, 3600, true)).await?;
    let results = Workers::new(&client, schedules::worker_options(&task_queue)?)
        .run_while(async {
            let result_of_latest = |d: temporalio_client::schedules::ScheduleDescription| {
                let client = client.clone();
                async move {
                    let run = d
                        .recent_actions()
                        .last()
                        .map(|a| a.workflow_id.clone())
                        .unwrap_or_default();
                    let handle = client.get_workflow_handle::<YourSchedulesWorkflow>(&run);
                    anyhow::Ok(
                        handle
                            .get_result(WorkflowGetResultOptions::default())
                            .await?,
                    )
                }
            };
            client::trigger(&client, &id).await?;
            let first = result_of_latest(wait_for_actions(&client, &id, 1).await?).await?;

            client::update(
                &client,
                &id,
                Some(1800),
                Some("Updated".into()),
                &task_queue,
            )
            .await?;
            client::trigger(&client, &id).await?;
            let second = result_of_latest(wait_for_actions(&client, &id, 2).await?).await?;
            let run = client::describe(&client, &id)
                .await?
                .recent_actions()
                .last()
                .map(|a| a.workflow_id.clone());
            samples_helper::replay::record(
                &client,
                env!("CARGO_MANIFEST_DIR"),
                "scheduled-run",
                &run.unwrap_or_default(),
                None,
            )
            .await?;
            anyhow::Ok((first, second))
        })
        .await??;
    assert_eq!(
        results,
        ("Hello, World!".to_owned(), "Hello, Updated!".to_owned())
    );
    let d = client::describe(&client, &id).await?;
    assert!(schedules::support::report::format_description(&id, &d).contains("every 1800 s"));
    client::delete(&client, &id).await?;
    Ok(())
}

#[tokio::test]
async fn delete_removes_it_and_list_shows_it_until_then() -> Result<()> {
    let client = test_client().await?.client;
    let id = unique("delete");
    client::create(&client, &id, args("unused-queue", 3600, false)).await?;
    // Listing goes through the visibility store, which may lag a little behind.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !client::list(&client).await?.iter().any(|(s, ..)| *s == id) {
        if Instant::now() > deadline {
            bail!("{id} never appeared in the list");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    client::delete(&client, &id).await?;
    let err = client::describe(&client, &id)
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains(&format!("there is no schedule `{id}`")),
        "{err}"
    );
    Ok(())
}

#[tokio::test]
async fn bad_input_gets_clear_errors() -> Result<()> {
    let client = test_client().await?.client;
    let id = unique("dup");
    client::create(&client, &id, args("unused-queue", 3600, true)).await?;
    let err = client::create(&client, &id, args("unused-queue", 3600, true))
        .await
        .err()
        .map(|e| e.to_string());
    assert!(
        err.as_deref().is_some_and(|e| e.contains("already exists")),
        "{err:?}"
    );
    client::delete(&client, &id).await?;

    let mut bad_cron = args("unused-queue", 3600, true);
    bad_cron.spec = SpecArgs {
        cron: vec!["61 * * * *".into()],
        ..SpecArgs::default()
    };
    let err = client::create(&client, &unique("cron"), bad_cron)
        .await
        .err()
        .map(|e| e.to_string());
    assert!(
        err.as_deref()
            .is_some_and(|e| e.contains("Minute is not in range")),
        "{err:?}"
    );

    let err = client::pause(&client, &unique("missing"), "x")
        .await
        .err()
        .map(|e| e.to_string());
    assert!(
        err.as_deref()
            .is_some_and(|e| e.contains("there is no schedule")),
        "{err:?}"
    );

    let err = client::parse_calendar("hour=9,weekday=MON")
        .err()
        .map(|e| e.to_string());
    assert!(
        err.as_deref()
            .is_some_and(|e| e.contains("unknown calendar field `weekday`")),
        "{err:?}"
    );
    Ok(())
}
