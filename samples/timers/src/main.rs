//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p timers worker
//! cargo run -p timers starter                    # the catalogue: runs until `timers stop`
//! cargo run -p timers starter --oil-change-ms 1000 --inspection-ms 2500 --coolant-ms 4000 --max-notifications 6
//! cargo run -p timers stop
//! cargo run -p timers order [--processing-ms 1500 --late-after-ms 500]
//! ```

use std::{process::ExitCode, time::Duration};

use anyhow::Result;
use clap::Subcommand;
use samples_helper::{ConnectArgs, Connected};
use timers::{
    MAINTENANCE_WORKFLOW_ID, MaintenanceInput, MaintenancePlan, ORDER_WORKFLOW_ID, OrderInput,
    TASK_QUEUE, client,
};

#[derive(Subcommand)]
enum Command {
    /// Run a worker for both workflows.
    Worker,
    /// Start MaintenanceWorkflow. With no interval flags it sends the catalogue's input, the
    /// bare email, and the workflow uses the catalogue's intervals (months).
    Starter(StarterArgs),
    /// Signal a running MaintenanceWorkflow to stop.
    Stop {
        /// Workflow id.
        #[arg(long, default_value = MAINTENANCE_WORKFLOW_ID)]
        workflow_id: String,
    },
    /// Process an order, racing a "running late" timer against the processing activity.
    Order(OrderArgs),
}

/// Options of `starter`.
#[derive(clap::Args)]
struct StarterArgs {
    /// The car owner's email.
    #[arg(long, default_value = "owner@example.com")]
    user_email: String,
    /// Oil change interval in ms (default: the catalogue's 3 months).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    oil_change_ms: Option<u64>,
    /// Inspection interval in ms (default: the catalogue's year).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    inspection_ms: Option<u64>,
    /// Coolant interval in ms (default: the catalogue's 24 months).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    coolant_ms: Option<u64>,
    /// End after this many notifications in all, and wait for it (default: never end).
    #[arg(long)]
    max_notifications: Option<u32>,
    /// Wait for this many notifications and print them (the workflow keeps running).
    #[arg(long, default_value_t = 0)]
    watch: usize,
    /// Workflow id.
    #[arg(long, default_value = MAINTENANCE_WORKFLOW_ID)]
    workflow_id: String,
}

impl StarterArgs {
    /// The bare email when no flag changes the catalogue's plan, else a plan.
    fn input(&self) -> MaintenanceInput {
        if self.oil_change_ms.is_none()
            && self.inspection_ms.is_none()
            && self.coolant_ms.is_none()
            && self.max_notifications.is_none()
        {
            return MaintenanceInput::UserEmail(self.user_email.clone());
        }
        let catalogue = MaintenancePlan::catalogue(&self.user_email);
        MaintenanceInput::Plan(MaintenancePlan {
            oil_change_ms: self.oil_change_ms.unwrap_or(catalogue.oil_change_ms),
            inspection_ms: self.inspection_ms.unwrap_or(catalogue.inspection_ms),
            coolant_ms: self.coolant_ms.unwrap_or(catalogue.coolant_ms),
            max_notifications: self.max_notifications.unwrap_or(0),
            ..catalogue
        })
    }
}

/// Options of `order`.
#[derive(clap::Args)]
struct OrderArgs {
    /// Order id.
    #[arg(long, default_value = "order-1001")]
    order_id: String,
    /// Who to tell if it runs late.
    #[arg(long, default_value = "customer@example.com")]
    customer_email: String,
    /// How long processing takes, in ms.
    #[arg(long, default_value_t = 1500)]
    processing_ms: u64,
    /// Send a late notice if processing takes longer than this, in ms.
    #[arg(long, default_value_t = 500)]
    late_after_ms: u64,
    /// Workflow id.
    #[arg(long, default_value = ORDER_WORKFLOW_ID)]
    workflow_id: String,
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal timers sample: concurrent recurring timers, and a timer racing an activity",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let c = &connected.client;
    match command {
        Command::Worker => {
            samples_helper::Workers::new(c, timers::worker_options(TASK_QUEUE)?)
                .run()
                .await
        }
        Command::Starter(args) => maintenance(&connected, args).await,
        Command::Stop { workflow_id } => {
            client::stop(c, &workflow_id).await?;
            println!("Asked {workflow_id} to stop.");
            Ok(())
        }
        Command::Order(args) => order(&connected, args).await,
    }
}

async fn maintenance(connected: &Connected, args: StarterArgs) -> Result<()> {
    let c = &connected.client;
    let input = args.input();
    let plan = MaintenancePlan::from(input.clone());
    let id = &args.workflow_id;
    let handle = client::start_maintenance(c, TASK_QUEUE, id, input).await?;
    connected.print_handle(&handle);
    let every = |ms: u64| humantime(Duration::from_millis(ms));
    println!(
        "Notifying {}: oil change every {}, inspection every {}, coolant every {}",
        plan.user_email,
        every(plan.oil_change_ms),
        every(plan.inspection_ms),
        every(plan.coolant_ms)
    );
    let print = |sent: &[(String, String)]| {
        for (email, message) in sent {
            println!("  {email}: {message}");
        }
    };
    if plan.max_notifications > 0 {
        client::maintenance_ended(c, id).await?;
        println!("Notifications sent, in order:");
        print(&client::notifications(c, id).await?);
    } else if args.watch > 0 {
        let longest = plan
            .oil_change_ms
            .max(plan.inspection_ms)
            .max(plan.coolant_ms);
        let timeout = Duration::from_millis(longest.saturating_mul(args.watch as u64))
            + Duration::from_secs(30);
        let sent = client::wait_for_notifications(c, id, args.watch, timeout).await?;
        println!("First {} notifications, in order:", args.watch);
        print(&sent[..args.watch]);
        println!("It keeps running; `cargo run -p timers stop --workflow-id {id}` ends it.");
    } else {
        println!("It runs until stopped: `cargo run -p timers stop --workflow-id {id}`.");
    }
    Ok(())
}

async fn order(connected: &Connected, args: OrderArgs) -> Result<()> {
    let OrderArgs {
        order_id,
        customer_email,
        processing_ms,
        late_after_ms,
        workflow_id,
    } = args;
    let input = OrderInput {
        order_id,
        customer_email,
        processing_ms,
        late_after_ms,
    };
    let c = &connected.client;
    let handle = client::start_order(c, TASK_QUEUE, &workflow_id, input).await?;
    connected.print_handle(&handle);
    let outcome = client::order_outcome(c, &workflow_id).await?;
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

/// `90 days`, `2.5 s`: an interval as a reader would write it.
fn humantime(d: Duration) -> String {
    const DAY: u64 = 24 * 60 * 60;
    let secs = d.as_secs();
    if secs >= DAY && secs.is_multiple_of(DAY) {
        format!("{} days", secs / DAY)
    } else {
        format!("{} s", d.as_secs_f64())
    }
}
