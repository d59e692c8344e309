//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p update_with_start worker
//! cargo run -p update_with_start starter
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use samples_helper::ConnectArgs;
use update_with_start::{PriceActivities, TASK_QUEUE, client};

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the cart workflow and the price activity.
    Worker,
    /// Add items to a new session's cart (the first add creates it), check out, print the order.
    Starter {
        /// Items to add, as `sku` or `sku:quantity` (default: the Python starter's two).
        #[arg(long = "item", default_values = ["sku-123:1", "sku-456:1"])]
        items: Vec<String>,
        /// Session id (default: a new one, as a new visitor gets).
        #[arg(long)]
        session_id: Option<String>,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal update-with-start sample: a shopping cart created by its first update",
        app,
    )
}

/// `sku` or `sku:quantity`.
fn parse_item(text: &str) -> Result<(String, i64)> {
    let sku = text.split_once(':').map_or(text, |(sku, _)| sku);
    anyhow::ensure!(
        !sku.trim().is_empty(),
        "`{text}`: an item needs a SKU, as `sku` or `sku:quantity` (e.g. `sku-123:2`)"
    );
    match text.split_once(':') {
        None => Ok((text.to_owned(), 1)),
        Some((sku, quantity)) => {
            let quantity: i64 = quantity.parse().map_err(|_| {
                anyhow::anyhow!("`{text}`: the quantity after `:` must be a whole number")
            })?;
            anyhow::ensure!(quantity > 0, "`{text}`: the quantity must be at least 1");
            Ok((sku.to_owned(), quantity))
        }
    }
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let c = &connected.client;
    match command {
        Command::Worker => {
            samples_helper::Workers::new(
                c,
                update_with_start::worker_options(TASK_QUEUE, PriceActivities::default())?,
            )
            .run()
            .await
        }
        Command::Starter { items, session_id } => {
            let items = items
                .iter()
                .map(|i| parse_item(i))
                .collect::<Result<Vec<_>>>()?;
            let session_id =
                session_id.unwrap_or_else(|| format!("session-{}", uuid::Uuid::new_v4()));
            client::shop(c, TASK_QUEUE, &session_id, &items).await?;
            Ok(())
        }
    }
}
