//! The client half: one function per step of a schedule's life. The CLI and the tests call these.

use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result, anyhow, bail};
use futures::StreamExt;
use temporalio_client::{
    Client, RpcOptions, WorkflowGetResultOptions,
    schedules::{
        CreateScheduleOptions, ListSchedulesOptions, ScheduleAction, ScheduleBackfill,
        ScheduleCalendarSpec, ScheduleDescription, ScheduleError, ScheduleHandle,
        ScheduleOverlapPolicy, ScheduleSpec,
    },
    tonic::Code,
};

use crate::{ACTION_WORKFLOW_ID, YourSchedulesWorkflow, support::report::format_description};

// ANCHOR: lesson
/// When a schedule fires.
#[derive(Debug, Clone, Default)]
pub struct SpecArgs {
    /// Every this many seconds.
    pub interval_secs: Option<u64>,
    /// Cron expressions, e.g. `"0 12 * * MON-FRI"`.
    pub cron: Vec<String>,
    /// Calendar rules as `field=range` lists, e.g. `"hour=9,minute=30,day_of_week=MON-FRI"`.
    pub calendar: Vec<String>,
}

impl SpecArgs {
    /// The SDK spec. Without any rule, every 2 minutes (as in the Python sample).
    pub fn to_spec(&self) -> Result<ScheduleSpec> {
        let calendars = self
            .calendar
            .iter()
            .map(|c| parse_calendar(c))
            .collect::<Result<Vec<_>>>()?;
        let mut intervals = Vec::new();
        if let Some(secs) = self.interval_secs {
            anyhow::ensure!(secs > 0, "--interval-secs must be at least 1");
            intervals.push(Duration::from_secs(secs).into());
        }
        if intervals.is_empty() && self.cron.is_empty() && calendars.is_empty() {
            intervals.push(Duration::from_secs(120).into());
        }
        Ok(ScheduleSpec::builder()
            .intervals(intervals)
            .cron_strings(self.cron.clone())
            .calendars(calendars)
            .build())
    }
}

/// Parses `hour=9,minute=30,day_of_week=MON-FRI` into a calendar rule.
pub fn parse_calendar(text: &str) -> Result<ScheduleCalendarSpec> {
    let mut spec = ScheduleCalendarSpec::default();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = part
            .split_once('=')
            .ok_or_else(|| anyhow!("calendar rule `{part}` is not field=range (e.g. hour=9)"))?;
        let field = match key.trim() {
            "second" => &mut spec.second,
            "minute" => &mut spec.minute,
            "hour" => &mut spec.hour,
            "day_of_month" => &mut spec.day_of_month,
            "month" => &mut spec.month,
            "day_of_week" => &mut spec.day_of_week,
            "year" => &mut spec.year,
            other => bail!(
                "unknown calendar field `{other}`: use second, minute, hour, day_of_month, month, day_of_week or year"
            ),
        };
        *field = value.trim().to_owned();
    }
    Ok(spec)
}

/// Everything `create` needs.
#[derive(Debug, Clone)]
pub struct CreateArgs {
    /// When it fires.
    pub spec: SpecArgs,
    /// The workflow argument of each run.
    pub name: String,
    /// The worker's task queue.
    pub task_queue: String,
    /// What to do when a run is due while the previous one still runs.
    pub overlap: ScheduleOverlapPolicy,
    /// How late a missed run may still start (e.g. after server downtime).
    pub catchup_window: Option<Duration>,
    /// A note on the schedule's state.
    pub note: String,
    /// Create it paused.
    pub paused: bool,
}

/// Turns the server's refusals into sentences.
fn explain(schedule_id: &str, e: ScheduleError) -> anyhow::Error {
    match &e {
        ScheduleError::Rpc(status) => match status.code() {
            Code::AlreadyExists => anyhow!(
                "schedule `{schedule_id}` already exists: delete it first, or pick another --schedule-id"
            ),
            Code::NotFound => {
                anyhow!("there is no schedule `{schedule_id}` (see `cargo run -p schedules list`)")
            }
            Code::InvalidArgument => anyhow!(
                "the server rejected schedule `{schedule_id}`: {}",
                status.message()
            ),
            _ => anyhow!("schedule `{schedule_id}`: {}", status.message()),
        },
        _ => anyhow!("schedule `{schedule_id}`: {e}"),
    }
}

