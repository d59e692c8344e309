//! Not a sample: the smallest program built the way every sample's `main` is — [`run_cli`],
//! [`ConnectArgs`], [`Workers`] — so that the helper's own tests (`tests/behaviour.rs`) can check
//! what every sample binary inherits from it: connection errors, flag/environment/profile
//! precedence, the `TEMPORAL_TLS_*` variables, the runtime, and a worker drained by SIGTERM.
//!
//! ```text
//! samples_helper_probe worker --task-queue probe
//! samples_helper_probe starter --task-queue probe --workflow-id probe-1 --activity-ms 2000
//! ```
//!
//! [`run_cli`]: samples_helper::run_cli

use std::{io::Write, process::ExitCode, time::Duration};

use anyhow::{Context, Result};
use clap::Subcommand;
use samples_helper::{ConnectArgs, Workers};
use temporalio_client::{WorkflowGetResultOptions, WorkflowStartOptions};
use temporalio_common::RetryPolicy;
use temporalio_macros::{activities, workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, WorkerOptions, WorkflowContext, WorkflowResult,
    activities::{ActivityContext, ActivityError},
};

/// Printed by the activity when it starts, so a test knows when to signal the worker.
const ACTIVITY_STARTED: &str = "probe activity started";

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the probe workflow and its activity until Ctrl-C or SIGTERM.
    Worker {
        /// Task queue.
        #[arg(long, default_value = "samples-helper-probe")]
        task_queue: String,
    },
    /// Start the probe workflow, wait for it and print its result.
    Starter {
        /// Task queue.
        #[arg(long, default_value = "samples-helper-probe")]
        task_queue: String,
        /// Workflow id.
        #[arg(long, default_value = "samples-helper-probe")]
        workflow_id: String,
        /// How long the activity works.
        #[arg(long, default_value_t = 100)]
        activity_ms: u64,
    },
    /// Print the flavour of the Tokio runtime this process runs on.
    Runtime,
}

/// Runs one activity that works for the given time; one attempt only, with a 10 s timeout, so
/// an activity lost by its worker fails the workflow instead of being retried.
#[workflow]
#[derive(Default)]
struct ProbeWorkflow;

#[workflow_methods]
impl ProbeWorkflow {
    #[run(name = "ProbeWorkflow")]
    async fn run(ctx: &mut WorkflowContext<Self>, activity_ms: u64) -> WorkflowResult<String> {
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(10))
            .retry_policy(RetryPolicy::builder().maximum_attempts(1).build())
            .build();
        Ok(ctx
            .execute_activity(ProbeActivities::work, activity_ms, options)
            .await?)
    }
}

struct ProbeActivities;

#[activities]
impl ProbeActivities {
    #[activity(name = "work")]
    async fn work(_ctx: ActivityContext, activity_ms: u64) -> Result<String, ActivityError> {
        println!("{ACTIVITY_STARTED}");
        let _ = std::io::stdout().flush();
        tokio::time::sleep(Duration::from_millis(activity_ms)).await;
        Ok(format!("worked {activity_ms} ms"))
    }
}

fn main() -> ExitCode {
    samples_helper::run_cli("The helper's test probe", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    match command {
        Command::Runtime => {
            println!("{:?}", tokio::runtime::Handle::current().runtime_flavor());
            Ok(())
        }
        Command::Worker { task_queue } => {
            let connected = connect.connect().await?;
            let options = WorkerOptions::new(&task_queue)
                .register_workflow::<ProbeWorkflow>()?
                .register_activities(ProbeActivities)
                .build();
            Workers::new(&connected.client, options).run().await
        }
        Command::Starter {
            task_queue,
            workflow_id,
            activity_ms,
        } => {
            let connected = connect.connect().await?;
            let options = WorkflowStartOptions::new(&task_queue, &workflow_id).build();
            let handle = connected
                .client
                .start_workflow(ProbeWorkflow::run, activity_ms, options)
                .await
                .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
            let result = handle
                .get_result(WorkflowGetResultOptions::default())
                .await?;
            println!("Result: {result}");
            Ok(())
        }
    }
}
