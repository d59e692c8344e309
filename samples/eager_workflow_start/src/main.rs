//! Run with (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p eager_workflow_start starter              # its own worker: an eager start
//! cargo run -p eager_workflow_start worker               # or: a worker in another terminal,
//! cargo run -p eager_workflow_start starter --no-worker  # and a start that cannot be eager
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use eager_workflow_start::{TASK_QUEUE, WORKFLOW_ID_PREFIX, client};
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the workflow and its local activity.
    Worker,
    /// Run a worker in this process and start the workflow eagerly on it (Python's `run.py`).
    Starter {
        /// Who to greet.
        #[arg(long, default_value = "Temporal")]
        name: String,
        /// Workflow id (default: `eager-workflow-id-<uuid>`, as in Python).
        #[arg(long)]
        workflow_id: Option<String>,
        /// Do not run a worker here: the eager request then falls back to a normal start, and
        /// a worker elsewhere (`worker`) runs the workflow.
        #[arg(long)]
        no_worker: bool,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal eager workflow start sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let c = &connected.client;
    match command {
        Command::Worker => {
            samples_helper::Workers::new(c, eager_workflow_start::worker_options(TASK_QUEUE)?)
                .run()
                .await
        }
        Command::Starter {
            name,
            workflow_id,
            no_worker,
        } => {
            let workflow_id = workflow_id
                .unwrap_or_else(|| format!("{WORKFLOW_ID_PREFIX}-{}", uuid::Uuid::new_v4()));
            client::starter(&connected, TASK_QUEUE, &workflow_id, &name, no_worker).await?;
            Ok(())
        }
    }
}
