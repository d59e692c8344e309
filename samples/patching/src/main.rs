//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p patching worker --workflow initial|patched|patch-deprecated|patch-complete
//! cargo run -p patching starter --start-workflow initial-workflow-id
//! cargo run -p patching starter --query-workflow initial-workflow-id
//! cargo run -p patching starter        # the four stages in one go, with in-process workers
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use patching::{Stage, TASK_QUEUE, client};
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker with one stage's code.
    Worker {
        /// Which deployment of the workflow's code.
        #[arg(long, value_parser = stage())]
        workflow: Stage,
    },
    /// Start and/or query a workflow (as the Python starter). With neither flag, walk through the
    /// four deployments with in-process workers and show what each can still run.
    Starter {
        /// Start a workflow with this id (and wait for it to complete: a few milliseconds).
        #[arg(long)]
        start_workflow: Option<String>,
        /// Query the result of the workflow with this id.
        #[arg(long)]
        query_workflow: Option<String>,
    },
}

/// `initial`, `patched`, `patch-deprecated` or `patch-complete` (clap lists and checks them).
fn stage() -> impl TypedValueParser<Value = Stage> {
    PossibleValuesParser::new(Stage::ALL.map(Stage::name)).try_map(|name| {
        Stage::ALL
            .into_iter()
            .find(|s| s.name() == name)
            .ok_or("no such stage")
    })
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal patching sample: change workflow code while executions run",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let c = &connected.client;
    match command {
        Command::Worker { workflow } => {
            println!("Running the `{}` code of MyWorkflow", workflow.name());
            samples_helper::Workers::new(c, patching::worker_options(TASK_QUEUE, workflow)?)
                .run()
                .await
        }
        Command::Starter {
            start_workflow,
            query_workflow,
        } => {
            client::starter(
                c,
                TASK_QUEUE,
                start_workflow.as_deref(),
                query_workflow.as_deref(),
            )
            .await
        }
    }
}
