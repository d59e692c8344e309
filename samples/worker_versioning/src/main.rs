//! Run with (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p worker_versioning starter                      # everything, in-process
//! cargo run -p worker_versioning worker --build-id 1.0        # or: one terminal per version …
//! cargo run -p worker_versioning starter --external-workers   # … and the starter waits for them
//! ```

use std::{process::ExitCode, time::Duration};

use anyhow::Result;
use clap::Subcommand;
use samples_helper::ConnectArgs;
use worker_versioning::{
    DEPLOYMENT_NAME, PINNED_TASK_QUEUE, TASK_QUEUE,
    client::{self, Executions, Setup},
};

#[derive(Subcommand)]
enum Command {
    /// Run the workers of one deployment version (1.0, 1.1 or 2.0).
    Worker {
        /// The version's build id.
        #[arg(long)]
        build_id: String,
        /// The deployment's name.
        #[arg(long, default_value = DEPLOYMENT_NAME, value_parser = clap::builder::NonEmptyStringValueParser::new())]
        deployment_name: String,
    },
    /// Make 1.0, 1.1 and 2.0 current in turn, driving a pinned and an auto-upgrading workflow,
    /// and print which version each ran on.
    Starter {
        /// Wait for worker processes you start (`worker --build-id …`) instead of running the
        /// versions' workers in this process.
        #[arg(long)]
        external_workers: bool,
        /// The deployment's name (default: a fresh one per in-process run, `my-deployment`
        /// with external workers).
        #[arg(long, value_parser = clap::builder::NonEmptyStringValueParser::new())]
        deployment_name: Option<String>,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal worker versioning sample: deployments 1.0 → 1.1 → 2.0",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let c = &connected.client;
    match command {
        Command::Worker {
            build_id,
            deployment_name,
        } => {
            println!("Workers of {deployment_name} {build_id}");
            let options = worker_versioning::worker_options(
                &deployment_name,
                &build_id,
                TASK_QUEUE,
                PINNED_TASK_QUEUE,
            )?;
            samples_helper::Workers::all(c, options).run().await
        }
        Command::Starter {
            external_workers,
            deployment_name,
        } => {
            let e = Executions::new();
            let report = if external_workers {
                let s = Setup {
                    deployment_name: deployment_name.unwrap_or_else(|| DEPLOYMENT_NAME.to_owned()),
                    task_queue: TASK_QUEUE.to_owned(),
                    pinned_task_queue: PINNED_TASK_QUEUE.to_owned(),
                    wait_for_workers: Duration::from_secs(600),
                };
                let mut report = client::Report::new();
                for (build_id, step) in ["1.0", "1.1", "2.0"].into_iter().enumerate() {
                    println!(
                        "Waiting for {} {step}: run `cargo run -p worker_versioning worker --build-id {step}`",
                        s.deployment_name
                    );
                    match build_id {
                        0 => client::step_1(c, &s, &e, &mut report).await?,
                        1 => client::step_2(c, &s, &e, &mut report).await?,
                        _ => client::step_3(c, &s, &e, &mut report).await?,
                    }
                }
                report
            } else {
                // A fresh deployment and task queues, so earlier runs (whose pinned workflows
                // may still wait for their version) cannot interfere.
                let suffix = &uuid::Uuid::new_v4().simple().to_string()[..8];
                let s = Setup {
                    deployment_name: deployment_name
                        .unwrap_or_else(|| format!("{DEPLOYMENT_NAME}-{suffix}")),
                    task_queue: format!("{TASK_QUEUE}-{suffix}"),
                    pinned_task_queue: format!("{PINNED_TASK_QUEUE}-{suffix}"),
                    wait_for_workers: Duration::from_secs(60),
                };
                println!("Deployment {} (in-process workers)", s.deployment_name);
                client::walkthrough_in_process(c, &s, &e).await?
            };
            for (step, executions) in report {
                println!("{step}:");
                for (id, build_id, behavior) in executions {
                    println!("  {id}: on {build_id} ({behavior})");
                }
            }
            Ok(())
        }
    }
}
