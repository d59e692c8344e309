//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p safe_message_handlers worker
//! cargo run -p safe_message_handlers starter [--test-continue-as-new]
//! ```

use std::{process::ExitCode, time::Duration};

use anyhow::Result;
use clap::Subcommand;
use safe_message_handlers::{ClusterActivities, TASK_QUEUE, WORKFLOW_ID_PREFIX, client};
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the cluster manager and its activities.
    Worker,
    /// Start a cluster manager and run its lifecycle: assign six jobs, delete them, shut down.
    Starter {
        /// Continue as new every ~120 history events and health-check every second.
        #[arg(long)]
        test_continue_as_new: bool,
        /// Pause between assigning and deleting, in seconds (Python: 1, or 10 with
        /// continue-as-new).
        #[arg(long)]
        delay_secs: Option<u64>,
        /// Workflow id (default: the Python sample's prefix and a random suffix).
        #[arg(long)]
        workflow_id: Option<String>,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal safe message handlers sample: a cluster manager",
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
                safe_message_handlers::worker_options(TASK_QUEUE, ClusterActivities::default())?,
            )
            .run()
            .await
        }
        Command::Starter {
            test_continue_as_new,
            delay_secs,
            workflow_id,
        } => {
            let workflow_id = workflow_id
                .unwrap_or_else(|| format!("{WORKFLOW_ID_PREFIX}-{}", uuid::Uuid::new_v4()));
            println!("Starting cluster");
            let handle = client::start(c, TASK_QUEUE, &workflow_id, test_continue_as_new).await?;
            connected.print_handle(&handle);
            let delay = Duration::from_secs(delay_secs.unwrap_or(if test_continue_as_new {
                10
            } else {
                1
            }));
            client::lifecycle(c, &workflow_id, delay).await?;
            let result = client::result(c, &workflow_id).await?;
            println!(
                "Cluster shut down successfully. It had {} nodes assigned at the end ({} bad).",
                result.num_currently_assigned_nodes, result.num_bad_nodes
            );
            Ok(())
        }
    }
}
