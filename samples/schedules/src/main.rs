//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p schedules worker
//! cargo run -p schedules starter   # create → describe → trigger → wait for the run → delete
//! cargo run -p schedules create [--interval-secs 120 | --cron "0 12 * * MON-FRI" | --calendar hour=9,day_of_week=MON-FRI]
//! cargo run -p schedules describe | list | pause | unpause | trigger | backfill | update | delete
//! ```

use std::{
    process::ExitCode,
    time::{Duration, Instant, SystemTime},
};

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use samples_helper::ConnectArgs;
use schedules::{
    SCHEDULE_ID, TASK_QUEUE, YourSchedulesWorkflow,
    client::{self, CreateArgs, SpecArgs},
};
use temporalio_client::{Client, WorkflowGetResultOptions, schedules::ScheduleOverlapPolicy};

#[derive(Parser)]
#[command(about = "Temporal schedules sample: the whole lifecycle of a schedule")]
struct Cli {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Overlap {
    /// Skip a run while the previous one still runs (the server's default).
    Skip,
    /// Run it after the current one.
    BufferOne,
    /// Queue them all.
    BufferAll,
    /// Cancel the running one.
    CancelOther,
    /// Terminate the running one.
    TerminateOther,
    /// Run them concurrently.
    AllowAll,
}

impl From<Overlap> for ScheduleOverlapPolicy {
    fn from(o: Overlap) -> Self {
        match o {
            Overlap::Skip => Self::Skip,
            Overlap::BufferOne => Self::BufferOne,
            Overlap::BufferAll => Self::BufferAll,
            Overlap::CancelOther => Self::CancelOther,
            Overlap::TerminateOther => Self::TerminateOther,
            Overlap::AllowAll => Self::AllowAll,
        }
    }
}

#[derive(clap::Args)]
struct Id {
    /// The schedule's id.
    #[arg(long, default_value = SCHEDULE_ID)]
    schedule_id: String,
}

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the scheduled workflow.
    Worker,
    /// The lesson end to end: create a schedule, describe it, trigger a run, wait for the run's
    /// result, delete the schedule.
    Starter {
        #[command(flatten)]
        id: Id,
        /// The argument each run receives.
        #[arg(long, default_value = "World")]
        name: String,
    },
    /// Create a schedule (default: every 2 minutes).
    Create {
        #[command(flatten)]
        id: Id,
        /// Run every this many seconds.
        #[arg(long)]
        interval_secs: Option<u64>,
        /// Run on a cron expression (repeatable).
        #[arg(long)]
        cron: Vec<String>,
        /// Run on a calendar rule like `hour=9,minute=30,day_of_week=MON-FRI` (repeatable).
        #[arg(long)]
        calendar: Vec<String>,
        /// What to do when a run is due while the previous one still runs.
        #[arg(long, value_enum, default_value = "skip")]
        overlap: Overlap,
        /// Start missed runs up to this late (e.g. after server downtime), in seconds.
        #[arg(long)]
        catchup_window_secs: Option<u64>,
        /// A note on the schedule.
        #[arg(long, default_value = "created by the Rust schedules sample")]
        note: String,
        /// Create it paused.
        #[arg(long)]
        paused: bool,
        /// The argument each run receives.
        #[arg(long, default_value = "World")]
        name: String,
    },
    /// Show the spec, state, note, next run times and recent actions.
    Describe {
        #[command(flatten)]
        id: Id,
    },
    /// List all schedules.
    List,
    /// Pause, with a note saying why.
    Pause {
        #[command(flatten)]
        id: Id,
        /// Why.
        #[arg(long, default_value = "paused from the command line")]
        note: String,
    },
    /// Unpause, with a note.
    Unpause {
        #[command(flatten)]
        id: Id,
        /// Why.
        #[arg(long, default_value = "unpaused from the command line")]
        note: String,
    },
    /// Start a run now.
    Trigger {
        #[command(flatten)]
        id: Id,
        /// Wait for the run and print its result.
        #[arg(long)]
        wait: bool,
    },
    /// Run what the schedule would have run over a past window (both ends included).
    Backfill {
        #[command(flatten)]
        id: Id,
        /// The window: the last this many minutes.
        #[arg(long, default_value_t = 10)]
        last_minutes: u64,
        /// Wait until the backfilled runs have started and print how many.
        #[arg(long)]
        wait: bool,
    },
    /// Change the interval and/or the argument of future runs.
    Update {
        #[command(flatten)]
        id: Id,
        /// New interval in seconds.
        #[arg(long)]
        interval_secs: Option<u64>,
        /// New argument for future runs.
        #[arg(long)]
        name: Option<String>,
    },
    /// Delete the schedule (runs it started are not affected).
    Delete {
        #[command(flatten)]
        id: Id,
    },
}

fn main() -> ExitCode {
    samples_helper::exit_report(app())
}

