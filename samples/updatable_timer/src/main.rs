//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p updatable_timer worker
//! cargo run -p updatable_timer starter [--in-secs 86400] [--move-to-secs 10]
//! cargo run -p updatable_timer update --in-secs 10     # move a running sleep's wake-up time
//! cargo run -p updatable_timer query
//! ```

use std::{process::ExitCode, time::Duration};

use anyhow::Result;
use clap::Subcommand;
use samples_helper::ConnectArgs;
use updatable_timer::{TASK_QUEUE, WORKFLOW_ID, client};

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the workflow.
    Worker,
    /// Start a sleep of a day (as the Python starter does), move its wake-up time to a few
    /// seconds from now (as the Python updater does), and wait for it to wake up.
    Starter {
        /// Initial wake-up time, in seconds from now.
        #[arg(long, default_value_t = 86_400)]
        in_secs: u64,
        /// Then move the wake-up time to this many seconds from now.
        #[arg(long, default_value_t = 10)]
        move_to_secs: u64,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
    /// Move the wake-up time of a running sleep (the Python sample's `wake_up_time_updater`).
    Update {
        /// New wake-up time, in seconds from now.
        #[arg(long, default_value_t = 10)]
        in_secs: u64,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
    /// Print the current wake-up time of a sleep.
    Query {
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal updatable timer sample: a sleep whose wake-up time a signal moves",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let c = &connected.client;
    let from_now = |secs| client::unix_secs_from_now(Duration::from_secs(secs));
    match command {
        Command::Worker => {
            samples_helper::Workers::new(c, updatable_timer::worker_options(TASK_QUEUE)?)
                .run()
                .await
        }
        Command::Starter {
            in_secs,
            move_to_secs,
            workflow_id,
        } => {
            match client::start(c, TASK_QUEUE, &workflow_id, from_now(in_secs)?).await? {
                Some(run_id) => connected.print_started(&workflow_id, &run_id),
                None => println!("Workflow {workflow_id} is already running; using it"),
            }
            println!(
                "Wake-up time: {}",
                updatable_timer::support::describe(client::wake_up_time(c, &workflow_id).await?)
            );
            client::move_wake_up_time(c, &workflow_id, from_now(move_to_secs)?).await?;
            println!(
                "Moved it to:  {}",
                updatable_timer::support::describe(client::wake_up_time(c, &workflow_id).await?)
            );
            client::wait(c, &workflow_id).await?;
            println!("Woke up.");
            Ok(())
        }
        Command::Update {
            in_secs,
            workflow_id,
        } => {
            client::move_wake_up_time(c, &workflow_id, from_now(in_secs)?).await?;
            println!("Moved the wake-up time of {workflow_id} to {in_secs} s from now");
            Ok(())
        }
        Command::Query { workflow_id } => {
            println!(
                "{}",
                updatable_timer::support::describe(client::wake_up_time(c, &workflow_id).await?)
            );
            Ok(())
        }
    }
}
