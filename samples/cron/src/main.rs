//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p cron worker
//! cargo run -p cron starter [--cron "@every 2s"] [--runs 3]
//! ```

use std::{process::ExitCode, time::Duration};

use anyhow::Result;
use clap::Subcommand;
use cron::{EVERY_MINUTE, TASK_QUEUE, WORKFLOW_ID, client};
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the workflow and its activity.
    Worker,
    /// Start the workflow on a cron schedule, wait for some runs, then stop it.
    Starter {
        /// The cron schedule (Python: every minute). `@every 2s` runs quickly.
        #[arg(long, default_value = EVERY_MINUTE)]
        cron: String,
        /// Stop after this many completed runs (0: leave it running).
        #[arg(long, default_value_t = 2)]
        runs: usize,
        /// Who to greet.
        #[arg(long, default_value = "World")]
        name: String,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal cron sample: a workflow started on a cron schedule",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let c = &connected.client;
    match command {
        Command::Worker => {
            samples_helper::Workers::new(c, cron::worker_options(TASK_QUEUE)?)
                .run()
                .await
        }
        Command::Starter {
            cron,
            runs,
            name,
            workflow_id,
        } => {
            let handle = client::start(c, TASK_QUEUE, &workflow_id, &cron, &name).await?;
            connected.print_handle(&handle);
            println!("Running workflow on cron schedule `{cron}`");
            if runs == 0 {
                println!(
                    "Left running: stop it with `temporal workflow terminate --workflow-id {workflow_id}`"
                );
                return Ok(());
            }
            // Generous: a "* * * * *" tick can be a minute away.
            let within = Duration::from_secs(90) * u32::try_from(runs).unwrap_or(u32::MAX);
            let completed = client::wait_for_completed_runs(c, &workflow_id, runs, within).await?;
            for (n, run) in completed.iter().enumerate() {
                println!("  run {}: {run} completed", n + 1);
            }
            client::stop(c, &workflow_id).await?;
            println!("Stopped the cron (terminated the waiting run)");
            Ok(())
        }
    }
}
