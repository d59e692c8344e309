//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p parallel_activity worker
//! cargo run -p parallel_activity starter [--count 5]
//! cargo run -p parallel_activity first-wins [--delays-ms 4000,300,6000]
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use parallel_activity::{
    FIRST_WINS_WORKFLOW_ID, Greetees, SlowGreeting, TASK_QUEUE, WORKFLOW_ID, client,
};
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for both workflows and the greeting activities.
    Worker,
    /// Greet N users in parallel and print the sorted greetings.
    Starter {
        /// How many users to greet at once.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=1000))]
        count: u16,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
    /// Race slow greetings; the first wins and the others are cancelled.
    FirstWins {
        /// How long each contestant takes, in milliseconds (one contestant per value).
        #[arg(long, value_delimiter = ',', default_value = "4000,300,6000")]
        delays_ms: Vec<u64>,
        /// Workflow id.
        #[arg(long, default_value = FIRST_WINS_WORKFLOW_ID)]
        workflow_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal parallel activities sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    match command {
        Command::Worker => {
            samples_helper::Workers::new(
                &connected.client,
                parallel_activity::worker_options(TASK_QUEUE)?,
            )
            .run()
            .await
        }
        Command::Starter { count, workflow_id } => {
            client::starter(
                &connected,
                TASK_QUEUE,
                &workflow_id,
                Greetees::numbered(count.into()),
            )
            .await?;
            Ok(())
        }
        Command::FirstWins {
            delays_ms,
            workflow_id,
        } => {
            let contestants: Vec<SlowGreeting> = delays_ms
                .iter()
                .enumerate()
                .map(|(i, &delay_ms)| SlowGreeting {
                    name: format!("racer{}", i + 1),
                    delay_ms,
                })
                .collect();
            client::race(&connected, TASK_QUEUE, &workflow_id, contestants).await?;
            Ok(())
        }
    }
}
