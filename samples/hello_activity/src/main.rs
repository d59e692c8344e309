//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p hello_activity worker [--async]
//! cargo run -p hello_activity starter [--name Temporal]
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use hello_activity::{ActivityKind, TASK_QUEUE, WORKFLOW_ID, client};
use samples_helper::{ConnectArgs, Workers};

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the greeting workflow and its activity.
    Worker {
        /// Register the `async fn` activity instead of the plain `fn` one.
        #[arg(long = "async")]
        use_async: bool,
    },
    /// Start the workflow and print its result.
    Starter {
        /// Who to greet.
        #[arg(long, default_value = "World")]
        name: String,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal hello activity sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    match command {
        Command::Worker { use_async } => {
            let kind = if use_async {
                ActivityKind::Async
            } else {
                ActivityKind::Blocking
            };
            let options = hello_activity::worker_options(TASK_QUEUE, kind)?;
            Workers::new(&connected.client, options).run().await
        }
        Command::Starter { name, workflow_id } => {
            client::starter(&connected, TASK_QUEUE, &workflow_id, &name).await?;
            Ok(())
        }
    }
}
