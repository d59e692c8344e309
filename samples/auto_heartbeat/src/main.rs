//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p auto_heartbeat worker
//! cargo run -p auto_heartbeat starter [--cancel-after-secs 5]
//! cargo run -p auto_heartbeat starter --task-queue custom_decorator-no-heartbeat-task-queue
//! ```

use std::{process::ExitCode, time::Duration};

use anyhow::Result;
use auto_heartbeat::{NO_HEARTBEAT_TASK_QUEUE, TASK_QUEUE, WORKFLOW_ID, client};
use clap::Subcommand;
use samples_helper::{ConnectArgs, Workers};

#[derive(Subcommand)]
enum Command {
    /// Run the workflow and the activity: with the automatic heartbeat on the sample's task queue,
    /// without it on a second one.
    Worker,
    /// Start the workflow, wait, signal it to cancel its activity, and print the result.
    Starter {
        /// How long to let the activity run before cancelling it (the Python starter waits 5 s).
        #[arg(long, default_value_t = 5)]
        cancel_after_secs: u64,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
        /// Task queue: the sample's, or the one whose activity does not heartbeat.
        #[arg(long, default_value = TASK_QUEUE)]
        task_queue: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal auto-heartbeat sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let c = &connected.client;
    match command {
        Command::Worker => {
            let options = [
                auto_heartbeat::worker_options(TASK_QUEUE, true)?,
                auto_heartbeat::worker_options(NO_HEARTBEAT_TASK_QUEUE, false)?,
            ];
            Workers::all(c, options).run().await
        }
        Command::Starter {
            cancel_after_secs,
            workflow_id,
            task_queue,
        } => {
            let handle = client::start(c, &task_queue, &workflow_id).await?;
            connected.print_started(&workflow_id, handle.run_id().unwrap_or_default());
            println!("Waiting {cancel_after_secs} s before cancelling the activity");
            let result = client::cancel_after(&handle, Duration::from_secs(cancel_after_secs));
            println!("Result: {}", result.await?);
            Ok(())
        }
    }
}
