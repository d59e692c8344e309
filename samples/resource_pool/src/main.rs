//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p resource_pool worker [--use-ms 3000]
//! cargo run -p resource_pool starter [--users 4] [--resources resource_a,resource_b]
//! ```

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::Subcommand;
use resource_pool::{TASK_QUEUE, client};
use samples_helper::ConnectArgs;
use samples_helper::Workers;
use temporalio_client::WorkflowTerminateOptions;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the pool and user workflows and their activities.
    Worker {
        /// How long one use of a resource takes, in milliseconds (Python's: 3 s).
        #[arg(long, default_value_t = 3000)]
        use_ms: u64,
    },
    /// Start the pool and the Python starter's users, wait for them, then end the pool.
    Starter {
        /// How many users.
        #[arg(long, default_value_t = 4)]
        users: usize,
        /// The pool's resources.
        #[arg(long, value_delimiter = ',', default_value = "resource_a,resource_b")]
        resources: Vec<String>,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal resource pool sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let client = &connect.connect().await?.client;
    match command {
        Command::Worker { use_ms } => {
            let options =
                resource_pool::worker_options(client, TASK_QUEUE, Duration::from_millis(use_ms))?;
            Workers::new(client, options).run().await
        }
        Command::Starter { users, resources } => {
            if users == 0 {
                anyhow::bail!("no users: start at least one (`--users 4`)");
            }
            let pool = client::start_pool(client, TASK_QUEUE, &resources, None).await?;
            println!(
                "Pool `{}`: {}",
                resource_pool::RESOURCE_POOL_WORKFLOW_ID,
                resources.join(", ")
            );
            let plan = client::python_starter_users(users);
            for (id, outcome) in client::run_users(client, TASK_QUEUE, &plan).await? {
                let user = plan.iter().find(|u| u.workflow_id == id);
                match outcome {
                    Ok(()) if user.is_some_and(|u| u.continue_as_new) => {
                        println!("{id}: done (continued as new once, keeping its resource)");
                    }
                    Ok(()) => println!("{id}: done"),
                    Err(failure) => println!("{id}: failed ({failure}), and released its resource"),
                }
            }
            // The last release is a signal the pool may not have handled yet: give it a moment.
            let mut holders = client::holders(&pool).await?;
            for _ in 0..50 {
                if holders.values().all(Option::is_none) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
                holders = client::holders(&pool).await?;
            }
            let held: Vec<String> = holders
                .iter()
                .map(|(resource, holder)| match holder {
                    Some(h) => format!("{resource} held by {}", h.workflow_id),
                    None => format!("{resource} free"),
                })
                .collect();
            println!("Holders now: {}", held.join(", "));
            // In an application the pool runs for good; the sample cleans up after itself.
            pool.terminate(WorkflowTerminateOptions::default()).await?;
            println!("Pool terminated (it would run forever).");
            Ok(())
        }
    }
}
