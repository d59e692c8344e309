//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p activity_choice worker
//! cargo run -p activity_choice starter
//! cargo run -p activity_choice starter --item APPLE:2 --item 7:1   # an unknown fruit
//! ```

use std::process::ExitCode;

use activity_choice::{Fruit, ShoppingList, ShoppingListItem, TASK_QUEUE, WORKFLOW_ID, client};
use anyhow::{Context, Result, anyhow};
use clap::Subcommand;
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the workflow and the four ordering activities.
    Worker,
    /// Order a shopping list and print the confirmations.
    Starter {
        /// An item as FRUIT:AMOUNT, FRUIT being APPLE, BANANA, CHERRY, ORANGE or an integer
        /// (repeatable; default: the Python sample's list APPLE:8 BANANA:5 CHERRY:1 ORANGE:4).
        #[arg(long = "item", value_parser = parse_item)]
        items: Vec<ShoppingListItem>,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
}

fn parse_item(s: &str) -> Result<ShoppingListItem> {
    let (fruit, amount) = s
        .split_once(':')
        .ok_or_else(|| anyhow!("expected FRUIT:AMOUNT, e.g. APPLE:3"))?;
    Ok(ShoppingListItem {
        fruit: fruit.parse::<Fruit>().map_err(|_| {
            anyhow!("`{fruit}` is neither APPLE, BANANA, CHERRY, ORANGE nor an integer")
        })?,
        amount: amount
            .parse()
            .map_err(|_| anyhow!("`{amount}` is not a whole number"))?,
    })
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal activity choice sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    match command {
        Command::Worker => {
            samples_helper::Workers::new(
                &connected.client,
                activity_choice::worker_options(TASK_QUEUE)?,
            )
            .run()
            .await
        }
        Command::Starter { items, workflow_id } => {
            let list = if items.is_empty() {
                ShoppingList::python_sample()
            } else {
                ShoppingList { items }
            };
            println!("Shopping list: {}", serde_json::to_string(&list)?);
            let c = &connected.client;
            let handle = client::start(c, TASK_QUEUE, &workflow_id, list).await?;
            connected.print_handle(&handle);
            let result = client::confirmations(c, &workflow_id)
                .await
                .with_context(|| format!("workflow {workflow_id} failed"))?;
            println!("Result: {result}");
            Ok(())
        }
    }
}
