//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p timers worker
//! cargo run -p timers starter                    # the catalogue: runs until `timers stop`
//! cargo run -p timers starter --oil-change-ms 1000 --inspection-ms 2500 --coolant-ms 4000 --max-notifications 6
//! cargo run -p timers stop
//! cargo run -p timers order [--processing-ms 1500 --late-after-ms 500]
//! ```

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use samples_helper::ConnectArgs;
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
        Command::Starter(args) => {
            client::starter(
                &connected,
                TASK_QUEUE,
                &args.workflow_id,
                args.input(),
                args.watch,
            )
            .await
        }
        Command::Stop { workflow_id } => {
            client::stop(c, &workflow_id).await?;
            println!("Asked {workflow_id} to stop.");
            Ok(())
        }
        Command::Order(OrderArgs {
            order_id,
            customer_email,
            processing_ms,
            late_after_ms,
            workflow_id,
        }) => {
            let input = OrderInput {
                order_id,
                customer_email,
                processing_ms,
                late_after_ms,
            };
            client::order(&connected, TASK_QUEUE, &workflow_id, input).await?;
            Ok(())
        }
    }
}
