//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p local_activity worker
//! cargo run -p local_activity starter
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use local_activity::{GreetingActivities, TASK_QUEUE, WORKFLOW_ID, client};
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the greeting workflow and its (local) activity.
    Worker {
        /// Make the first N attempts of the local activity fail (a simulated outage): watch the
        /// retries run inside the worker and only the outcome reach history.
        #[arg(long, default_value_t = 0)]
        fail_attempts: u32,
    },
    /// Start the workflow and print its result.
    Starter {
        /// Who to greet.
        #[arg(long, default_value = "World")]
        name: String,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal local activity sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    match command {
        Command::Worker { fail_attempts } => {
            let activities = GreetingActivities {
                failing_attempts: fail_attempts,
            };
            samples_helper::Workers::new(
                &connected.client,
                local_activity::worker_options(TASK_QUEUE, activities)?,
            )
            .run()
            .await
        }
        Command::Starter { name, workflow_id } => {
            client::starter(&connected, TASK_QUEUE, &workflow_id, name).await?;
            Ok(())
        }
    }
}