#[tokio::main]
async fn app() -> Result<()> {
    samples_helper::init_tracing();
    let cli = Cli::parse();
    let connected = cli.connect.connect().await?;
    let client = &connected.client;
    match cli.command {
        Command::Worker => {
            samples_helper::Workers::new(client, schedules::worker_options(TASK_QUEUE)?)
                .run()
                .await
        }
        Command::Starter { id, name } => starter(client, &id.schedule_id, name).await,
        Command::Create {
            id,
            interval_secs,
            cron,
            calendar,
            overlap,
            catchup_window_secs,
            note,
            paused,
            name,
        } => {
            let args = CreateArgs {
                spec: SpecArgs {
                    interval_secs,
                    cron,
                    calendar,
                },
                name,
                task_queue: TASK_QUEUE.to_owned(),
                overlap: overlap.into(),
                catchup_window: catchup_window_secs.map(Duration::from_secs),
                note,
                paused,
            };
            client::create(client, &id.schedule_id, args).await?;
            println!(
                "Created schedule {}{}",
                id.schedule_id,
                if paused { " (paused)" } else { "" }
            );
            print!(
                "{}",
                client::format_description(
                    &id.schedule_id,
                    &client::describe(client, &id.schedule_id).await?
                )
            );
            Ok(())
        }
        Command::Describe { id } => {
            print!(
                "{}",
                client::format_description(
                    &id.schedule_id,
                    &client::describe(client, &id.schedule_id).await?
                )
            );
            Ok(())
        }
        Command::List => {
            let all = client::list(client).await?;
            println!("{} schedule(s)", all.len());
            for (schedule_id, paused, note) in all {
                println!(
                    "  {schedule_id:<32} {:<7} {note}",
                    if paused { "paused" } else { "active" }
                );
            }
            Ok(())
        }
        Command::Pause { id, note } => {
            client::pause(client, &id.schedule_id, &note).await?;
            println!("Paused {} (note: {note})", id.schedule_id);
            Ok(())
        }
        Command::Unpause { id, note } => {
            client::unpause(client, &id.schedule_id, &note).await?;
            println!("Unpaused {} (note: {note})", id.schedule_id);
            Ok(())
        }
        Command::Trigger { id, wait } => {
            let before = client::describe(client, &id.schedule_id)
                .await?
                .action_count();
            client::trigger(client, &id.schedule_id).await?;
            println!("Triggered {}", id.schedule_id);
            if wait {
                let run = wait_for_actions(client, &id.schedule_id, before + 1).await?;
                let result = client
                    .get_workflow_handle::<YourSchedulesWorkflow>(&run)
                    .get_result(WorkflowGetResultOptions::default())
                    .await?;
                println!("Run {run} returned: {result}");
            }
            Ok(())
        }
        Command::Backfill {
            id,
            last_minutes,
            wait,
        } => {
            let before = client::describe(client, &id.schedule_id)
                .await?
                .action_count();
            let end = SystemTime::now();
            let start = end - Duration::from_secs(last_minutes * 60);
            client::backfill(client, &id.schedule_id, start, end).await?;
            println!(
                "Backfill of the last {last_minutes} minutes requested for {}",
                id.schedule_id
            );
            if wait {
                // Backfilled runs start asynchronously: wait until the count settles.
                let mut count = before;
                let mut stable_since = Instant::now();
                let deadline = Instant::now() + Duration::from_secs(30);
                while Instant::now() < deadline && stable_since.elapsed() < Duration::from_secs(2) {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    let now = client::describe(client, &id.schedule_id)
                        .await?
                        .action_count();
                    if now != count {
                        count = now;
                        stable_since = Instant::now();
                    }
                }
                println!("The backfill started {} run(s)", count - before);
            }
            Ok(())
        }
        Command::Update {
            id,
            interval_secs,
            name,
        } => {
            client::update(client, &id.schedule_id, interval_secs, name, TASK_QUEUE).await?;
            println!("Updated {}", id.schedule_id);
            print!(
                "{}",
                client::format_description(
                    &id.schedule_id,
                    &client::describe(client, &id.schedule_id).await?
                )
            );
            Ok(())
        }
        Command::Delete { id } => {
            client::delete(client, &id.schedule_id).await?;
            println!("Deleted {}", id.schedule_id);
            Ok(())
        }
    }
}

/// Create → describe → trigger → wait for the run → delete, printing each step. The schedule is
/// deleted whatever happens after it was created, so a failed run leaves no schedule behind.
async fn starter(client: &Client, schedule_id: &str, name: String) -> Result<()> {
    let args = CreateArgs {
        spec: SpecArgs {
            interval_secs: Some(120),
            cron: Vec::new(),
            calendar: Vec::new(),
        },
        name,
        task_queue: TASK_QUEUE.to_owned(),
        overlap: ScheduleOverlapPolicy::Skip,
        catchup_window: None,
        note: "created by the schedules sample's starter".to_owned(),
        paused: false,
    };
    client::create(client, schedule_id, args).await?;
    println!("1. Created schedule {schedule_id} (every 2 minutes)");
    let outcome = async {
        let description = client::describe(client, schedule_id).await?;
        println!("2. Described it:");
        print!("{}", client::format_description(schedule_id, &description));
        let before = description.action_count();
        client::trigger(client, schedule_id).await?;
        println!("3. Triggered a run now");
        let run = wait_for_actions(client, schedule_id, before + 1).await?;
        let result = client
            .get_workflow_handle::<YourSchedulesWorkflow>(&run)
            .get_result(WorkflowGetResultOptions::default())
            .await?;
        println!("4. Run {run} returned: {result}");
        anyhow::Ok(())
    }
    .await;
    let deleted = client::delete(client, schedule_id).await;
    if deleted.is_ok() {
        println!("5. Deleted schedule {schedule_id}");
    }
    outcome.and(deleted)
}

/// Waits until the schedule has taken `count` actions; returns the latest run's workflow id.
async fn wait_for_actions(client: &Client, schedule_id: &str, count: i64) -> Result<String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let d = client::describe(client, schedule_id).await?;
        if d.action_count() >= count
            && let Some(last) = d.recent_actions().last()
        {
            return Ok(last.workflow_id.clone());
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "the schedule did not start a run within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
