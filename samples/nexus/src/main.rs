//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! python3 samples/nexus/python/handler.py       # the handler (Python SDK)
//! cargo run -p nexus setup                      # the two endpoints, once
//! cargo run -p nexus worker                     # the caller workflows
//! cargo run -p nexus starter [--name world]     # hello_nexus
//! cargo run -p nexus cancel-starter             # nexus_cancel
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use nexus::{CANCEL_ENDPOINT, ENDPOINT, HANDLER_TASK_QUEUE, TASK_QUEUE, client};
use samples_helper::ConnectArgs;
use samples_helper::Workers;

#[derive(Subcommand)]
enum Command {
    /// Create the two Nexus endpoints, routing to the handler's task queue (idempotent).
    Setup {
        /// The handler's task queue.
        #[arg(long, default_value = HANDLER_TASK_QUEUE)]
        handler_task_queue: String,
    },
    /// Run a worker for the caller workflows.
    Worker,
    /// Run hello_nexus's caller: a synchronous and a workflow-run operation.
    Starter {
        /// Who to greet.
        #[arg(long, default_value = "world")]
        name: String,
        /// Workflow id.
        #[arg(long, default_value = "hello-nexus-caller")]
        workflow_id: String,
    },
    /// Run nexus_cancel's caller: five operations, the first wins, the rest are cancelled.
    CancelStarter {
        /// Who to greet.
        #[arg(long, default_value = "Nexus")]
        name: String,
        /// Workflow id.
        #[arg(long, default_value = "hello-nexus-cancel-caller")]
        workflow_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal Nexus caller sample (the handler is Python: python/handler.py)",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let client = &connect.connect().await?.client;
    match command {
        Command::Setup { handler_task_queue } => {
            for endpoint in [ENDPOINT, CANCEL_ENDPOINT] {
                let done = client::ensure_endpoint(client, endpoint, &handler_task_queue).await?;
                println!("Endpoint {endpoint} -> task queue {handler_task_queue}: {done}");
            }
            Ok(())
        }
        Command::Worker => {
            Workers::new(client, nexus::worker_options(TASK_QUEUE)?)
                .run()
                .await
        }
        Command::Starter { name, workflow_id } => {
            let (sync, run) = client::call_both(client, TASK_QUEUE, &workflow_id, &name).await?;
            println!("{}", sync.message);
            println!("{}", run.message);
            Ok(())
        }
        Command::CancelStarter { name, workflow_id } => {
            let first = client::first_greeting(client, TASK_QUEUE, &workflow_id, &name).await?;
            println!("First greeting: {first}");
            println!("The other four operations were cancelled.");
            Ok(())
        }
    }
}
