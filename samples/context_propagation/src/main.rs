//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p context_propagation worker
//! cargo run -p context_propagation starter [--user-id some-user]
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use context_propagation::{
    DEFAULT_USER_ID, GreetingActivities, TASK_QUEUE, WORKFLOW_ID, client, propagation,
};
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker with the workflow and activity interceptors.
    Worker,
    /// As the user, start the workflow, signal it and print its result.
    Starter {
        /// The user id to propagate; empty for none.
        #[arg(long, default_value = DEFAULT_USER_ID)]
        user_id: String,
        /// Who to greet.
        #[arg(long, default_value = "Temporal")]
        name: String,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal context propagation sample: a user id carried in headers",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    // The worker's client has the interceptor too: a workflow's outbound calls are made by
    // the worker, and its own client calls (none here) would carry the user id as well.
    let connected = client::connect(&connect).await?;
    let c = &connected.client;
    match command {
        Command::Worker => {
            let options =
                context_propagation::worker_options(TASK_QUEUE, GreetingActivities::default())?;
            samples_helper::Workers::new(c, options).run().await
        }
        Command::Starter {
            user_id,
            name,
            workflow_id,
        } => {
            // Python's starter: start, signal, await. Each call carries the user id.
            let calls = async {
                let handle = client::start(c, TASK_QUEUE, &workflow_id, &name).await?;
                connected.print_handle(&handle);
                client::signal_complete(c, &workflow_id).await?;
                client::result(c, &workflow_id).await
            };
            let result = if user_id.is_empty() {
                calls.await?
            } else {
                // Python: `shared.user_id.set("some-user")` before connecting.
                propagation::with_user_id(user_id, calls).await?
            };
            println!("Workflow result: {result}");
            // `seen_user_ids` is this sample's addition: a worker without it (the Python
            // sample's) still ran the workflow, so say so instead of failing.
            match client::seen_user_ids(c, &workflow_id).await {
                Ok(seen) => println!(
                    "The workflow saw: started by {}, signalled by {}",
                    seen.run.as_deref().unwrap_or("<none>"),
                    seen.signal.as_deref().unwrap_or("<none>")
                ),
                Err(e) => println!("The worker does not answer `seen_user_ids`: {e:#}"),
            }
            Ok(())
        }
    }
}
