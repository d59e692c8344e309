//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p async_activity_completion worker [--handoff-dir /tmp/handoff]
//! cargo run -p async_activity_completion starter [--handoff-dir /tmp/handoff]
//! cargo run -p async_activity_completion heartbeat|complete|fail --token <base64>
//! ```

use std::{path::PathBuf, process::ExitCode, time::Duration};

use anyhow::{Context, Result};
use async_activity_completion::{
    GreetingComposer, Handoff, TASK_QUEUE, WORKFLOW_ID, client, support,
};
use clap::Subcommand;
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker. Without `--handoff-dir` its activity is completed by a task in this
    /// process, as in the Python sample.
    Worker {
        /// Leave each task token in this directory for other processes to finish.
        #[arg(long)]
        handoff_dir: Option<PathBuf>,
    },
    /// Start the workflow and print its result. With `--handoff-dir`, also play the other
    /// process: heartbeat and complete the activity through separate `heartbeat` and
    /// `complete` processes.
    Starter {
        /// Who to greet.
        #[arg(long, default_value = "World")]
        name: String,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
        /// The worker's hand-off directory.
        #[arg(long)]
        handoff_dir: Option<PathBuf>,
    },
    /// Tell the server the activity is still in progress.
    Heartbeat {
        /// The task token (base64, from the hand-off file).
        #[arg(long)]
        token: String,
    },
    /// Complete the activity.
    Complete {
        /// The task token (base64, from the hand-off file).
        #[arg(long)]
        token: String,
        /// The activity's result.
        #[arg(long, default_value = "Hello from another process!")]
        result: String,
    },
    /// Fail the activity (non-retryably).
    Fail {
        /// The task token (base64, from the hand-off file).
        #[arg(long)]
        token: String,
        /// Why.
        #[arg(long, default_value = "rejected by a human")]
        reason: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal async activity completion sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let c = &connected.client;
    match command {
        Command::Worker { handoff_dir } => {
            let handoff = match handoff_dir {
                Some(dir) => {
                    std::fs::create_dir_all(&dir)
                        .with_context(|| format!("cannot create {}", dir.display()))?;
                    Handoff::Directory(dir)
                }
                None => Handoff::InProcess {
                    heartbeats: 3,
                    interval: Duration::from_secs(1),
                },
            };
            let composer = GreetingComposer {
                client: c.clone(),
                handoff,
            };
            samples_helper::Workers::new(
                c,
                async_activity_completion::worker_options(TASK_QUEUE, composer)?,
            )
            .run()
            .await
        }
        Command::Starter {
            name,
            workflow_id,
            handoff_dir,
        } => {
            let handle = client::start(c, TASK_QUEUE, &workflow_id, &name).await?;
            connected.print_handle(&handle);
            if let Some(dir) = handoff_dir {
                let pending =
                    client::wait_for_pending(&dir, &workflow_id, Duration::from_secs(30)).await?;
                println!("Found the task token of attempt {}", pending.attempt);
                support::other_process::heartbeat_then_complete(
                    &connected,
                    &pending.task_token,
                    "Hello from another process!",
                )?;
            }
            println!("Result: {}", client::result(c, &workflow_id).await?);
            Ok(())
        }
        Command::Heartbeat { token } => {
            let cancel = client::heartbeat(c, &client::decode_token(&token)?, None).await?;
            println!(
                "Heartbeat recorded{}",
                if cancel {
                    "; cancellation was requested"
                } else {
                    ""
                }
            );
            Ok(())
        }
        Command::Complete { token, result } => {
            client::complete(c, &client::decode_token(&token)?, &result).await?;
            println!("Completed the activity with {result:?}");
            Ok(())
        }
        Command::Fail { token, reason } => {
            client::fail(c, &client::decode_token(&token)?, &reason).await?;
            println!("Failed the activity: {reason}");
            Ok(())
        }
    }
}
