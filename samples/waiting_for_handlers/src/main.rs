//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p waiting_for_handlers worker
//! cargo run -p waiting_for_handlers starter [--variant waiting|compensating] [--exit success|failure|cancellation]
//! ```

use std::{process::ExitCode, time::Duration};

use anyhow::Result;
use clap::{Subcommand, ValueEnum};
use samples_helper::ConnectArgs;
use waiting_for_handlers::{
    HandlerActivities, TASK_QUEUE, WORKFLOW_ID, WorkflowExitType,
    client::{self, Variant},
};

#[derive(Clone, Copy, ValueEnum)]
enum VariantArg {
    /// WaitingForHandlersWorkflow.
    Waiting,
    /// WaitingForHandlersAndCompensationWorkflow.
    Compensating,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExitArg {
    Success,
    Failure,
    Cancellation,
}

#[derive(Subcommand)]
enum Command {
    /// Run a worker for both workflows and their activities.
    Worker {
        /// How long each activity works, in ms (the Python samples' 1 s).
        #[arg(long, default_value_t = 1000)]
        activity_ms: u64,
    },
    /// For each workflow and each exit type (or the ones given): start it, start its update,
    /// cancel it if asked, and print what the update's and the workflow's callers get.
    Starter {
        /// Only this workflow.
        #[arg(long, value_enum)]
        variant: Option<VariantArg>,
        /// Only this exit type.
        #[arg(long, value_enum)]
        exit: Option<ExitArg>,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal sample: wait for update handlers on every exit path, and compensate",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let c = &connected.client;
    match command {
        Command::Worker { activity_ms } => {
            let activities = HandlerActivities {
                work: Duration::from_millis(activity_ms),
            };
            samples_helper::Workers::new(
                c,
                waiting_for_handlers::worker_options(TASK_QUEUE, activities)?,
            )
            .run()
            .await
        }
        Command::Starter {
            variant,
            exit,
            workflow_id,
        } => {
            let variants = match variant {
                None => vec![Variant::Waiting, Variant::Compensating],
                Some(VariantArg::Waiting) => vec![Variant::Waiting],
                Some(VariantArg::Compensating) => vec![Variant::Compensating],
            };
            let exits = match exit {
                None => WorkflowExitType::ALL.to_vec(),
                Some(ExitArg::Success) => vec![WorkflowExitType::Success],
                Some(ExitArg::Failure) => vec![WorkflowExitType::Failure],
                Some(ExitArg::Cancellation) => vec![WorkflowExitType::Cancellation],
            };
            for variant in variants {
                println!("{variant:?} workflow");
                for exit_type in &exits {
                    println!(
                        "  workflow exit type: {}",
                        format!("{exit_type:?}").to_uppercase()
                    );
                    let outcome =
                        client::run(c, TASK_QUEUE, &workflow_id, variant, *exit_type).await?;
                    match &outcome.update {
                        Ok(result) => println!("    update caller got: {result}"),
                        Err(error) => println!("    update caller got an error: {error}"),
                    }
                    match &outcome.workflow {
                        Ok(result) => println!("    workflow caller got: {result}"),
                        Err(error) => println!("    workflow caller got an error: {error}"),
                    }
                    if let Some((update, workflow)) = outcome.compensations {
                        println!(
                            "    update compensation done: {update}; workflow compensation done: {workflow}"
                        );
                    }
                }
            }
            Ok(())
        }
    }
}
