//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p exceptions worker [--workflow-bug]
//! cargo run -p exceptions starter [--non-retryable]
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use exceptions::{GreetingRequest, TASK_QUEUE, WORKFLOW_ID, client};
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the greeting workflow and its always-failing activity.
    Worker {
        /// Ship a bug: the workflow code panics, so its workflow tasks fail and are retried
        /// (the workflow stays running) until a worker without this flag takes over.
        #[arg(long)]
        workflow_bug: bool,
    },
    /// Start the workflow and print the failure chain it ends with.
    Starter {
        /// Who to greet.
        #[arg(long, default_value = "World")]
        name: String,
        /// Make the activity's failure non-retryable: one attempt instead of two.
        #[arg(long)]
        non_retryable: bool,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal exceptions sample: failure chains, retryability, workflow-task bugs",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    match command {
        Command::Worker { workflow_bug } => {
            if workflow_bug {
                println!(
                    "This worker's workflow code has a bug (--workflow-bug): its workflow tasks will fail."
                );
            }
            samples_helper::Workers::new(
                &connected.client,
                exceptions::worker_options(TASK_QUEUE, workflow_bug)?,
            )
            .run()
            .await
        }
        Command::Starter {
            name,
            non_retryable,
            workflow_id,
        } => {
            let request = if non_retryable {
                GreetingRequest::Options {
                    name,
                    non_retryable,
                }
            } else {
                GreetingRequest::Name(name)
            };
            client::starter(&connected, TASK_QUEUE, &workflow_id, request).await
        }
    }
}
