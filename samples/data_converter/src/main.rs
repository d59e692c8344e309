//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p data_converter worker
//! cargo run -p data_converter starter [--input models.json] [--skip-client-validation]
//! cargo run -p data_converter badge --output badge.bmp
//! ```

use std::{path::PathBuf, process::ExitCode};

use anyhow::{Context, Result};
use clap::Subcommand;
use data_converter::{
    BADGE_WORKFLOW_ID, MyModel, Priority, TASK_QUEUE, Unvalidated, WORKFLOW_ID, client,
    models::validate,
};
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for both workflows.
    Worker,
    /// Send models through the workflow Python calls `MyWorkflow` and check they come back unchanged.
    Starter {
        /// A JSON file with a list of models (default: two built-in examples).
        #[arg(long)]
        input: Option<PathBuf>,
        /// Send the input without validating it here, to see the workflow reject it.
        #[arg(long)]
        skip_client_validation: bool,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
    /// Render a model's badge; the result travels as `binary/plain` bytes.
    Badge {
        /// Where to write the BMP image.
        #[arg(long, default_value = "badge.bmp")]
        output: PathBuf,
        /// Workflow id.
        #[arg(long, default_value = BADGE_WORKFLOW_ID)]
        workflow_id: String,
    },
}

/// The models the Python sample's starter sends: IPv4 addresses and *naive* datetimes, nothing
/// else, so that the Python sample's worker (whose model is `IPv4Address` + `datetime`) accepts
/// them too. `--input examples/valid.json` sends richer ones that only this worker accepts.
fn examples() -> Result<Vec<MyModel>> {
    let model = |ip: &str, date: &str| -> Result<MyModel> {
        Ok(MyModel {
            some_ip: ip.parse()?,
            some_date: date.parse().map_err(anyhow::Error::msg)?,
            priority: Priority::Normal,
            amount: None,
        })
    };
    Ok(vec![
        model("127.0.0.1", "2000-01-02T03:04:05")?,
        model("127.0.0.2", "2001-02-03T04:05:06")?,
    ])
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal data converter sample: typed, validated payloads and a custom encoding",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    match command {
        Command::Worker => {
            let connected = connect.connect().await?;
            samples_helper::Workers::new(
                &connected.client,
                data_converter::worker_options(TASK_QUEUE)?,
            )
            .run()
            .await
        }
        Command::Starter {
            input,
            skip_client_validation,
            workflow_id,
        } => {
            let raw = match &input {
                Some(path) => serde_json::from_str::<serde_json::Value>(
                    &std::fs::read_to_string(path)
                        .with_context(|| format!("cannot read `{}`", path.display()))?,
                )
                .with_context(|| format!("`{}` is not valid JSON", path.display()))?,
                None => serde_json::to_value(examples()?)?,
            };
            // Validate on the client, before any work is done: the error names the field.
            let sent: Option<Vec<MyModel>> = if skip_client_validation {
                None
            } else {
                let source = input
                    .as_ref()
                    .map_or("the examples".to_owned(), |p| format!("`{}`", p.display()));
                Some(
                    validate(&raw)
                        .with_context(|| format!("{source} is not a valid list of models"))?,
                )
            };
            let connected = connect.connect().await?;
            let c = &connected.client;
            let models = Unvalidated::from_json(raw);
            let handle = client::start_models(c, TASK_QUEUE, &workflow_id, models).await?;
            connected.print_handle(&handle);
            let returned = client::models(c, &workflow_id)
                .await
                .with_context(|| format!("workflow {workflow_id} failed"))?;
            for m in &returned {
                println!("Returned: {}", serde_json::to_string(m)?);
            }
            if let Some(sent) = sent {
                anyhow::ensure!(
                    sent == returned,
                    "the models changed on the way: {sent:?} != {returned:?}"
                );
                println!(
                    "All {} models came back unchanged (types, zones and all).",
                    returned.len()
                );
            }
            Ok(())
        }
        Command::Badge {
            output,
            workflow_id,
        } => {
            let connected = connect.connect().await?;
            let model = examples()?.remove(0);
            let (run_id, badge) =
                client::badge(&connected.client, TASK_QUEUE, &workflow_id, &model).await?;
            connected.print_started(&workflow_id, &run_id);
            std::fs::write(&output, &badge.0)
                .with_context(|| format!("cannot write `{}`", output.display()))?;
            println!(
                "Badge: {} bytes, sent as {} (not JSON); written to {}",
                badge.0.len(),
                data_converter::badge::BINARY_PLAIN,
                output.display()
            );
            Ok(())
        }
    }
}
