//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p mutex worker
//! cargo run -p mutex starter [--requesters 3] [--hold-ms 1000] [--lease-ms 10000]
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use mutex::client::{self, Contention};
use mutex::{DEFAULT_GRANTS_PER_RUN, RESOURCE_ID, TASK_QUEUE};
use samples_helper::ConnectArgs;
use samples_helper::Workers;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the lock and requester workflows and their activities.
    Worker {
        /// Grants a lock workflow makes before it continues as new.
        #[arg(long, default_value_t = DEFAULT_GRANTS_PER_RUN)]
        grants_per_run: u32,
    },
    /// Start requesters that contend for one resource, and wait for them all.
    Starter {
        /// The resource.
        #[arg(long, default_value = RESOURCE_ID)]
        resource_id: String,
        /// How many requesters.
        #[arg(long, default_value_t = 3)]
        requesters: usize,
        /// Requester workflow ids are `{prefix}-1`, `{prefix}-2`, …
        #[arg(long, default_value = "requester")]
        id_prefix: String,
        /// How long each holds the resource, in milliseconds.
        #[arg(long, default_value_t = 1000)]
        hold_ms: u64,
        /// The lease each asks for, in milliseconds.
        #[arg(long, default_value_t = 10_000)]
        lease_ms: u64,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal mutex sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let client = &connect.connect().await?.client;
    match command {
        Command::Worker { grants_per_run } => {
            let options = mutex::worker_options(client, TASK_QUEUE, grants_per_run)?;
            Workers::new(client, options).run().await
        }
        Command::Starter {
            resource_id,
            requesters,
            id_prefix,
            hold_ms,
            lease_ms,
        } => {
            let contention = Contention {
                resource_id,
                requesters,
                id_prefix,
                hold_ms,
                lease_ms,
            };
            contention.validate()?;
            println!(
                "{} requesters want `{}`, each for {} ms…",
                contention.requesters, contention.resource_id, contention.hold_ms
            );
            let held = client::contend(client, TASK_QUEUE, &contention).await?;
            for h in &held {
                println!(
                    "  grant {}: {} held it for {hold_ms} ms ({})",
                    h.grant, h.requester, h.token
                );
            }
            println!(
                "{} requesters held `{}` in turn.",
                held.len(),
                contention.resource_id
            );
            Ok(())
        }
    }
}
