//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p patching worker --workflow initial|patched|patch-deprecated|patch-complete
//! cargo run -p patching starter --start-workflow initial-workflow-id
//! cargo run -p patching starter --query-workflow initial-workflow-id
//! cargo run -p patching starter        # the four stages in one go, with in-process workers
//! ```

use std::process::ExitCode;

use anyhow::{Context, Result};
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
            if let Some(id) = &start_workflow {
                let handle = client::start(c, TASK_QUEUE, id).await?;
                let run_id = handle.run_id().unwrap_or_default();
                println!("Started workflow with ID {id} and run ID {run_id}");
                // It completes in milliseconds; waiting makes a following query see its result.
                client::wait(c, id).await?;
            }
            if let Some(id) = &query_workflow {
                let result = client::query_result(c, id)
                    .await
                    .with_context(|| format!("cannot query workflow `{id}`"))?;
                println!("Query result for ID {id}: {result}");
            }
            if start_workflow.is_none() && query_workflow.is_none() {
                let suffix = &uuid::Uuid::new_v4().simple().to_string()[..8];
                let task_queue = format!("patching-walkthrough-{suffix}");
                println!("Deploying the four stages on task queue {task_queue}:");
                for report in client::walkthrough(c, &task_queue, suffix).await? {
                    println!("stage {}:", report.stage.name());
                    for (id, answer) in report.queries {
                        match answer {
                            Ok(result) => println!("  query {id}: {result}"),
                            Err(error) => println!("  query {id}: FAILS: {error}"),
                        }
                    }
                }
            }
            Ok(())
        }
    }
}
