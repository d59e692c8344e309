//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p worker_specific_task_queues worker        # start two or more
//! cargo run -p worker_specific_task_queues starter
//! ```

use std::{path::PathBuf, process::ExitCode, time::Duration};

use anyhow::Result;
use clap::Subcommand;
use samples_helper::ConnectArgs;
use worker_specific_task_queues::{
    DISTRIBUTION_TASK_QUEUE, FileActivities, WORKFLOW_ID_PREFIX, client, new_host_task_queue,
};

#[derive(Subcommand)]
enum Command {
    /// Run one host's workers: the shared queue, and a queue of its own for the file steps.
    Worker {
        /// Where this worker keeps downloaded files.
        #[arg(long, default_value_os_t = std::env::temp_dir().join("worker_specific_task_queues"))]
        dir: PathBuf,
        /// This worker's own queue (default: `worker_specific_task_queue-host-<uuid>`, new on
        /// every start; a fixed name lets a restarted worker resume its pending steps).
        #[arg(long)]
        host_task_queue: Option<String>,
        /// How long each file step takes, in milliseconds (Python: 3000).
        #[arg(long, default_value_t = 3000)]
        delay_ms: u64,
        /// Make processing fail, to see the clean-up run anyway.
        #[arg(long)]
        fail_processing: bool,
    },
    /// Start ten workflows and print their checksums and the queue their file steps used.
    Starter {
        /// How many workflows.
        #[arg(long, default_value_t = 10, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1000))]
        count: usize,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal worker-specific task queues sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let c = &connected.client;
    match command {
        Command::Worker {
            dir,
            host_task_queue,
            delay_ms,
            fail_processing,
        } => {
            let files = FileActivities {
                root: dir,
                host_task_queue: host_task_queue.unwrap_or_else(new_host_task_queue),
                delay: Duration::from_millis(delay_ms),
                fail_processing,
            };
            let options =
                worker_specific_task_queues::worker_options(DISTRIBUTION_TASK_QUEUE, files)?;
            samples_helper::Workers::all(c, options).run().await
        }
        Command::Starter { count } => {
            let ids: Vec<String> = (0..count)
                .map(|i| format!("{WORKFLOW_ID_PREFIX}-{i}"))
                .collect();
            for id in &ids {
                let handle = client::start(c, DISTRIBUTION_TASK_QUEUE, id).await?;
                connected.print_handle(&handle);
                // As in Python: a little apart, so several workers get a share.
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let checksums =
                futures::future::try_join_all(ids.iter().map(|id| client::result(c, id))).await?;
            println!("Output checksums:");
            for checksum in &checksums {
                println!("{checksum}");
            }
            println!("Where each workflow's file steps ran:");
            for id in &ids {
                let routes = client::routes(c, id).await?;
                let hosts: std::collections::BTreeSet<&str> = routes
                    .iter()
                    .filter(|(activity, _)| activity != "get_available_task_queue")
                    .map(|(_, queue)| queue.as_str())
                    .collect();
                let hosts: Vec<&str> = hosts.into_iter().collect();
                println!(
                    "  {id}: {} file steps on {}",
                    routes.len() - 1,
                    hosts.join(", ")
                );
            }
            Ok(())
        }
    }
}
