//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p polling worker [--succeed-on-attempt 5]
//! cargo run -p polling starter --variant frequent|infrequent|periodic
//! ```

use std::{process::ExitCode, sync::Arc, time::Duration};

use anyhow::Result;
use clap::{Subcommand, ValueEnum};
use polling::{
    FREQUENT_TASK_QUEUE, FREQUENT_WORKFLOW_ID, INFREQUENT_TASK_QUEUE, INFREQUENT_WORKFLOW_ID,
    PERIODIC_TASK_QUEUE, PERIODIC_WORKFLOW_ID, PollingInput, client, frequent, infrequent,
    periodic, support::service::FlakyService,
};
use samples_helper::ConnectArgs;

#[derive(Clone, Copy, ValueEnum)]
enum Variant {
    /// A heartbeating activity loops over the service.
    Frequent,
    /// The retry policy (fixed interval) is the loop.
    Infrequent,
    /// A child workflow loops on timers and continues as new.
    Periodic,
}

#[derive(Subcommand)]
enum Command {
    /// Run workers for all three variants (one task queue each) and the flaky service.
    Worker {
        /// The service answers on this call (per workflow), failing before.
        #[arg(long, default_value_t = 5)]
        succeed_on_attempt: u32,
        /// Frequent variant: time between tries inside the activity, in ms.
        #[arg(long, default_value_t = 1000)]
        poll_interval_ms: u64,
    },
    /// Start one variant's workflow and wait for the greeting.
    Starter {
        /// Which variant to run.
        #[arg(long, value_enum, default_value = "frequent")]
        variant: Variant,
        /// Who to greet.
        #[arg(long, default_value = "World")]
        name: String,
        /// Infrequent and periodic variants: time between tries, in ms. With neither this nor
        /// `--tries-per-run`, the starter sends the bare name the Python starters send, and the
        /// worker uses the Python samples' intervals (infrequent: 60 s).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        poll_interval_ms: Option<u64>,
        /// Periodic variant: tries per child run before it continues as new (default 10).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        tries_per_run: Option<u32>,
        /// Workflow id (default: the variant's Python id).
        #[arg(long)]
        workflow_id: Option<String>,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal polling sample: frequent, infrequent and periodic polling",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    match command {
        Command::Worker {
            succeed_on_attempt,
            poll_interval_ms,
        } => {
            println!("The service answers on call {succeed_on_attempt} of each workflow.");
            let options = polling::worker_options(
                Arc::new(FlakyService::new(succeed_on_attempt)),
                Duration::from_millis(poll_interval_ms),
                "",
            )?;
            samples_helper::Workers::all(&connected.client, options)
                .run()
                .await
        }
        Command::Starter {
            variant,
            name,
            poll_interval_ms,
            tries_per_run,
            workflow_id,
        } => {
            let input = match (poll_interval_ms, tries_per_run) {
                (None, None) => PollingInput::Name(name),
                (interval, tries_per_run) => PollingInput::Options {
                    name,
                    poll_interval_ms: interval.unwrap_or(1000),
                    tries_per_run,
                },
            };
            let greeting = match variant {
                Variant::Frequent => {
                    let id = workflow_id.unwrap_or_else(|| FREQUENT_WORKFLOW_ID.to_owned());
                    client::run(
                        &connected,
                        frequent::GreetingWorkflow::run,
                        input,
                        FREQUENT_TASK_QUEUE,
                        &id,
                    )
                    .await?
                }
                Variant::Infrequent => {
                    let id = workflow_id.unwrap_or_else(|| INFREQUENT_WORKFLOW_ID.to_owned());
                    client::run(
                        &connected,
                        infrequent::GreetingWorkflow::run,
                        input,
                        INFREQUENT_TASK_QUEUE,
                        &id,
                    )
                    .await?
                }
                Variant::Periodic => {
                    let id = workflow_id.unwrap_or_else(|| PERIODIC_WORKFLOW_ID.to_owned());
                    client::run(
                        &connected,
                        periodic::GreetingWorkflow::run,
                        input,
                        PERIODIC_TASK_QUEUE,
                        &id,
                    )
                    .await?
                }
            };
            println!("Result: {greeting}");
            Ok(())
        }
    }
}
