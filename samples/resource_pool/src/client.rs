//! The client half: start the pool (or find it running), start users, wait for them, read the
//! holders. `main.rs` and the tests call these same functions.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowIdConflictPolicy,
    WorkflowQueryOptions, WorkflowStartOptions,
};

use crate::workflows::{
    InternalAcquireRequest, ResourcePoolWorkflowInput, ResourceUserWorkflowInput,
};
use crate::{RESOURCE_POOL_WORKFLOW_ID, ResourcePoolWorkflow, ResourceUserWorkflow};

// ANCHOR: lesson
/// Starts the pool with `resources`, or returns the running one (`UseExisting`: one pool per
/// id, however many starters). `reclaim_check` is how often it looks for ended holders while
/// users wait (the pool's default when `None`).
pub async fn start_pool(
    client: &Client,
    task_queue: &str,
    resources: &[String],
    reclaim_check: Option<Duration>,
) -> Result<WorkflowHandle<Client, ResourcePoolWorkflow>> {
    if resources.is_empty() || resources.iter().any(|r| r.trim().is_empty()) {
        bail!(
            "a pool needs resources, each with a name (e.g. `--resources resource_a,resource_b`)"
        );
    }
    if let Some(twice) = resources
        .iter()
        .enumerate()
        .find_map(|(i, r)| resources[..i].contains(r).then_some(r))
    {
        bail!("resource `{twice}` is listed twice: each resource needs a name of its own");
    }
    let input = ResourcePoolWorkflowInput {
        resources: resources.iter().map(|r| (r.clone(), None)).collect(),
        waiters: Vec::new(),
        reclaim_check_ms: reclaim_check.map(|d| d.as_millis() as u64),
    };
    let options = WorkflowStartOptions::new(task_queue, RESOURCE_POOL_WORKFLOW_ID)
        .id_conflict_policy(WorkflowIdConflictPolicy::UseExisting)
        .build();
    let started = client
        .start_workflow(ResourcePoolWorkflow::run, input, options)
        .await
        .context("cannot start the resource pool")?;
    Ok(WorkflowHandle::new(client.clone(), started.info().clone()))
}

/// One user to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Its workflow id.
    pub workflow_id: String,
    /// Fail after this use (`first`, `second`).
    pub fail_after: Option<String>,
    /// Continue as new once, keeping the resource.
    pub continue_as_new: bool,
}

/// The Python starter's users: `resource-user-workflow-0` … `-{n-1}`; the first continues as new
/// holding its resource, the second fails after its first use.
pub fn python_starter_users(n: usize) -> Vec<User> {
    (0..n)
        .map(|i| User {
            workflow_id: format!("resource-user-workflow-{i}"),
            fail_after: (i == 1).then(|| "first".to_owned()),
            continue_as_new: i == 0,
        })
        .collect()
}

/// Starts every user at once, then waits for each; returns each one's outcome (`Err` with the
/// failure when it failed). The users queue for resources inside the pool, not here.
pub async fn run_users(
    client: &Client,
    task_queue: &str,
    users: &[User],
) -> Result<Vec<(String, Result<(), String>)>> {
    if users.is_empty() {
        bail!("no users: start at least one (`--users 4`)");
    }
    let mut handles = Vec::new();
    for user in users {
        let input = ResourceUserWorkflowInput {
            resource_pool_workflow_id: RESOURCE_POOL_WORKFLOW_ID.to_owned(),
            iteration_to_fail_after: user.fail_after.clone(),
            should_continue_as_new: user.continue_as_new,
            already_acquired_resource: None,
        };
        let options = WorkflowStartOptions::new(task_queue, &user.workflow_id).build();
        let handle = client
            .start_workflow(ResourceUserWorkflow::run, input, options)
            .await
            .with_context(|| format!("cannot start `{}`", user.workflow_id))?;
        handles.push((user.workflow_id.clone(), handle));
    }
    let mut outcomes = Vec::new();
    for (id, handle) in handles {
        // The result follows continue-as-new to the last run.
        let outcome = handle
            .get_result(WorkflowGetResultOptions::default())
            .await
            .map_err(|e| samples_helper::failure::describe(&e));
        outcomes.push((id, outcome));
    }
    Ok(outcomes)
}

/// Who holds what right now: the pool's `get_current_holders` query.
pub async fn holders(
    pool: &WorkflowHandle<Client, ResourcePoolWorkflow>,
) -> Result<BTreeMap<String, Option<InternalAcquireRequest>>> {
    pool.query(
        ResourcePoolWorkflow::get_current_holders,
        (),
        WorkflowQueryOptions::default(),
    )
    .await
    .context("cannot query the pool")
}
// ANCHOR_END: lesson
