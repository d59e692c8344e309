//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p batch_sliding_window worker [--record-count 90]
//! cargo run -p batch_sliding_window starter [--page-size 5] [--sliding-window-size 10] [--partitions 3]
//! ```

use std::process::ExitCode;

use anyhow::Result;
use batch_sliding_window::{
    ProcessBatchWorkflowInput, RecordLoader, TASK_QUEUE, WORKFLOW_ID_PREFIX, client,
};
use clap::Subcommand;
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the three workflows and the record loader.
    Worker {
        /// How many records the loader pretends to have (Python: 90).
        #[arg(long, default_value_t = 90)]
        record_count: u64,
    },
    /// Start a batch, show the windows' progress, and print the total.
    Starter {
        /// Children started by one window run before it continues as new.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
        page_size: u32,
        /// The most children running at once, over all partitions.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
        sliding_window_size: u32,
        /// How many windows run in parallel.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
        partitions: u32,
        /// The longest a record takes, in ms (default: 1–10 s, as in Python).
        #[arg(long)]
        max_processing_ms: Option<u64>,
        /// Workflow id (default: `batch_sliding_window_example_<timestamp>`, as in Python).
        #[arg(long)]
        workflow_id: Option<String>,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal batch sliding window sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    match command {
        Command::Worker { record_count } => {
            let options =
                batch_sliding_window::worker_options(TASK_QUEUE, RecordLoader { record_count })?;
            samples_helper::Workers::new(&connected.client, options)
                .run()
                .await
        }
        Command::Starter {
            page_size,
            sliding_window_size,
            partitions,
            max_processing_ms,
            workflow_id,
        } => {
            let workflow_id = workflow_id.unwrap_or_else(|| {
                format!(
                    "{WORKFLOW_ID_PREFIX}_{}",
                    chrono::Local::now().format("%Y%m%d_%H%M%S")
                )
            });
            let input = ProcessBatchWorkflowInput {
                page_size,
                sliding_window_size,
                partitions,
                max_processing_ms,
            };
            client::starter(&connected, TASK_QUEUE, &workflow_id, input).await?;
            Ok(())
        }
    }
}
