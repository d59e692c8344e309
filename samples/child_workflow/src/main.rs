//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p child_workflow worker
//! cargo run -p child_workflow starter
//! cargo run -p child_workflow signal-child [--signal-delay-ms 5000]
//! ```

use std::process::ExitCode;

use anyhow::Result;
use child_workflow::{
    SIGNAL_WORKFLOW_ID, SignalChildInput, TASK_QUEUE, WORKFLOW_ID, child_id_for, client,
};
use clap::Subcommand;
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the parents and the children.
    Worker,
    /// Run the parent that executes a child and returns its result.
    Starter {
        /// Who to greet.
        #[arg(long, default_value = "World")]
        name: String,
        /// The parent's workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
    /// Run the parent that starts a child, signals it through its handle, then awaits it.
    SignalChild {
        /// Who to greet.
        #[arg(long, default_value = "World")]
        name: String,
        /// The greeting the parent signals.
        #[arg(long, default_value = "Howdy")]
        greeting: String,
        /// Wait this long before signalling (try terminating the parent meanwhile).
        #[arg(long, default_value_t = 0)]
        signal_delay_ms: u64,
        /// The parent's workflow id.
        #[arg(long, default_value = SIGNAL_WORKFLOW_ID)]
        workflow_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal child workflow sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let client = &connected.client;
    match command {
        Command::Worker => {
            samples_helper::Workers::new(client, child_workflow::worker_options(TASK_QUEUE)?)
                .run()
                .await
        }
        Command::Starter { name, workflow_id } => {
            let handle = client::start(&connected.client, TASK_QUEUE, &workflow_id, name).await?;
            connected.print_handle(&handle);
            println!("Child workflow id: {}", child_id_for(&workflow_id));
            let result = client::greeting(&connected.client, &workflow_id).await?;
            println!("Result: {result}");
            Ok(())
        }
        Command::SignalChild {
            name,
            greeting,
            signal_delay_ms,
            workflow_id,
        } => {
            let input = SignalChildInput {
                name,
                greeting,
                signal_delay_ms,
            };
            let handle =
                client::start_signal_child(client, TASK_QUEUE, &workflow_id, input).await?;
            connected.print_handle(&handle);
            println!(
                "Child workflow id: {} (waits for the parent's signal)",
                child_id_for(&workflow_id)
            );
            let result = client::greeting(&connected.client, &workflow_id).await?;
            println!("Result: {result}");
            Ok(())
        }
    }
}
