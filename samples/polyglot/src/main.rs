//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! python3 samples/polyglot/python/activity_worker.py     # Python activities
//! cargo run -p polyglot worker                           # Rust workflows
//! cargo run -p polyglot starter
//!
//! python3 samples/polyglot/python/workflow_worker.py     # Python workflows
//! cargo run -p polyglot activity-worker --task-queue say-hello-python-workflow-task-queue
//! cargo run -p polyglot starter --task-queue say-hello-python-workflow-task-queue
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use polyglot::{TASK_QUEUE, client};
use samples_helper::ConnectArgs;
use samples_helper::Workers;

#[derive(Subcommand)]
enum Command {
    /// Run a workflow-only worker for `say-hello-workflow` (its activity runs in Python).
    Worker {
        /// Task queue.
        #[arg(long, default_value = TASK_QUEUE)]
        task_queue: String,
    },
    /// Run an activity-only worker for `say-hello-activity` (for the Python workflow).
    ActivityWorker {
        /// Task queue.
        #[arg(long, default_value = polyglot::PYTHON_WORKFLOW_TASK_QUEUE)]
        task_queue: String,
    },
    /// Run `say-hello-workflow` and print its result and who served it.
    Starter {
        /// Task queue: `say-hello-task-queue` for the Rust workflow, or
        /// `say-hello-python-workflow-task-queue` for the Python one.
        #[arg(long, default_value = TASK_QUEUE)]
        task_queue: String,
        /// Who to greet.
        #[arg(long, default_value = "Temporal")]
        name: String,
        /// Workflow id.
        #[arg(long, default_value = "say-hello-workflow-id")]
        workflow_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal polyglot sample: Rust and Python workers on one task queue",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let client = &connect.connect().await?.client;
    match command {
        Command::Worker { task_queue } => {
            let options = polyglot::workflow_worker_options(&task_queue)?;
            Workers::new(client, options).run().await
        }
        Command::ActivityWorker { task_queue } => {
            let options = polyglot::activity_worker_options(&task_queue);
            Workers::new(client, options).run().await
        }
        Command::Starter {
            task_queue,
            name,
            workflow_id,
        } => {
            let result = client::say_hello(client, &task_queue, &workflow_id, &name).await?;
            println!("{result}");
            let served = client::served_by(client, &workflow_id).await?;
            println!("  workflow ran on: {}", served.workflow_worker);
            println!("  activity ran on: {}", served.activity_worker);
            Ok(())
        }
    }
}
