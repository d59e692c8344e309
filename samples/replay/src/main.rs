//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p replay worker
//! cargo run -p replay starter
//! cargo run -p replay replayer [--query "WorkflowId = 'replayer-workflow-id'"] [--with-incompatible-change]
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};
use replay::{Code, TASK_QUEUE, WORKFLOW_ID, client};
use samples_helper::Workers;

#[derive(Parser)]
#[command(about = "Temporal replay sample")]
struct Cli {
    #[command(flatten)]
    connect: samples_helper::ConnectArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the three workflows and the activity.
    Worker,
    /// Run JustActivity, JustTimer and TimerThenActivity under one workflow id, as the Python
    /// starter does.
    Starter {
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
    /// Fetch the histories matching a visibility query and replay them against this code.
    Replayer {
        /// Visibility query (default: the starter's workflow id).
        #[arg(long)]
        query: Option<String>,
        /// Replay against `JustActivity` with a timer added before its activity: the change that
        /// must be caught.
        #[arg(long)]
        with_incompatible_change: bool,
    },
}

fn main() -> ExitCode {
    samples_helper::exit_report(samples_helper::runtime().and_then(|rt| rt.block_on(app())))
}

async fn app() -> Result<()> {
    let cli = Cli::parse();
    // The replayer reports each failure itself; the SDK's log of the same failed workflow task
    // (a debug dump of the failure) would only repeat it.
    if !matches!(cli.command, Command::Replayer { .. }) {
        samples_helper::init_tracing();
    }
    let connected = cli.connect.connect().await?;
    let client = &connected.client;
    match cli.command {
        Command::Worker => {
            Workers::new(client, replay::worker_options(TASK_QUEUE)?)
                .run()
                .await
        }
        Command::Starter { workflow_id } => {
            for (workflow_type, result) in
                client::run_all(client, TASK_QUEUE, &workflow_id, "replayer").await?
            {
                println!("{workflow_type} Workflow result: {result}");
            }
            Ok(())
        }
        Command::Replayer {
            query,
            with_incompatible_change,
        } => {
            let query = query.unwrap_or_else(|| replay::workflow_id_query(WORKFLOW_ID));
            let code = if with_incompatible_change {
                Code::WithIncompatibleChange
            } else {
                Code::Current
            };
            client::replayer(client, &query, code).await?;
            Ok(())
        }
    }
}
