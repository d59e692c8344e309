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
            let run = async {
                let handle = client::start_eagerly(c, TASK_QUEUE, &workflow_id, &name).await?;
                connected.print_handle(&handle);
                let result = client::result(c, &workflow_id).await?;
                anyhow::Ok(result)
            };
            let result = if no_worker {
                run.await?
            } else {
                // The worker must run on this same client: that is how the start request finds
                // a workflow-task slot to hand the first task to.
                samples_helper::Workers::new(c, eager_workflow_start::worker_options(TASK_QUEUE)?)
                    .run_while(run)
                    .await??
            };
            let first = client::first_task(c, &workflow_id).await?;
            println!("Workflow eagerly started: {}", first.eager);
            println!(
                "First workflow task: scheduled-to-started in {:.1} ms, started by {}",
                first.schedule_to_start.as_secs_f64() * 1000.0,
                if first.started_by.is_empty() {
                    "the start request (no poll)".to_owned()
                } else {
                    format!("a poll from worker `{}`", first.started_by)
                }
            );
            println!("{result}");
            Ok(())
        }
    }
}
