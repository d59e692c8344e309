//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p continue_as_new worker
//! cargo run -p continue_as_new starter [--iterations 10] [--interval-ms 1000]
//! ```

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use continue_as_new::{LoopInput, LoopState, LoopingWorkflow, TASK_QUEUE, WORKFLOW_ID};
use samples_helper::ConnectArgs;
use temporalio_client::{WorkflowGetResultOptions, WorkflowStartOptions};

#[derive(Parser)]
#[command(about = "Temporal continue-as-new sample")]
struct Cli {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the looping workflow.
    Worker {
        /// Task queue to poll.
        #[arg(long, default_value = TASK_QUEUE)]
        task_queue: String,
    },
    /// Start the loop and wait for the final run's result.
    Starter {
        /// Number of runs before the workflow completes.
        #[arg(long, default_value_t = 10)]
        iterations: u32,
        /// Timer per run, in milliseconds.
        #[arg(long, default_value_t = 1000)]
        interval_ms: u64,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
        /// Task queue of the worker.
        #[arg(long, default_value = TASK_QUEUE)]
        task_queue: String,
    },
}

fn main() -> ExitCode {
    samples_helper::exit_report(app())
}

#[tokio::main]
async fn app() -> Result<()> {
    samples_helper::init_tracing();
    let cli = Cli::parse();
    let connected = cli.connect.connect().await?;
    match cli.command {
        Command::Worker { task_queue } => {
            samples_helper::run_worker(
                &connected.client,
                continue_as_new::worker_options(&task_queue)?,
            )
            .await
        }
        Command::Starter {
            iterations,
            interval_ms,
            workflow_id,
            task_queue,
        } => {
            let input = LoopInput::State(LoopState::start(iterations, interval_ms));
            let options = WorkflowStartOptions::new(&task_queue, &workflow_id).build();
            let handle = connected
                .client
                .start_workflow(LoopingWorkflow::run, input, options)
                .await
                .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
            connected.print_started(&workflow_id, handle.run_id().unwrap_or_default());
            println!(
                "Waiting for {iterations} runs of {interval_ms} ms (follow them in the Web UI)…"
            );
            // `follow_runs` (the default) follows the chain of continue-as-new runs to the end.
            let last = handle
                .get_result(WorkflowGetResultOptions::default())
                .await?;
            println!(
                "Final run: iteration {} with running total {} (carried across {} continue-as-new)",
                last.iteration, last.total, last.iteration
            );
            Ok(())
        }
    }
}