fn action(name: &str, task_queue: &str) -> ScheduleAction {
    ScheduleAction::start_workflow(
        YourSchedulesWorkflow::run,
        name.to_owned(),
        task_queue,
        ACTION_WORKFLOW_ID,
    )
}

/// Creates a schedule.
pub async fn create(
    client: &Client,
    schedule_id: &str,
    args: CreateArgs,
) -> Result<ScheduleHandle<Client>> {
    let options = CreateScheduleOptions::builder()
        .action(action(&args.name, &args.task_queue))
        .spec(args.spec.to_spec()?)
        .overlap_policy(args.overlap)
        .paused(args.paused)
        .note(args.note)
        .build();
    let handle = client
        .create_schedule(schedule_id, options)
        .await
        .map_err(|e| explain(schedule_id, e))?;
    if let Some(window) = args.catchup_window {
        // The create call has no catch-up window; set it right after.
        handle
            .update(
                move |u| {
                    u.set_catchup_window(window);
                },
                RpcOptions::default(),
            )
            .await
            .map_err(|e| explain(schedule_id, e))?;
    }
    Ok(handle)
}

/// Describes a schedule.
pub async fn describe(client: &Client, schedule_id: &str) -> Result<ScheduleDescription> {
    client
        .get_schedule_handle(schedule_id)
        .describe(Default::default())
        .await
        .map_err(|e| explain(schedule_id, e))
}

/// Pauses a schedule, recording why.
pub async fn pause(client: &Client, schedule_id: &str, note: &str) -> Result<()> {
    client
        .get_schedule_handle(schedule_id)
        .pause(Some(note), Default::default())
        .await
        .map_err(|e| explain(schedule_id, e))
}

/// Unpauses a schedule, recording why.
pub async fn unpause(client: &Client, schedule_id: &str, note: &str) -> Result<()> {
    client
        .get_schedule_handle(schedule_id)
        .unpause(Some(note), Default::default())
        .await
        .map_err(|e| explain(schedule_id, e))
}

/// Starts a run now (even when paused).
pub async fn trigger(client: &Client, schedule_id: &str) -> Result<()> {
    client
        .get_schedule_handle(schedule_id)
        .trigger(ScheduleOverlapPolicy::AllowAll, Default::default())
        .await
        .map_err(|e| explain(schedule_id, e))
}

/// Runs the schedule as if it had been active from `start` to `end` (both ends included).
pub async fn backfill(
    client: &Client,
    schedule_id: &str,
    start: SystemTime,
    end: SystemTime,
) -> Result<()> {
    anyhow::ensure!(start <= end, "the backfill window starts after it ends");
    let window = ScheduleBackfill::new(start, end)
        .overlap_policy(ScheduleOverlapPolicy::AllowAll)
        .build();
    client
        .get_schedule_handle(schedule_id)
        .backfill([window], Default::default())
        .await
        .map_err(|e| explain(schedule_id, e))
}

/// Changes the interval and/or the workflow argument of future runs.
pub async fn update(
    client: &Client,
    schedule_id: &str,
    interval_secs: Option<u64>,
    name: Option<String>,
    task_queue: &str,
) -> Result<()> {
    anyhow::ensure!(
        interval_secs.is_some() || name.is_some(),
        "nothing to update: pass --interval-secs and/or --name"
    );
    let spec = interval_secs
        .map(|secs| {
            SpecArgs {
                interval_secs: Some(secs),
                ..SpecArgs::default()
            }
            .to_spec()
        })
        .transpose()?;
    let action = name.map(|n| action(&n, task_queue));
    client
        .get_schedule_handle(schedule_id)
        .update(
            move |u| {
                if let Some(spec) = spec {
                    u.set_spec(spec);
                }
                if let Some(action) = action {
                    u.set_action(action);
                }
            },
            RpcOptions::default(),
        )
        .await
        .map_err(|e| explain(schedule_id, e))
}

