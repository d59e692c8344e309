//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p search_attributes worker
//! cargo run -p search_attributes starter [--customer-id ada]
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use samples_helper::ConnectArgs;
use search_attributes::{TASK_QUEUE, WORKFLOW_ID, client};

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the workflow.
    Worker,
    /// Start the workflow with search attributes and a memo, show them before and after it
    /// upserts, then find it with visibility queries.
    Starter {
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
        /// Also set this sample's own attributes (`CustomerId`, `Stage`), registering them first.
        #[arg(long, default_value = "ada")]
        customer_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal search attributes sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let c = &connected.client;
    match command {
        Command::Worker => {
            samples_helper::Workers::new(c, search_attributes::worker_options(TASK_QUEUE)?)
                .run()
                .await
        }
        Command::Starter {
            workflow_id,
            customer_id,
        } => {
            client::register(c).await?;
            let handle = client::start(c, TASK_QUEUE, &workflow_id, Some(&customer_id)).await?;
            connected.print_handle(&handle);
            println!(
                "First search attribute values: {:?}",
                client::describe(c, &workflow_id).await?
            );
            client::wait(c, &workflow_id).await?;
            println!(
                "Second search attribute values: {:?}",
                client::describe(c, &workflow_id).await?
            );
            let query =
                format!("CustomerId = '{customer_id}' AND CustomKeywordField = 'new-value'");
            // This run, once visibility has caught up (earlier runs with the same id may match
            // the query too: they are listed below).
            let run_id = handle.run_id().unwrap_or_default();
            client::wait_for_count(c, &format!("RunId = '{run_id}' AND {query}"), 1).await?;
            println!(
                "Executions where {query}: {}",
                client::count(c, &query).await?
            );
            println!("{:<40} {:<10} CustomKeywordField", "workflow id", "status");
            for (id, status, keyword) in client::list(c, &query).await? {
                println!("{id:<40} {status:<10} {keyword}");
            }
            Ok(())
        }
    }
}
