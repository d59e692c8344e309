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
    time::{Duration, SystemTime},
};

use anyhow::Result;
use clap::{Subcommand, ValueEnum};
use samples_helper::ConnectArgs;
use schedules::{
    SCHEDULE_ID, TASK_QUEUE,
    client::{self, CreateArgs, SpecArgs},
    support::report::format_description,
};
use temporalio_client::schedules::ScheduleOverlapPolicy;

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
    samples_helper::run_cli(
        "Temporal schedules sample: the whole lifecycle of a schedule",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let client = &connected.client;
    match command {
        Command::Worker => {
            samples_helper::Workers::new(client, schedules::worker_options(TASK_QUEUE)?)
                .run()
                .await
        }
        Command::Starter { id, name } => {
            client::lifecycle(client, &id.schedule_id, name, TASK_QUEUE).await
        }
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
                format_description(
                    &id.schedule_id,
                    &client::describe(client, &id.schedule_id).await?
                )
            );
            Ok(())
        }
        Command::Describe { id } => {
            print!(
                "{}",
                format_description(
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
                let (run, result) =
                    client::wait_for_run(client, &id.schedule_id, before + 1).await?;
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
                let started = client::wait_for_backfill(client, &id.schedule_id, before).await?;
                println!("The backfill started {started} run(s)");
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
                format_description(
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