/// Deletes a schedule (runs it started are not affected).
pub async fn delete(client: &Client, schedule_id: &str) -> Result<()> {
    client
        .get_schedule_handle(schedule_id)
        .delete(Default::default())
        .await
        .map_err(|e| explain(schedule_id, e))
}

/// Every schedule's id, paused state and note.
pub async fn list(client: &Client) -> Result<Vec<(String, bool, String)>> {
    let mut stream = client.list_schedules(ListSchedulesOptions::default());
    let mut out = Vec::new();
    while let Some(entry) = stream.next().await {
        let entry = entry.context("cannot list schedules")?;
        out.push((
            entry.schedule_id().to_owned(),
            entry.paused(),
            entry.note().unwrap_or_default().to_owned(),
        ));
    }
    out.sort();
    Ok(out)
}

/// Waits until the schedule has taken `count` actions, then for the latest run's result; returns
/// the run's workflow id and its result.
pub async fn wait_for_run(
    client: &Client,
    schedule_id: &str,
    count: i64,
) -> Result<(String, String)> {
    let deadline = Instant::now() + Duration::from_secs(30);
    let run = loop {
        let d = describe(client, schedule_id).await?;
        // `recent_actions` holds the runs the schedule started, oldest first.
        if d.action_count() >= count
            && let Some(last) = d.recent_actions().last()
        {
            break last.workflow_id.clone();
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "the schedule did not start a run within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    // A scheduled run is an ordinary workflow: its handle is found by its id.
    let result = client
        .get_workflow_handle::<YourSchedulesWorkflow>(&run)
        .get_result(WorkflowGetResultOptions::default())
        .await?;
    Ok((run, result))
}

/// Waits until the runs a backfill starts have started (they start asynchronously: until the
/// action count has not moved for two seconds, at most 30 s); returns how many there were.
pub async fn wait_for_backfill(client: &Client, schedule_id: &str, before: i64) -> Result<i64> {
    let mut count = before;
    let mut stable_since = Instant::now();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline && stable_since.elapsed() < Duration::from_secs(2) {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let now = describe(client, schedule_id).await?.action_count();
        if now != count {
            count = now;
            stable_since = Instant::now();
        }
    }
    Ok(count - before)
}

/// The lesson end to end, printing each step: create (every 2 minutes) → describe → trigger →
/// wait for the run → delete. The schedule is deleted whatever happens after it was created, so
/// a failed run leaves no schedule behind.
pub async fn lifecycle(
    client: &Client,
    schedule_id: &str,
    name: String,
    task_queue: &str,
) -> Result<()> {
    let args = CreateArgs {
        spec: SpecArgs {
            interval_secs: Some(120),
            ..SpecArgs::default()
        },
        name,
        task_queue: task_queue.to_owned(),
        overlap: ScheduleOverlapPolicy::Skip,
        catchup_window: None,
        note: "created by the schedules sample's starter".to_owned(),
        paused: false,
    };
    create(client, schedule_id, args).await?;
    println!("1. Created schedule {schedule_id} (every 2 minutes)");
    let outcome = async {
        let description = describe(client, schedule_id).await?;
        println!("2. Described it:");
        print!("{}", format_description(schedule_id, &description));
        let before = description.action_count();
        trigger(client, schedule_id).await?;
        println!("3. Triggered a run now");
        let (run, result) = wait_for_run(client, schedule_id, before + 1).await?;
        println!("4. Run {run} returned: {result}");
        anyhow::Ok(())
    }
    .await;
    let deleted = delete(client, schedule_id).await;
    if deleted.is_ok() {
        println!("5. Deleted schedule {schedule_id}");
    }
    outcome.and(deleted)
}
// ANCHOR_END: lesson
