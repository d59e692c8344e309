//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p continue_as_new worker
//! cargo run -p continue_as_new starter [--iterations 10] [--interval-ms 1000]
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use continue_as_new::{LoopInput, LoopState, TASK_QUEUE, WORKFLOW_ID, client};
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the looping workflow.
    Worker,
    /// Start the loop and wait for the final run; print the state it carried.
    Starter {
        /// Number of runs before the workflow completes (default: Python's 10). With neither this
        /// nor `--interval-ms`, the starter sends the bare `0` the Python starter sends.
        #[arg(long)]
        iterations: Option<u32>,
        /// Timer per run, in milliseconds (default: Python's 1000).
        #[arg(long)]
        interval_ms: Option<u64>,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal continue-as-new sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    match command {
        Command::Worker => {
            samples_helper::Workers::new(
                &connected.client,
                continue_as_new::worker_options(TASK_QUEUE)?,
            )
            .run()
            .await
        }
        Command::Starter {
            iterations,
            interval_ms,
            workflow_id,
        } => {
            let input = match (iterations, interval_ms) {
                (None, None) => LoopInput::Iteration(0),
                (until, interval) => LoopInput::State(LoopState::start(
                    until.unwrap_or(10),
                    interval.unwrap_or(1000),
                )),
            };
            client::starter(&connected, TASK_QUEUE, &workflow_id, input).await?;
            Ok(())
        }
    }
}
