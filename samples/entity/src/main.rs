//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p entity worker
//! cargo run -p entity starter [--user-id alice]    # a tour of the catalogue's operations
//! cargo run -p entity open|add-points|redeem|status|cancel --user-id alice …
//! ```

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Subcommand;
use entity::{CustomerRewardAccountInput, RewardActivities, TASK_QUEUE, client, workflow_id};
use samples_helper::{ConnectArgs, Connected};

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the reward accounts.
    Worker,
    /// A tour: open an account, add and take away points, query it, cancel it.
    Starter {
        /// The customer.
        #[arg(long, default_value = "alice")]
        user_id: String,
    },
    /// Open an account (starts its workflow).
    Open {
        /// The customer.
        #[arg(long)]
        user_id: String,
        /// Continue as new past this many history events.
        #[arg(long)]
        history_threshold: Option<u32>,
    },
    /// Add points, or take them away with a negative number (an update that returns the new
    /// status; `--signal` to fire and forget).
    AddPoints {
        /// The customer.
        #[arg(long)]
        user_id: String,
        /// How many points (negative: take away).
        #[arg(long, allow_negative_numbers = true)]
        points: i64,
        /// Send the `add_points_signal` signal instead of the update (no answer, no validation).
        #[arg(long)]
        signal: bool,
    },
    /// Redeem points for a reward (rejected if more than the balance).
    Redeem {
        /// The customer.
        #[arg(long)]
        user_id: String,
        /// How many points.
        #[arg(long)]
        points: i64,
    },
    /// Query the account's status.
    Status {
        /// The customer.
        #[arg(long)]
        user_id: String,
    },
    /// Cancel the account; its workflow completes with the final status.
    Cancel {
        /// The customer.
        #[arg(long)]
        user_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal entity sample: a customer reward account as a long-running workflow",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let c = &connected.client;
    match command {
        Command::Worker => {
            let options = entity::worker_options(TASK_QUEUE, RewardActivities::default())?;
            samples_helper::Workers::new(c, options).run().await
        }
        Command::Starter { user_id } => tour(&connected, &user_id).await,
        Command::Open {
            user_id,
            history_threshold,
        } => {
            let input = CustomerRewardAccountInput {
                history_threshold,
                ..CustomerRewardAccountInput::new(&user_id)
            };
            open(&connected, input).await
        }
        Command::AddPoints {
            user_id,
            points,
            signal: true,
        } => {
            client::add_points_signal(c, &user_id, points).await?;
            println!("Signal sent: add {points} points (no answer: signals are fire-and-forget)");
            Ok(())
        }
        Command::AddPoints {
            user_id, points, ..
        } => show(&user_id, client::add_points(c, &user_id, points).await?),
        Command::Redeem { user_id, points } => {
            show(&user_id, client::redeem(c, &user_id, points).await?)
        }
        Command::Status { user_id } => show(&user_id, client::status(c, &user_id).await?),
        Command::Cancel { user_id } => show(&user_id, client::cancel(c, &user_id).await?),
    }
}

async fn open(connected: &Connected, input: CustomerRewardAccountInput) -> Result<()> {
    let user_id = input.user_id.clone();
    let run_id = client::open(&connected.client, TASK_QUEUE, input).await?;
    println!("Opened the account of {user_id}");
    connected.print_started(&workflow_id(&user_id), &run_id);
    Ok(())
}

fn show(user_id: &str, status: entity::CustomerRewardAccountStatus) -> Result<()> {
    println!("{user_id}: {status}");
    Ok(())
}

/// The catalogue's operations once each, printing every answer.
async fn tour(connected: &Connected, user_id: &str) -> Result<()> {
    let c = &connected.client;
    open(connected, CustomerRewardAccountInput::new(user_id)).await?;
    for (points, why) in [
        (300, ""),
        (300, ""),
        (-200, " (points can be taken away)"),
        (700, ""),
        (-5000, " (more than the balance: it stops at 0)"),
        (650, ""),
    ] {
        println!("> add_points {points}{why}");
        show(user_id, client::add_points(c, user_id, points).await?)?;
    }
    println!("> add_points \"lots\" (not an integer: the update is rejected, nothing is recorded)");
    match client::add_points_unchecked(c, user_id, serde_json::json!("lots")).await {
        Ok(s) => bail!("the update should have been rejected, got {s}"),
        Err(e) => println!("{e}"),
    }
    println!("> query_reward_status");
    show(user_id, client::status(c, user_id).await?)?;
    println!("> cancel (the workflow then completes with the final status)");
    show(user_id, client::cancel(c, user_id).await?)
}
