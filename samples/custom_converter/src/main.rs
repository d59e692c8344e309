//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p custom_converter worker [--json-only]
//! cargo run -p custom_converter starter [--json-only]
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use custom_converter::{TASK_QUEUE, WORKFLOW_ID, client};
use samples_helper::ConnectArgs;

#[derive(clap::Args)]
struct Flags {
    #[command(flatten)]
    connect: ConnectArgs,
    /// Use a JSON-only data converter, to see what a side without the encoding does.
    #[arg(long, global = true)]
    json_only: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the workflow.
    Worker,
    /// Run the workflow and print its result and the payloads history recorded.
    Starter {
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
        "Temporal custom converter sample: a payload encoding of its own for one type",
        app,
    )
}

async fn app(flags: Flags, command: Command) -> Result<()> {
    let converter = if flags.json_only {
        client::json_only_data_converter()
    } else {
        client::data_converter()
    };
    let connected = flags.connect.connect_with(converter).await?;
    let c = &connected.client;
    match command {
        Command::Worker => {
            samples_helper::Workers::new(c, custom_converter::worker_options(TASK_QUEUE)?)
                .run()
                .await
        }
        Command::Starter { name, workflow_id } => {
            let handle = client::start(c, TASK_QUEUE, &workflow_id, &name).await?;
            connected.print_handle(&handle);
            let output = client::result(c, &workflow_id).await?;
            println!("Workflow result: {}", output.result);
            let (input, result) = client::recorded_payloads(c, &workflow_id).await?;
            for (what, payload) in [("input", input), ("result", result)] {
                if let Some(payload) = payload {
                    println!("Recorded {what}: {}", client::describe_payload(&payload));
                }
            }
            Ok(())
        }
    }
}
