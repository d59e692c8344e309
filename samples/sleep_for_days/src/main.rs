//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p sleep_for_days worker
//! cargo run -p sleep_for_days starter [--period-secs 2 --complete-after-emails 3]
//! cargo run -p sleep_for_days complete --workflow-id <id>
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use samples_helper::ConnectArgs;
use sleep_for_days::{EmailActivities, SleepForDaysInput, TASK_QUEUE, WORKFLOW_ID_PREFIX, client};

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the workflow and the email activity.
    Worker,
    /// Start the workflow, wait for its emails, then complete it with the signal.
    Starter {
        /// Time between emails, in seconds (default: the Python sample's 30 days, sent as no
        /// input at all).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        period_secs: Option<u64>,
        /// Send the `complete` signal once this many emails have gone out (0: never; wait
        /// until `cargo run -p sleep_for_days complete` sends it).
        #[arg(long, default_value_t = 1)]
        complete_after_emails: u32,
        /// Workflow id (default: the Python sample's prefix and a random suffix).
        #[arg(long)]
        workflow_id: Option<String>,
    },
    /// Complete a running workflow.
    Complete {
        /// Workflow id.
        #[arg(long)]
        workflow_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal sleep-for-days sample: a recurring email until a signal completes it",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let c = &connected.client;
    match command {
        Command::Worker => {
            samples_helper::Workers::new(
                c,
                sleep_for_days::worker_options(TASK_QUEUE, EmailActivities::default())?,
            )
            .run()
            .await
        }
        Command::Starter {
            period_secs,
            complete_after_emails,
            workflow_id,
        } => {
            let input =
                period_secs.map_or_else(SleepForDaysInput::default, |secs| SleepForDaysInput {
                    period_ms: secs.saturating_mul(1000),
                });
            let workflow_id = workflow_id
                .unwrap_or_else(|| format!("{WORKFLOW_ID_PREFIX}-{}", uuid::Uuid::new_v4()));
            client::starter(
                &connected,
                TASK_QUEUE,
                &workflow_id,
                input,
                complete_after_emails,
            )
            .await?;
            Ok(())
        }
        Command::Complete { workflow_id } => {
            client::complete(c, &workflow_id).await?;
            println!("Sent the complete signal to {workflow_id}");
            Ok(())
        }
    }
}
