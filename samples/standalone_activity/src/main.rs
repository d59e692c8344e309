//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p standalone_activity worker
//! cargo run -p standalone_activity starter [--name Temporal]
//! cargo run -p standalone_activity start --activity-id my-id    # returns at once
//! cargo run -p standalone_activity result --activity-id my-id   # comes back to it by id
//! cargo run -p standalone_activity list | count
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand};
use samples_helper::{ConnectArgs, Workers};
use standalone_activity::{ACTIVITY_ID, ComposeGreetingInput, TASK_QUEUE, client};

#[derive(Args)]
struct Greeting {
    /// Who to greet.
    #[arg(long, default_value = "World")]
    name: String,
    /// Activity id.
    #[arg(long, default_value = ACTIVITY_ID)]
    activity_id: String,
}

#[derive(Subcommand)]
enum Command {
    /// Run a worker for `compose_greeting` (no workflows).
    Worker,
    /// Execute the activity and wait for its result, as the Python sample's starter does.
    Starter(Greeting),
    /// Start the activity and return without waiting.
    Start(Greeting),
    /// Come back to an activity by id: wait for its result, then describe it.
    Result {
        /// Activity id.
        #[arg(long, default_value = ACTIVITY_ID)]
        activity_id: String,
    },
    /// List the standalone activities on the task queue.
    List,
    /// Count them, in total and per status.
    Count,
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal standalone activity sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let client = &connect.connect().await?.client;
    let input = |name: String| ComposeGreetingInput {
        greeting: "Hello".to_owned(),
        name,
    };
    if !matches!(command, Command::Worker) {
        client::ensure_enabled(client).await?;
    }
    let query = standalone_activity::task_queue_query(TASK_QUEUE);
    match command {
        Command::Worker => {
            let options = standalone_activity::worker_options(TASK_QUEUE);
            Workers::new(client, options).run().await?;
        }
        Command::Starter(Greeting { name, activity_id }) => {
            let result = client::execute(client, TASK_QUEUE, &activity_id, input(name)).await?;
            println!("Activity result: {result}");
        }
        Command::Start(Greeting { name, activity_id }) => {
            let handle = client::start(client, TASK_QUEUE, &activity_id, input(name)).await?;
            println!(
                "Started activity: {} (run {})",
                handle.activity_id(),
                handle.run_id().unwrap_or_default()
            );
        }
        Command::Result { activity_id } => {
            client::report(client, &activity_id).await?;
        }
        Command::List => {
            for listed in client::list(client, &query).await? {
                println!(
                    "ActivityID: {}, Type: {}, Status: {:?}",
                    listed.activity_id, listed.activity_type, listed.status
                );
            }
        }
        Command::Count => {
            let (total, groups) = client::count(client, &query).await?;
            println!("Total activities: {total}");
            for (status, count) in groups {
                println!("  {status}: {count}");
            }
        }
    }
    Ok(())
}
