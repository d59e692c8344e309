//! The client half: send models through `PydanticWorkflow` and get them back typed, or render a badge
//! that comes back as bytes. `main.rs` and the tests call these same functions.

use anyhow::{Context, Result};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions,
    errors::WorkflowGetResultError,
};

use crate::{Badge, BadgeWorkflow, MyModel, PydanticWorkflow, Unvalidated};

// ANCHOR: lesson
/// Starts `PydanticWorkflow` with `models` as they are — validated or not: the workflow validates
/// them itself and fails with a `ValidationError` naming the field. Returns its handle (the run id
/// is `handle.run_id()`).
pub async fn start_models(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    models: Unvalidated<Vec<MyModel>>,
) -> Result<WorkflowHandle<Client, PydanticWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(PydanticWorkflow::run, models, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for the models to come back, typed, or for the workflow's failure.
pub async fn models(
    client: &Client,
    workflow_id: &str,
) -> Result<Vec<MyModel>, WorkflowGetResultError> {
    client
        .get_workflow_handle::<PydanticWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
}

/// Renders `model`'s badge; the result travels as `binary/plain` bytes, not JSON.
pub async fn badge(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    model: &MyModel,
) -> Result<(String, Badge)> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(BadgeWorkflow::run, Unvalidated::new(model)?, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    let run_id = handle.run_id().unwrap_or_default().to_owned();
    let badge = handle
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("workflow `{workflow_id}` failed"))?;
    Ok((run_id, badge))
}
// ANCHOR_END: lesson
