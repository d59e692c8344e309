//! The client half: start a workflow, start its update and wait until accepted, cancel it if
//! asked, then collect what the update's caller and the workflow's caller each get — as the
//! Python samples' starters do. `main.rs` and the tests call these same functions.

use anyhow::{Context, Result};
use temporalio_client::{
    Client, WorkflowCancelOptions, WorkflowGetResultOptions, WorkflowIdConflictPolicy,
    WorkflowQueryOptions, WorkflowStartOptions, WorkflowStartUpdateOptions,
};

use crate::{
    WaitingForHandlersAndCompensationWorkflow, WaitingForHandlersWorkflow, WorkflowExitType,
    WorkflowInput,
};

// ANCHOR: lesson
/// Which of the two workflows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// `WaitingForHandlersWorkflow`: waits for handlers.
    Waiting,
    /// `WaitingForHandlersAndCompensationWorkflow`: waits and compensates.
    Compensating,
}

/// What each caller got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The update's result, or the error its caller saw.
    pub update: Result<String, String>,
    /// The workflow's result data, or the error its caller saw.
    pub workflow: Result<String, String>,
    /// For the compensating workflow: (update compensation done, workflow compensation done).
    pub compensations: Option<(bool, bool)>,
}

macro_rules! run_variant {
    ($workflow:ty, $client:expr, $task_queue:expr, $workflow_id:expr, $exit_type:expr) => {{
        let options = WorkflowStartOptions::new($task_queue, $workflow_id)
            // As in Python: a leftover run under the same id is terminated.
            .id_conflict_policy(WorkflowIdConflictPolicy::TerminateExisting)
            .build();
        let handle = $client
            .start_workflow(
                <$workflow>::run,
                WorkflowInput {
                    exit_type: $exit_type,
                },
                options,
            )
            .await
            .with_context(|| format!("cannot start workflow `{}`", $workflow_id))?;
        // Returns once the workflow has accepted the update.
        let update = handle
            .start_update(
                <$workflow>::my_update,
                (),
                WorkflowStartUpdateOptions::default(),
            )
            .await
            .context("cannot start the update")?;
        if $exit_type == WorkflowExitType::Cancellation {
            handle
                .cancel(WorkflowCancelOptions::default())
                .await
                .context("cannot cancel the workflow")?;
        }
        let update = update
            .get_result(Default::default())
            .await
            .map_err(|e| describe_update_error(&e));
        let workflow = handle
            .get_result(WorkflowGetResultOptions::default())
            .await
            .map(|r| r.data)
            .map_err(|e| e.to_string());
        (update, workflow)
    }};
}

/// Runs one workflow of `variant` to the end with `exit_type`, an update in flight.
pub async fn run(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    variant: Variant,
    exit_type: WorkflowExitType,
) -> Result<Outcome> {
    Ok(match variant {
        Variant::Waiting => {
            let (update, workflow) = run_variant!(
                WaitingForHandlersWorkflow,
                client,
                task_queue,
                workflow_id,
                exit_type
            );
            Outcome {
                update,
                workflow,
                compensations: None,
            }
        }
        Variant::Compensating => {
            let (update, workflow) = run_variant!(
                WaitingForHandlersAndCompensationWorkflow,
                client,
                task_queue,
                workflow_id,
                exit_type
            );
            // Queries work on a closed workflow: the worker replays it to answer.
            let handle = client
                .get_workflow_handle::<WaitingForHandlersAndCompensationWorkflow>(workflow_id);
            let update_compensated = handle
                .query(
                    WaitingForHandlersAndCompensationWorkflow::update_compensation_done,
                    (),
                    WorkflowQueryOptions::default(),
                )
                .await?;
            let workflow_compensated = handle
                .query(
                    WaitingForHandlersAndCompensationWorkflow::workflow_compensation_done,
                    (),
                    WorkflowQueryOptions::default(),
                )
                .await?;
            Outcome {
                update,
                workflow,
                compensations: Some((update_compensated, workflow_compensated)),
            }
        }
    })
}

/// The message an update's caller sees.
fn describe_update_error(err: &temporalio_client::errors::WorkflowUpdateError) -> String {
    match err {
        temporalio_client::errors::WorkflowUpdateError::Failed(failure) => failure.message.clone(),
        other => other.to_string(),
    }
}
// ANCHOR_END: lesson
