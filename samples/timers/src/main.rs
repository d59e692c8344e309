//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p timers worker
//! cargo run -p timers starter                          # the reminders, then the order race
//! cargo run -p timers reminders [--max-reminders 0]   # 0: until `cargo run -p timers stop`
//! cargo run -p timers order [--processing-ms 1500 --late-after-ms 500]
//! ```

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use samples_helper::ConnectArgs;
use samples_helper::Connected;
use temporalio_client::{WorkflowGetResultOptions, WorkflowSignalOptions, WorkflowStartOptions};
use timers::{
    MaintenanceRemindersWorkflow, MaintenanceTask, ORDER_WORKFLOW_ID, OrderInput,
    OrderProcessingWorkflow, REMINDERS_WORKFLOW_ID, ReminderPlan, TASK_QUEUE,
};

#[derive(Parser)]
#[command(
    about = "Temporal timers sample: concurrent recurring timers, and a timer racing an activity"
)]
struct Cli {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a worker for both workflows.
    Worker {
        /// Task queue to poll.
        #[arg(long, default_value = TASK_QUEUE)]
        task_queue: String,
    },
    /// Run the lesson end to end with demo intervals: the reminders, then the order race.
    Starter,
    /// Start maintenance reminders and wait until they stop.
    Reminders(RemindersArgs),
    /// Signal a running reminders workflow to stop.
    Stop {
        /// Workflow id.
        #[arg(long, default_value = REMINDERS_WORKFLOW_ID)]
        workflow_id: String,
    },
    /// Process an order, racing a "running late" timer against the processing activity.
    Order(OrderArgs),
}

/// Options of the `reminders` subcommand.
#[derive(Parser)]
struct RemindersArgs {
    /// Vehicle the reminders are for.
    #[arg(long, default_value = "car-42")]
    vehicle: String,
    /// Oil change interval in ms (in real life: months, e.g. 15552000000 for 180 days).
    #[arg(long, default_value_t = 3000)]
    oil_change_ms: u64,
    /// Inspection interval in ms.
    #[arg(long, default_value_t = 5000)]
    inspection_ms: u64,
    /// Coolant interval in ms.
    #[arg(long, default_value_t = 8000)]
    coolant_ms: u64,
    /// Stop after this many reminders in total (0: run until the `stop` subcommand).
    #[arg(long, default_value_t = 6)]
    max_reminders: u32,
    /// Workflow id.
    #[arg(long, default_value = REMINDERS_WORKFLOW_ID)]
    workflow_id: String,
    /// Task queue of the worker.
    #[arg(long, default_value = TASK_QUEUE)]
    task_queue: String,
}

/// Options of the `order` subcommand.
#[derive(Parser)]
struct OrderArgs {
    /// Order id.
    #[arg(long, default_value = "order-1001")]
    order_id: String,
    /// How long processing takes, in ms.
    #[arg(long, default_value_t = 1500)]
    processing_ms: u64,
    /// Send a late notice if processing takes longer than this, in ms.
    #[arg(long, default_value_t = 500)]
    late_after_ms: u64,
    /// Workflow id.
    #[arg(long, default_value = ORDER_WORKFLOW_ID)]
    workflow_id: String,
    /// Task queue of the worker.
    #[arg(long, default_value = TASK_QUEUE)]
    task_queue: String,
}

fn main() -> ExitCode {
    samples_helper::exit_report(app())
}

#[tokio::main]
async fn app() -> Result<()> {
    samples_helper::init_tracing();
    let cli = Cli::parse();
    let connected = cli.connect.connect().await?;
    let client = &connected.client;
    match cli.command {
        Command::Worker { task_queue } => {
            samples_helper::run_worker(client, timers::worker_options(&task_queue)?).await
        }
        Command::Starter => {
            reminders(&connected, RemindersArgs::parse_from(["reminders"])).await?;
            order(&connected, OrderArgs::parse_from(["order"])).await
        }
        Command::Reminders(args) => reminders(&connected, args).await,
        Command::Stop { workflow_id } => {
            client
                .get_workflow_handle::<MaintenanceRemindersWorkflow>(&workflow_id)
                .signal(
                    MaintenanceRemindersWorkflow::stop,
                    (),
                    WorkflowSignalOptions::default(),
                )
                .await
                .with_context(|| format!("cannot signal workflow `{workflow_id}`"))?;
            println!("Asked {workflow_id} to stop.");
            Ok(())
        }
        Command::Order(args) => order(&connected, args).await,
    }
}

/// Starts the reminders and prints them once the workflow stops.
async fn reminders(connected: &Connected, args: RemindersArgs) -> Result<()> {
    let RemindersArgs {
        vehicle,
        oil_change_ms,
        inspection_ms,
        coolant_ms,
        max_reminders,
        workflow_id,
        task_queue,
    } = args;
    let task = |name: &str, interval_ms| MaintenanceTask {
        name: name.to_owned(),
        interval_ms,
    };
    let plan = ReminderPlan {
        vehicle,
        tasks: vec![
            task("oil change", oil_change_ms),
            task("inspection", inspection_ms),
            task("coolant", coolant_ms),
        ],
        max_reminders,
    };
    let options = WorkflowStartOptions::new(&task_queue, &workflow_id).build();
    let handle = connected
        .client
        .start_workflow(MaintenanceRemindersWorkflow::run, plan, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    connected.print_started(&workflow_id, handle.run_id().unwrap_or_default());
    let sent = handle
        .get_result(WorkflowGetResultOptions::default())
        .await?;
    println!("Reminders sent, in order:");
    for r in sent {
        println!("  {} #{}", r.task, r.number);
    }
    Ok(())
}

/// Processes one order and prints whether the late-notice timer fired.
async fn order(connected: &Connected, args: OrderArgs) -> Result<()> {
    let OrderArgs {
        order_id,
        processing_ms,
        late_after_ms,
        workflow_id,
        task_queue,
    } = args;
    let input = OrderInput {
        order_id,
        processing_ms,
        late_after_ms,
    };
    let options = WorkflowStartOptions::new(&task_queue, &workflow_id).build();
    let handle = connected
        .client
        .start_workflow(OrderProcessingWorkflow::run, input, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    connected.print_started(&workflow_id, handle.run_id().unwrap_or_default());
    let outcome = handle
        .get_result(WorkflowGetResultOptions::default())
        .await?;
    println!(
        "Result: {} ({})",
        outcome.result,
        if outcome.late_notice_sent {
            "the timer fired first: a late notice was sent"
        } else {
            "processing won: the timer was cancelled"
        }
    );
    Ok(())
}
