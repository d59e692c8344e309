//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p cancellation worker [--crash-after-items 5]
//! cargo run -p cancellation starter [--cancel-after-ms 2000]
//! cargo run -p cancellation cancel --workflow-id <id>
//! cargo run -p cancellation batch [--items 10 --item-ms 500]
//! ```

use std::{process::ExitCode, time::Duration};

use anyhow::Result;
use cancellation::{
    BATCH_WORKFLOW_ID, BatchInput, CancellationActivities, TASK_QUEUE, WORKFLOW_ID, client,
};
use clap::Subcommand;
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for both workflows.
    Worker {
        /// Task queue to poll.
        #[arg(long, default_value = TASK_QUEUE)]
        task_queue: String,
        /// Abort this worker process after that many batch items (first attempt only), to
        /// watch a retry resume from the last heartbeat.
        #[arg(long)]
        crash_after_items: Option<u32>,
        /// Make never_complete_activity stop heartbeating for this many seconds (a stuck
        /// worker): its heartbeat timeout expires, and after the retries the cleanup runs.
        #[arg(long)]
        stall_heartbeats_secs: Option<u64>,
    },
    /// Start CancellationWorkflow, cancel it after a while, and show how it ended.
    Starter {
        /// Cancel this long after starting, in ms (0: do not cancel; use `cancel` later).
        #[arg(long, default_value_t = 2000)]
        cancel_after_ms: u64,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
        /// Task queue of the worker.
        #[arg(long, default_value = TASK_QUEUE)]
        task_queue: String,
    },
    /// Request cancellation of a running workflow.
    Cancel {
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
        /// A reason, recorded in history.
        #[arg(long, default_value = "cancelled from the command line")]
        reason: String,
    },
    /// Run the resumable batch and print which attempt finished it, from which item.
    Batch {
        /// Items to process.
        #[arg(long, default_value_t = 10)]
        items: u32,
        /// Time per item, in ms.
        #[arg(long, default_value_t = 500)]
        item_ms: u64,
        /// Workflow id.
        #[arg(long, default_value = BATCH_WORKFLOW_ID)]
        workflow_id: String,
        /// Task queue of the worker.
        #[arg(long, default_value = TASK_QUEUE)]
        task_queue: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal cancellation sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let client = &connected.client;
    match command {
        Command::Worker {
            task_queue,
            crash_after_items,
            stall_heartbeats_secs,
        } => {
            samples_helper::Workers::new(
                client,
                cancellation::worker_options(
                    &task_queue,
                    CancellationActivities {
                        crash_after_items,
                        stall_heartbeats: stall_heartbeats_secs.map(Duration::from_secs),
                    },
                )?,
            )
            .run()
            .await
        }
        Command::Starter {
            cancel_after_ms,
            workflow_id,
            task_queue,
        } => {
            let cancel_after = Duration::from_millis(cancel_after_ms);
            client::starter(&connected, &task_queue, &workflow_id, cancel_after).await
        }
        Command::Cancel {
            workflow_id,
            reason,
        } => {
            client::cancel(client, &workflow_id, &reason).await?;
            println!("Cancellation of {workflow_id} requested.");
            Ok(())
        }
        Command::Batch {
            items,
            item_ms,
            workflow_id,
            task_queue,
        } => {
            let input = BatchInput { items, item_ms };
            client::batch(&connected, &task_queue, &workflow_id, input).await?;
            Ok(())
        }
    }
}
