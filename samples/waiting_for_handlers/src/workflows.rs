//! The two workflows: one waits for its handlers on every exit path; the other also lets its
//! update compensate, and compensates itself, when it exits early.

use std::time::Duration;

use futures::future::{Either, select};
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, ApplicationFailure, CancellableFuture, WaitConditionOptions,
    WorkflowCancellationToken, WorkflowContext, WorkflowContextView, WorkflowResult,
};

use crate::{
    WorkflowExitType, WorkflowInput, WorkflowResult as Output, activities::HandlerActivities,
};

// ANCHOR: lesson
/// Options for an activity that a workflow cancellation must not cut short: handlers and
/// compensations finish their work even when the workflow was cancelled (a cancellation is
/// delivered to the workflow's main code, as in Python).
fn uncancellable() -> ActivityOptions {
    ActivityOptions::with_start_to_close_timeout(Duration::from_secs(30))
        .cancellation_token(WorkflowCancellationToken::new())
        .build()
}

/// Waits until every signal and update handler has finished — also after the workflow was
/// cancelled, which is why the wait has a token of its own.
async fn wait_for_handlers<W>(ctx: &WorkflowContext<W>) -> WorkflowResult<()> {
    let handlers = ctx.clone();
    let options = WaitConditionOptions::builder()
        .cancellation_token(WorkflowCancellationToken::new())
        .build();
    ctx.wait_condition_with_options(move |_| handlers.all_handlers_finished(), options)
        .await?;
    Ok(())
}

/// The stand-in application logic of both workflows: wait until the update has started (so
/// there is a handler to wait for), then end as `exit_type` says.
async fn application_logic<W>(
    ctx: &WorkflowContext<W>,
    input: WorkflowInput,
    update_started: fn(&W) -> bool,
) -> WorkflowResult<Output> {
    ctx.wait_condition(update_started).await?;
    match input.exit_type {
        WorkflowExitType::Success => Ok(Output {
            data: "workflow-result".to_owned(),
        }),
        WorkflowExitType::Failure => {
            Err(ApplicationFailure::new(anyhow::anyhow!("deliberately failing workflow")).into())
        }
        WorkflowExitType::Cancellation => {
            // Wait until the client cancels: `?` then ends the workflow as cancelled. A condition
            // that is never true ends no other way; workflow code fails rather than panics, so
            // the impossible branch is an error too, not an `unreachable!`.
            ctx.wait_condition(|_| false).await?;
            Err(ApplicationFailure::new(anyhow::anyhow!(
                "the wait for cancellation ended without one"
            ))
            .into())
        }
    }
}

/// Waits for its update handler to finish before it completes, fails or ends cancelled.
#[workflow]
#[derive(Default)]
pub struct WaitingForHandlersWorkflow {
    update_started: bool,
}

#[workflow_methods]
impl WaitingForHandlersWorkflow {
    /// Returns `{data: "workflow-result"}`, fails, or ends cancelled — always after `my_update`
    /// has answered its caller.
    #[run(name = "WaitingForHandlersWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        input: WorkflowInput,
    ) -> WorkflowResult<Output> {
        let outcome = application_logic(ctx, input, |s: &Self| s.update_started).await;
        // Every exit path — a result, a failure, a cancellation — first lets handlers finish.
        // (A panic is not an exit: it fails the workflow *task*, which Temporal retries.)
        wait_for_handlers(ctx).await?;
        outcome
    }

    /// Update: runs an activity, then answers `update-result`.
    #[update(name = "my_update")]
    pub async fn my_update(
        ctx: &mut WorkflowContext<Self>,
    ) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        ctx.state_mut(|s| s.update_started = true);
        ctx.execute_activity(HandlerActivities::update_work, (), uncancellable())
            .await?;
        Ok("update-result".to_owned())
    }
}

/// Like `WaitingForHandlersWorkflow`, and when it exits with an error: its update compensates
/// its own work, and the workflow runs its compensation after the handlers finished.
#[workflow]
#[derive(Default)]
pub struct WaitingForHandlersAndCompensationWorkflow {
    update_started: bool,
    /// Set when the main code failed or was cancelled: updates still working abort and
    /// compensate.
    exiting_with_error: bool,
    update_compensation_done: bool,
    workflow_compensation_done: bool,
}

#[workflow_methods]
impl WaitingForHandlersAndCompensationWorkflow {
    /// Returns `{data: "workflow-result"}`; or, after the handlers finished and its own
    /// compensation ran, fails or ends cancelled.
    #[run(name = "WaitingForHandlersAndCompensationWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        input: WorkflowInput,
    ) -> WorkflowResult<Output> {
        match application_logic(ctx, input, |s: &Self| s.update_started).await {
            Ok(result) => {
                wait_for_handlers(ctx).await?;
                Ok(result)
            }
            Err(exit) => {
                // Tell running handlers the workflow is going down, let them compensate and
                // answer, then undo the workflow's own work.
                ctx.state_mut(|s| s.exiting_with_error = true);
                wait_for_handlers(ctx).await?;
                ctx.execute_activity(
                    HandlerActivities::workflow_compensation,
                    (),
                    uncancellable(),
                )
                .await?;
                ctx.state_mut(|s| s.workflow_compensation_done = true);
                Err(exit)
            }
        }
    }

    /// Update: runs an activity and answers `update-result` — unless the workflow exits with an
    /// error first; then it stops its activity, compensates, and fails saying why.
    #[update(name = "my_update")]
    pub async fn my_update(
        ctx: &mut WorkflowContext<Self>,
    ) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        ctx.state_mut(|s| s.update_started = true);
        let own_work = ctx.execute_activity(HandlerActivities::update_work, (), uncancellable());
        let exiting = ctx.wait_condition_with_options(
            |s: &Self| s.exiting_with_error,
            WaitConditionOptions::builder()
                .cancellation_token(WorkflowCancellationToken::new())
                .build(),
        );
        match select(Box::pin(own_work), Box::pin(exiting)).await {
            // Finished first: the caller gets the outcome, whatever the workflow does next.
            Either::Left((Ok(()), _)) => Ok("update-result".to_owned()),
            Either::Left((Err(failed), _)) => {
                compensate_update(ctx).await?;
                Err(failed.into())
            }
            // The workflow is exiting with an error before this update finished.
            Either::Right((_, own_work)) => {
                own_work.cancel();
                let _stopped = own_work.await;
                compensate_update(ctx).await?;
                Err("The update failed because the workflow run exited".into())
            }
        }
    }

    /// Query: has the workflow's compensation run?
    #[query(name = "workflow_compensation_done")]
    pub fn workflow_compensation_done(&self, _ctx: &WorkflowContextView) -> bool {
        self.workflow_compensation_done
    }

    /// Query: has the update's compensation run?
    #[query(name = "update_compensation_done")]
    pub fn update_compensation_done(&self, _ctx: &WorkflowContextView) -> bool {
        self.update_compensation_done
    }
}

/// Undoes the update's work; a failure here fails the update saying so.
async fn compensate_update(
    ctx: &WorkflowContext<WaitingForHandlersAndCompensationWorkflow>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    ctx.execute_activity(HandlerActivities::update_compensation, (), uncancellable())
        .await
        .map_err(|e| format!("Update compensation failed: {e}"))?;
    ctx.state_mut(|s| s.update_compensation_done = true);
    Ok(())
}
// ANCHOR_END: lesson
