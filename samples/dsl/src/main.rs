//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p dsl worker
//! cargo run -p dsl starter samples/dsl/workflows/workflow1.yaml
//! ```

use std::{path::PathBuf, process::ExitCode};

use anyhow::Result;
use clap::Subcommand;
use dsl::{TASK_QUEUE, WORKFLOW_ID_PREFIX, client};
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the interpreter and its activities.
    Worker,
    /// Check a YAML definition, run it, and print the final variables.
    Starter {
        /// The definition (e.g. samples/dsl/workflows/workflow2.yaml).
        file: PathBuf,
        /// Workflow id (default: `dsl-workflow-id-<uuid>`, as in Python).
        #[arg(long)]
        workflow_id: Option<String>,
    },
    /// Only check a YAML definition.
    Check {
        /// The definition.
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal DSL sample: a workflow that interprets a YAML definition",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    if let Command::Check { file } = &command {
        client::load(file)?;
        println!("{} is a valid definition", file.display());
        return Ok(());
    }
    let connected = connect.connect().await?;
    let c = &connected.client;
    match command {
        Command::Worker => {
            samples_helper::Workers::new(c, dsl::worker_options(TASK_QUEUE)?)
                .run()
                .await
        }
        Command::Starter { file, workflow_id } => {
            // Checked before anything is started.
            let input = client::load(&file)?;
            let workflow_id = workflow_id
                .unwrap_or_else(|| format!("{WORKFLOW_ID_PREFIX}-{}", uuid::Uuid::new_v4()));
            let handle = client::start(c, TASK_QUEUE, &workflow_id, input).await?;
            connected.print_handle(&handle);
            let variables = client::result(c, &workflow_id).await?;
            println!("Final variables:");
            for (name, value) in &variables {
                match value {
                    serde_json::Value::String(text) => println!("    {name}: {text}"),
                    other => println!("    {name}: {other}"),
                }
            }
            Ok(())
        }
        Command::Check { .. } => Ok(()),
    }
}
