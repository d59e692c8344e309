//! The client half: read a definition, check it, run it. `main.rs` and the tests call these
//! same functions.

use std::{collections::BTreeMap, path::Path};

use anyhow::{Context, Result};
use temporalio_client::{Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions};

use crate::{DslInput, DslWorkflow, definition};

// ANCHOR: lesson
/// Reads and checks a YAML definition. A bad one is refused here, before anything starts, with
/// the file and the path of the bad field.
pub fn load(path: &Path) -> Result<DslInput> {
    let yaml = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the definition {}", path.display()))?;
    definition::parse_yaml(&yaml)
        .with_context(|| format!("{} is not a valid definition", path.display()))
}

/// Starts `DSLWorkflow` with `input`; returns its handle.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    input: DslInput,
) -> Result<WorkflowHandle<Client, DslWorkflow>> {
    let handle = client
        .start_workflow(
            DslWorkflow::run,
            input,
            WorkflowStartOptions::new(task_queue, workflow_id).build(),
        )
        .await
        .with_context(|| format!("cannot start `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for the final variables.
pub async fn result(
    client: &Client,
    workflow_id: &str,
) -> Result<BTreeMap<String, serde_json::Value>> {
    client
        .get_workflow_handle::<DslWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("`{workflow_id}` did not complete"))
}
// ANCHOR_END: lesson
