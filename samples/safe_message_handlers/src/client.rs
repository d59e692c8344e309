//! The client half: the Python starter's cluster lifecycle — start, wait for the cluster, assign
//! six jobs at once, delete them at once, shut down — with an update id on every update, so a
//! retried call is deduplicated by the server. `main.rs` and the tests call these functions.

use std::time::Duration;

use anyhow::{Context, Result};
use futures::future::try_join_all;
use temporalio_client::{
    Client, WorkflowExecuteUpdateOptions, WorkflowGetResultOptions, WorkflowHandle,
    WorkflowIdConflictPolicy, WorkflowQueryOptions, WorkflowSignalOptions, WorkflowStartOptions,
};

use crate::{
    ClusterManagerAssignNodesToJobInput, ClusterManagerAssignNodesToJobResult,
    ClusterManagerDeleteJobInput, ClusterManagerInput, ClusterManagerResult, ClusterManagerState,
    ClusterManagerWorkflow,
};

// ANCHOR: lesson
/// Starts the cluster manager (terminating a leftover run under the same id, as Python does).
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    test_continue_as_new: bool,
) -> Result<WorkflowHandle<Client, ClusterManagerWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id)
        .id_conflict_policy(WorkflowIdConflictPolicy::TerminateExisting)
        .build();
    let input = ClusterManagerInput {
        state: None,
        test_continue_as_new,
    };
    let handle = client
        .start_workflow(ClusterManagerWorkflow::run, input, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Update options with an explicit update id. The server runs an update once per id: a caller
/// that retries (after a timeout, a crash, a lost response) gets the first call's result.
fn with_update_id(update_id: &str) -> WorkflowExecuteUpdateOptions {
    WorkflowExecuteUpdateOptions::builder()
        .update_id(update_id.to_owned())
        .build()
}

/// Update: waits until the cluster has started; returns its state.
pub async fn wait_until_started(client: &Client, workflow_id: &str) -> Result<ClusterManagerState> {
    Ok(client
        .get_workflow_handle::<ClusterManagerWorkflow>(workflow_id)
        .execute_update(
            ClusterManagerWorkflow::wait_until_cluster_started,
            (),
            WorkflowExecuteUpdateOptions::default(),
        )
        .await?)
}

/// Update: assigns nodes to a job, deduplicated by `update_id`.
pub async fn assign(
    client: &Client,
    workflow_id: &str,
    job_name: &str,
    total_num_nodes: usize,
    update_id: &str,
) -> Result<ClusterManagerAssignNodesToJobResult> {
    client
        .get_workflow_handle::<ClusterManagerWorkflow>(workflow_id)
        .execute_update(
            ClusterManagerWorkflow::assign_nodes_to_job,
            ClusterManagerAssignNodesToJobInput {
                total_num_nodes,
                job_name: job_name.to_owned(),
            },
            with_update_id(update_id),
        )
        .await
        .with_context(|| format!("cannot assign nodes to {job_name}"))
}

/// Update: deletes a job, deduplicated by `update_id`.
pub async fn delete(
    client: &Client,
    workflow_id: &str,
    job_name: &str,
    update_id: &str,
) -> Result<()> {
    client
        .get_workflow_handle::<ClusterManagerWorkflow>(workflow_id)
        .execute_update(
            ClusterManagerWorkflow::delete_job,
            ClusterManagerDeleteJobInput {
                job_name: job_name.to_owned(),
            },
            with_update_id(update_id),
        )
        .await
        .with_context(|| format!("cannot delete {job_name}"))
}

/// Signal: shut the cluster down.
pub async fn shutdown(client: &Client, workflow_id: &str) -> Result<()> {
    client
        .get_workflow_handle::<ClusterManagerWorkflow>(workflow_id)
        .signal(
            ClusterManagerWorkflow::shutdown_cluster,
            (),
            WorkflowSignalOptions::default(),
        )
        .await
        .with_context(|| format!("cannot signal workflow `{workflow_id}`"))
}

/// Query: the current state.
pub async fn state(client: &Client, workflow_id: &str) -> Result<ClusterManagerState> {
    Ok(client
        .get_workflow_handle::<ClusterManagerWorkflow>(workflow_id)
        .query(
            ClusterManagerWorkflow::get_state,
            (),
            WorkflowQueryOptions::default(),
        )
        .await?)
}

/// Waits for the result (following continue-as-new to the last run).
pub async fn result(client: &Client, workflow_id: &str) -> Result<ClusterManagerResult> {
    Ok(client
        .get_workflow_handle::<ClusterManagerWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await?)
}

/// The Python starter's lifecycle on a started cluster manager: six jobs of two nodes assigned
/// concurrently, a pause, the six deleted concurrently, then shutdown. Returns each job's nodes.
pub async fn lifecycle(
    client: &Client,
    workflow_id: &str,
    delay: Duration,
) -> Result<Vec<ClusterManagerAssignNodesToJobResult>> {
    let started = wait_until_started(client, workflow_id).await?;
    println!("Cluster started with {} nodes", started.nodes.len());
    println!("Assigning jobs to nodes...");
    let assigned = try_join_all((0..6).map(|i| {
        let job = format!("task-{i}");
        async move {
            assign(
                client,
                workflow_id,
                &job,
                2,
                &format!("{workflow_id}-assign-{job}"),
            )
            .await
        }
    }))
    .await?;
    println!("Sleeping for {} second(s)", delay.as_secs());
    tokio::time::sleep(delay).await;
    println!("Deleting jobs...");
    try_join_all((0..6).map(|i| {
        let job = format!("task-{i}");
        async move {
            delete(
                client,
                workflow_id,
                &job,
                &format!("{workflow_id}-delete-{job}"),
            )
            .await
        }
    }))
    .await?;
    shutdown(client, workflow_id).await?;
    Ok(assigned)
}
// ANCHOR_END: lesson
