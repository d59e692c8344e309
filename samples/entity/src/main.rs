//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p entity worker
//! cargo run -p entity starter --customer-id alice     # a scripted tour of every operation
//! cargo run -p entity open|add-points|redeem|status|cancel --customer-id alice …
//! ```

use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::{Parser, Subcommand};
use entity::{
    AccountInput, AccountStatus, NotificationActivities, RewardAccountWorkflow, TASK_QUEUE,
    workflow_id,
};
use samples_helper::{ConnectArgs, Connected};
use temporalio_client::{
    Client, WorkflowExecuteUpdateOptions, WorkflowGetResultOptions, WorkflowHandle,
    WorkflowQueryOptions, WorkflowSignalOptions, WorkflowStartOptions,
    errors::{WorkflowQueryError, WorkflowStartError, WorkflowUpdateError},
};

#[derive(Parser)]
#[command(about = "Temporal entity sample: a customer reward account as a long-running workflow")]
struct Cli {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the reward accounts.
    Worker {
        /// Task queue to poll.
        #[arg(long, default_value = TASK_QUEUE)]
        task_queue: String,
    },
    /// A scripted tour: open an account, add, redeem, query, cancel.
    Starter {
        /// The customer.
        #[arg(long, default_value = "alice")]
        customer_id: String,
    },
    /// Open an account (starts its workflow).
    Open {
        /// The customer.
        #[arg(long)]
        customer_id: String,
        /// Continue as new past this many history events.
        #[arg(long)]
        history_threshold: Option<u32>,
    },
    /// Add points (an update that returns the new status; `--signal` to fire and forget).
    AddPoints {
        /// The customer.
        #[arg(long)]
        customer_id: String,
        /// How many points.
        #[arg(long)]
        points: u64,
        /// Send a signal instead of an update (no answer, no validation).
        #[arg(long)]
        signal: bool,
    },
    /// Redeem points (rejected if more than the balance).
    Redeem {
        /// The customer.
        #[arg(long)]
        customer_id: String,
        /// How many points.
        #[arg(long)]
        points: u64,
    },
    /// Query the account's status.
    Status {
        /// The customer.
        #[arg(long)]
        customer_id: String,
    },
    /// Cancel the account; its workflow ends with the final status.
    Cancel {
        /// The customer.
        #[arg(long)]
        customer_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::exit_report(app())
}

type Account = WorkflowHandle<Client, RewardAccountWorkflow>;

#[tokio::main]
async fn app() -> Result<()> {
    samples_helper::init_tracing();
    let cli = Cli::parse();
    let connected = cli.connect.connect().await?;
    match cli.command {
        Command::Worker { task_queue } => {
            samples_helper::run_worker(
                &connected.client,
                entity::worker_options(&task_queue, NotificationActivities::default())?,
            )
            .await
        }
        Command::Starter { customer_id } => tour(&connected, &customer_id).await,
        Command::Open {
            customer_id,
            history_threshold,
        } => open(&connected, &customer_id, history_threshold).await,
        Command::AddPoints {
            customer_id,
            points,
            signal,
        } => {
            let client = &connected.client;
            if signal {
                client
                    .get_workflow_handle::<RewardAccountWorkflow>(workflow_id(&customer_id))
                    .signal(
                        RewardAccountWorkflow::add_points_signal,
                        points,
                        WorkflowSignalOptions::default(),
                    )
                    .await
                    .map_err(|e| anyhow!("{e}"))
                    .with_context(|| missing_hint(&customer_id))?;
                println!(
                    "Signal sent: add {points} points (no answer: signals are fire-and-forget)"
                );
                Ok(())
            } else {
                print_status(&add_points(client, &customer_id, points).await?);
                Ok(())
            }
        }
        Command::Redeem {
            customer_id,
            points,
        } => {
            print_status(&redeem(&connected.client, &customer_id, points).await?);
            Ok(())
        }
        Command::Status { customer_id } => {
            print_status(&status(&connected.client, &customer_id).await?);
            Ok(())
        }
        Command::Cancel { customer_id } => {
            let final_status = cancel(&connected.client, &customer_id).await?;
            print_status(&final_status);
            Ok(())
        }
    }
}

async fn open(
    connected: &Connected,
    customer_id: &str,
    history_threshold: Option<u32>,
) -> Result<()> {
    let id = workflow_id(customer_id);
    let input = AccountInput {
        customer_id: customer_id.to_owned(),
        state: None,
        history_threshold,
    };
    let options = WorkflowStartOptions::new(TASK_QUEUE, &id).build();
    match connected
        .client
        .start_workflow(RewardAccountWorkflow::run, input, options)
        .await
    {
        Ok(handle) => {
            println!("Opened the account of {customer_id}");
            connected.print_started(&id, handle.run_id().unwrap_or_default());
            Ok(())
        }
        Err(WorkflowStartError::AlreadyStarted { .. }) => {
            anyhow::bail!("{customer_id} already has an open account (workflow {id})")
        }
        Err(e) => Err(anyhow!("cannot open the account of {customer_id}: {e}")),
    }
}

fn account(client: &Client, customer_id: &str) -> Account {
    client.get_workflow_handle::<RewardAccountWorkflow>(workflow_id(customer_id))
}

fn missing_hint(customer_id: &str) -> String {
    format!(
        "no open account for {customer_id}? Open one with `cargo run -p entity open --customer-id {customer_id}`"
    )
}

/// Turns an update error into a message: a validator's rejection reads as its reason.
fn update_error(customer_id: &str, e: WorkflowUpdateError) -> anyhow::Error {
    match e {
        WorkflowUpdateError::Failed(failure) => anyhow!("rejected: {}", failure.message),
        WorkflowUpdateError::NotFound(_) => anyhow!("{}", missing_hint(customer_id)),
        other => anyhow!("{other}"),
    }
}

async fn add_points(client: &Client, customer_id: &str, points: u64) -> Result<AccountStatus> {
    account(client, customer_id)
        .execute_update(
            RewardAccountWorkflow::add_points,
            points,
            WorkflowExecuteUpdateOptions::default(),
        )
        .await
        .map_err(|e| update_error(customer_id, e))
}

async fn redeem(client: &Client, customer_id: &str, points: u64) -> Result<AccountStatus> {
    account(client, customer_id)
        .execute_update(
            RewardAccountWorkflow::redeem_points,
            points,
            WorkflowExecuteUpdateOptions::default(),
        )
        .await
        .map_err(|e| update_error(customer_id, e))
}

async fn cancel(client: &Client, customer_id: &str) -> Result<AccountStatus> {
    let handle = account(client, customer_id);
    handle
        .execute_update(
            RewardAccountWorkflow::cancel_account,
            (),
            WorkflowExecuteUpdateOptions::default(),
        )
        .await
        .map_err(|e| update_error(customer_id, e))?;
    // The workflow ends with the final status; wait for it.
    Ok(handle
        .get_result(WorkflowGetResultOptions::default())
        .await?)
}

async fn status(client: &Client, customer_id: &str) -> Result<AccountStatus> {
    account(client, customer_id)
        .query(
            RewardAccountWorkflow::status,
            (),
            WorkflowQueryOptions::default(),
        )
        .await
        .map_err(|e| match e {
            WorkflowQueryError::NotFound(_) => anyhow!("{}", missing_hint(customer_id)),
            other => anyhow!("{other}"),
        })
}

fn print_status(s: &AccountStatus) {
    println!(
        "{}: {}, {} points, {} (run {})",
        s.customer_id,
        s.level,
        s.points,
        if s.active { "active" } else { "cancelled" },
        s.run
    );
}

/// Every operation once, printing each answer.
async fn tour(connected: &Connected, customer_id: &str) -> Result<()> {
    let client = &connected.client;
    open(connected, customer_id, None).await?;
    println!("> add 300 points (update)");
    print_status(&add_points(client, customer_id, 300).await?);
    println!("> add 300 points (update)");
    print_status(&add_points(client, customer_id, 300).await?);
    println!("> redeem 1000 points (more than the balance: the validator rejects it)");
    match redeem(client, customer_id, 1000).await {
        Ok(s) => anyhow::bail!("the redemption should have been rejected, got {s:?}"),
        Err(e) => println!("{e}"),
    }
    println!("> redeem 200 points (update)");
    print_status(&redeem(client, customer_id, 200).await?);
    println!("> add 500 points (update)");
    print_status(&add_points(client, customer_id, 500).await?);
    println!("> status (query)");
    print_status(&status(client, customer_id).await?);
    println!("> cancel (update; the workflow then completes with the final status)");
    print_status(&cancel(client, customer_id).await?);
    Ok(())
}
