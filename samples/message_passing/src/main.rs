//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p message_passing worker
//! cargo run -p message_passing starter [--direct chinese] [--via-service arabic]
//! ```

use std::{process::ExitCode, time::Duration};

use anyhow::Result;
use clap::Subcommand;
use message_passing::{GreetingServiceActivities, Language, TASK_QUEUE, WORKFLOW_ID, client};
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the greeting workflow and the greeting-service activity.
    Worker {
        /// Simulated latency of the greeting service, in ms.
        #[arg(long, default_value_t = 200)]
        service_latency_ms: u64,
        /// A language the greeting service does not know (repeatable): updates that need it
        /// are accepted, then fail.
        #[arg(long)]
        service_unknown: Vec<Language>,
    },
    /// Start the workflow, query it, update it twice, approve it and print its greeting.
    Starter {
        /// Language for the `set_language` update (validated: the workflow must know it).
        #[arg(long, default_value = "chinese")]
        direct: Language,
        /// Language for the `set_language_using_activity` update (asks the greeting service).
        #[arg(long, default_value = "arabic")]
        via_service: Language,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal message passing sample: queries, signals and updates",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    match command {
        Command::Worker {
            service_latency_ms,
            service_unknown,
        } => {
            let activities = GreetingServiceActivities {
                latency: Duration::from_millis(service_latency_ms),
                unknown: service_unknown,
            };
            samples_helper::Workers::new(
                &connected.client,
                message_passing::worker_options(TASK_QUEUE, activities)?,
            )
            .run()
            .await
        }
        Command::Starter {
            direct,
            via_service,
            workflow_id,
        } => {
            client::starter(&connected, TASK_QUEUE, &workflow_id, direct, via_service).await?;
            Ok(())
        }
    }
}
