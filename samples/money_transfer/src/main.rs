//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p money_transfer worker
//! cargo run -p money_transfer starter
//! cargo run -p money_transfer balances
//! ```
//!
//! See the crate docs (`src/lib.rs`) and the README for what the sample shows.

use std::{path::PathBuf, process::ExitCode, time::Duration};

use anyhow::{Context, Result};
use clap::Subcommand;
use money_transfer::{Bank, BankActivities, PaymentDetails, TASK_QUEUE, WORKFLOW_ID, client};
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker that executes the MoneyTransfer workflow and the bank activities.
    Worker {
        /// The bank's SQLite database (created and seeded on first use).
        #[arg(long, env = "BANK_DB", default_value = "bank.db")]
        db: PathBuf,
        /// Task queue to poll.
        #[arg(long, default_value = TASK_QUEUE)]
        task_queue: String,
        /// Make every deposit fail, like the bug in the Temporal tutorial. Start a transfer with
        /// `--max-attempts 0`, watch it retry, then restart the worker without this flag.
        #[arg(long)]
        fail_deposits: bool,
        /// Make every refund fail as well: the workflow then fails with both errors.
        #[arg(long)]
        fail_refunds: bool,
        /// After each withdrawal is committed, wait this many seconds before reporting it: a
        /// window to kill the worker and watch the retry not withdraw twice.
        #[arg(long, value_name = "SECONDS")]
        pause_after_withdraw: Option<u64>,
    },
    /// Start a transfer and wait for its result.
    Starter {
        /// Account to take the money from.
        #[arg(long, default_value = "85-150")]
        source: String,
        /// Account to put the money into.
        #[arg(long, default_value = "43-812")]
        target: String,
        /// Amount to move (a positive whole number).
        #[arg(long, default_value_t = 250, allow_negative_numbers = true, value_parser = clap::value_parser!(i64).range(1..))]
        amount: i64,
        /// Your id for this transfer: the same reference never moves money twice.
        #[arg(long, default_value = "12345")]
        reference: String,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
        /// Task queue of the worker.
        #[arg(long, default_value = TASK_QUEUE)]
        task_queue: String,
        /// Attempts per activity (default 3, as in the tutorial; 0 = retry until it works).
        #[arg(long)]
        max_attempts: Option<u32>,
    },
    /// Wait for a transfer that is already running and print its result.
    Result {
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
    /// Print account balances and the ledger.
    Balances {
        /// The bank's SQLite database.
        #[arg(long, env = "BANK_DB", default_value = "bank.db")]
        db: PathBuf,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal money transfer sample: withdraw, deposit, refund on failure",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    match command {
        Command::Worker {
            db,
            task_queue,
            fail_deposits,
            fail_refunds,
            pause_after_withdraw,
        } => {
            let bank = open_bank(&db)?;
            let connected = connect.connect().await?;
            let activities = BankActivities::new(bank)
                .with_failing_deposits(fail_deposits)
                .with_failing_refunds(fail_refunds)
                .with_pause_after_withdraw(pause_after_withdraw.map(Duration::from_secs));
            if fail_deposits {
                println!("Deposits will fail on this worker (--fail-deposits).");
            }
            println!("Bank database: {}", db.display());
            let options = money_transfer::worker_options(&task_queue, activities)?;
            samples_helper::Workers::new(&connected.client, options)
                .run()
                .await
        }
        Command::Starter {
            source,
            target,
            amount,
            reference,
            workflow_id,
            task_queue,
            max_attempts,
        } => {
            anyhow::ensure!(
                source != target,
                "--source and --target are both `{source}`: a transfer moves money between two \
                 different accounts"
            );
            let connected = connect.connect().await?;
            let details = PaymentDetails {
                source_account: source,
                target_account: target,
                amount,
                reference_id: reference,
                max_attempts,
            };
            client::starter(&connected, &task_queue, &workflow_id, details).await
        }
        Command::Result { workflow_id } => {
            let connected = connect.connect().await?;
            client::report(&connected.client, &workflow_id).await
        }
        Command::Balances { db } => {
            let bank = open_bank(&db)?;
            println!("Accounts ({}):", db.display());
            for (account, balance) in bank.balances()? {
                println!("  {account:<10} {balance:>8}");
            }
            println!("Ledger:");
            let ledger = bank.ledger()?;
            if ledger.is_empty() {
                println!("  (empty)");
            }
            for e in ledger {
                println!(
                    "  {:<14} {:<22} {:<10} {:<8} {:>8}",
                    e.transaction_id,
                    e.reference,
                    format!("{:?}", e.kind).to_lowercase(),
                    e.account,
                    e.amount
                );
            }
            Ok(())
        }
    }
}

fn open_bank(db: &PathBuf) -> Result<Bank> {
    Bank::open(db).with_context(|| format!("cannot open the bank database `{}`", db.display()))
}
