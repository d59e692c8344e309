//! The looping workflow.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ApplicationFailure, ContinueAsNewOptions, WorkflowContext, WorkflowResult};

use crate::LoopInput;

// ANCHOR: lesson
/// The failure type when an iteration fails (`LoopState::fail_at`).
pub const ITERATION_FAILED_ERROR: &str = "IterationFailedError";

/// Sleeps, adds to a running total, and continues as new until `until`.
#[workflow]
#[derive(Default)]
pub struct LoopingWorkflow;

#[workflow_methods]
impl LoopingWorkflow {
    /// Returns nothing (`None` to Python, whose `LoopingWorkflow.run` returns `None`): the state
    /// the chain carried is the last run's input, which `client::final_state` reads.
    #[run(name = "LoopingWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, input: LoopInput) -> WorkflowResult<()> {
        let mut state = input.into_state();
        if state.iteration >= state.until {
            return Ok(());
        }
        if state.fail_at == Some(state.iteration) {
            // A failure in any run ends the whole chain: the client waiting on the workflow id
            // follows the runs and gets this failure, and no further run starts.
            return Err(ApplicationFailure::builder(anyhow::anyhow!(
                "iteration {} failed (total so far {})",
                state.iteration,
                state.total
            ))
            .type_name(ITERATION_FAILED_ERROR.to_owned())
            .non_retryable(true)
            .build()
            .into());
        }
        if !ctx.is_replaying() {
            // Logging is a side effect: skip it while replaying history, or it repeats.
            tracing::info!(
                iteration = state.iteration,
                total = state.total,
                "running iteration"
            );
        }
        // A durable timer: it survives worker restarts, unlike a sleep.
        ctx.timer(Duration::from_millis(state.interval_ms)).await;
        state.total += u64::from(state.iteration);
        state.iteration += 1;
        // Ends this run and starts the next with `state` as its input. `continue_as_new` can only
        // return the termination that tells the SDK to do so; return it.
        let Err(next_run) =
            ctx.continue_as_new(LoopInput::State(state), ContinueAsNewOptions::default());
        Err(next_run)
    }
}
// ANCHOR_END: lesson
