//! The cluster manager: updates and a signal that run activities, made safe with a workflow
//! lock, idempotency, and waiting for handlers before continue-as-new.

use std::{collections::BTreeSet, future::Future, time::Duration};

use futures::future::{Either, select};
use temporalio_common::RetryPolicy;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, CancellableFuture, ContinueAsNewOptions, WorkflowCancellationError,
    WorkflowContext, WorkflowContextView, WorkflowResult,
};

use crate::{
    BAD_NODE, ClusterManagerAssignNodesToJobInput, ClusterManagerAssignNodesToJobResult,
    ClusterManagerDeleteJobInput, ClusterManagerInput, ClusterManagerResult, ClusterManagerState,
    activities::{
        AssignNodesToJobInput, ClusterActivities, FindBadNodesInput, UnassignNodesForJobInput,
    },
};

// ANCHOR: lesson
/// Keeps track of which nodes of a cluster are assigned to which jobs.
#[workflow]
pub struct ClusterManagerWorkflow {
    state: ClusterManagerState,
    test_continue_as_new: bool,
    /// The workflow lock over `state.nodes`: held across the activity of a read-modify-write.
    nodes_locked: bool,
}

fn activity_options() -> ActivityOptions {
    ActivityOptions::start_to_close_timeout(Duration::from_secs(10))
}

/// Runs `body` holding the workflow lock. Workflow code runs on one thread and yields only at
/// `.await`, so "wait until free, then take it" cannot race; the lock is released whatever
/// `body` returns.
async fn locked<T>(
    ctx: &WorkflowContext<ClusterManagerWorkflow>,
    body: impl Future<Output = T>,
) -> Result<T, WorkflowCancellationError> {
    ctx.wait_condition(|s| !s.nodes_locked).await?;
    ctx.state_mut(|s| s.nodes_locked = true);
    let output = body.await;
    ctx.state_mut(|s| s.nodes_locked = false);
    Ok(output)
}

impl ClusterManagerWorkflow {
    fn nodes_of(&self, job: Option<&str>) -> BTreeSet<String> {
        self.state
            .nodes
            .iter()
            .filter(|(_, assigned)| match (job, assigned.as_deref()) {
                (Some(job), Some(a)) => a == job,
                (None, Some(a)) => a != BAD_NODE,
                (_, None) => false,
            })
            .map(|(node, _)| node.clone())
            .collect()
    }

    fn unassigned(&self) -> Vec<String> {
        self.state
            .nodes
            .iter()
            .filter(|(_, job)| job.is_none())
            .map(|(node, _)| node.clone())
            .collect()
    }

    fn bad(&self) -> usize {
        self.state
            .nodes
            .values()
            .filter(|job| job.as_deref() == Some(BAD_NODE))
            .count()
    }
}

/// Time to checkpoint: the server suggests it, or (for testing) history passed 120 events.
fn should_continue_as_new(ctx: &WorkflowContext<ClusterManagerWorkflow>, test: bool) -> bool {
    ctx.continue_as_new_suggested() || (test && ctx.history_length() > 120)
}

/// Marks unhealthy assigned nodes `BAD!`, under the lock. Optional work: one attempt, and a
/// failure is logged rather than failing the workflow (retrying forever would hold the lock).
async fn perform_health_checks(
    ctx: &WorkflowContext<ClusterManagerWorkflow>,
) -> WorkflowResult<()> {
    locked(ctx, async {
        let nodes_to_check = ctx.state(|s| s.nodes_of(None));
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(10))
            .retry_policy(RetryPolicy::builder().maximum_attempts(1).build())
            .build();
        match ctx
            .execute_activity(
                ClusterActivities::find_bad_nodes,
                FindBadNodesInput { nodes_to_check },
                options,
            )
            .await
        {
            Ok(bad) => ctx.state_mut(|s| {
                for node in bad {
                    s.state.nodes.insert(node, Some(BAD_NODE.to_owned()));
                }
            }),
            Err(e) if !ctx.is_replaying() => tracing::warn!("health check failed: {e}"),
            Err(_) => {}
        }
    })
    .await?;
    Ok(())
}

async fn wait_for_handlers(ctx: &WorkflowContext<ClusterManagerWorkflow>) -> WorkflowResult<()> {
    let handlers = ctx.clone();
    ctx.wait_condition(move |_| handlers.all_handlers_finished())
        .await?;
    Ok(())
}

#[workflow_methods]
impl ClusterManagerWorkflow {
    #[init]
    fn new(_ctx: &WorkflowContextView, input: ClusterManagerInput) -> Self {
        Self {
            state: input.state.unwrap_or_default(),
            test_continue_as_new: input.test_continue_as_new,
            nodes_locked: false,
        }
    }

    /// Starts the cluster (unless a previous run did), health-checks it periodically, continues
    /// as new when history grows long, and returns once shut down and every handler finished.
    #[run(name = "ClusterManagerWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<ClusterManagerResult> {
        if !ctx.state(|s| s.state.cluster_started) {
            let cluster = ctx
                .execute_activity(
                    ClusterActivities::start_cluster,
                    (),
                    ActivityOptions::with_schedule_to_close_timeout(Duration::from_secs(10))
                        .build(),
                )
                .await?;
            ctx.state_mut(|s| {
                s.state.nodes = cluster.node_ids.into_iter().map(|n| (n, None)).collect();
                s.state.cluster_started = true;
            });
        }
        let test = ctx.state(|s| s.test_continue_as_new);
        let interval = Duration::from_secs(if test { 1 } else { 600 });
        loop {
            perform_health_checks(ctx).await?;
            let checkpoint = ctx.clone();
            let sleep = ctx.timer(interval);
            let woken = ctx.wait_condition(move |s| {
                s.state.cluster_shutdown
                    || should_continue_as_new(&checkpoint, s.test_continue_as_new)
            });
            if let Either::Right((woken, sleep)) = select(Box::pin(sleep), Box::pin(woken)).await {
                woken?;
                sleep.cancel();
                sleep.await;
            }
            if ctx.state(|s| s.state.cluster_shutdown) {
                break;
            }
            if should_continue_as_new(ctx, test) {
                // No assignment or deletion may be left half-done in the old run.
                wait_for_handlers(ctx).await?;
                let input = ClusterManagerInput {
                    state: Some(ctx.state(|s| s.state.clone())),
                    test_continue_as_new: test,
                };
                let Err(next_run) = ctx.continue_as_new(input, ContinueAsNewOptions::default());
                return Err(next_run);
            }
        }
        // Let deletions and assignments still running finish before completing.
        wait_for_handlers(ctx).await?;
        Ok(ctx.state(|s| ClusterManagerResult {
            num_currently_assigned_nodes: s.nodes_of(None).len(),
            num_bad_nodes: s.bad(),
        }))
    }

    /// Update: returns the state once the cluster has started.
    #[update(name = "wait_until_cluster_started")]
    pub async fn wait_until_cluster_started(
        ctx: &mut WorkflowContext<Self>,
    ) -> Result<ClusterManagerState, Box<dyn std::error::Error + Send + Sync>> {
        ctx.wait_condition(|s| s.state.cluster_started).await?;
        Ok(ctx.state(|s| s.state.clone()))
    }

    /// Signal: shut the cluster down (once started). Later assignments and deletions fail.
    #[signal(name = "shutdown_cluster")]
    pub async fn shutdown_cluster(ctx: &mut WorkflowContext<Self>) {
        if ctx
            .wait_condition(|s| s.state.cluster_started)
            .await
            .is_ok()
        {
            ctx.state_mut(|s| s.state.cluster_shutdown = true);
        }
    }

    /// Update: gives `total_num_nodes` free nodes to the job and returns them. Idempotent: a job
    /// that already has nodes gets its nodes back, nothing more.
    #[update(name = "assign_nodes_to_job")]
    pub async fn assign_nodes_to_job(
        ctx: &mut WorkflowContext<Self>,
        input: ClusterManagerAssignNodesToJobInput,
    ) -> Result<ClusterManagerAssignNodesToJobResult, Box<dyn std::error::Error + Send + Sync>>
    {
        ctx.wait_condition(|s| s.state.cluster_started).await?;
        if ctx.state(|s| s.state.cluster_shutdown) {
            return Err("Cannot assign nodes to a job: Cluster is already shut down".into());
        }
        let job = input.job_name;
        let ctx = &*ctx;
        locked(ctx, async {
            // Idempotency guard: a repeated request for the same job changes nothing.
            if ctx.state(|s| s.state.jobs_assigned.contains(&job)) {
                return Ok(ctx.state(|s| s.nodes_of(Some(&job))));
            }
            let free = ctx.state(|s| s.unassigned());
            if free.len() < input.total_num_nodes {
                return Err(format!(
                    "Cannot assign {} nodes; have only {} available",
                    input.total_num_nodes,
                    free.len()
                )
                .into());
            }
            let nodes: Vec<String> = free.into_iter().take(input.total_num_nodes).collect();
            // This await lets other handlers run; without the lock they could pick these same
            // free nodes before this activity returns and the table is updated.
            ctx.execute_activity(
                ClusterActivities::assign_nodes_to_job,
                AssignNodesToJobInput {
                    nodes: nodes.clone(),
                    job_name: job.clone(),
                },
                activity_options(),
            )
            .await?;
            ctx.state_mut(|s| {
                for node in nodes {
                    s.state.nodes.insert(node, Some(job.clone()));
                }
                s.state.jobs_assigned.insert(job.clone());
            });
            Ok(ctx.state(|s| s.nodes_of(Some(&job))))
        })
        .await?
        .map(|nodes_assigned| ClusterManagerAssignNodesToJobResult { nodes_assigned })
    }

    /// Update: takes the job's nodes back.
    #[update(name = "delete_job")]
    pub async fn delete_job(
        ctx: &mut WorkflowContext<Self>,
        input: ClusterManagerDeleteJobInput,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        ctx.wait_condition(|s| s.state.cluster_started).await?;
        if ctx.state(|s| s.state.cluster_shutdown) {
            return Err("Cannot delete a job: Cluster is already shut down".into());
        }
        let job = input.job_name;
        let ctx = &*ctx;
        locked(ctx, async {
            let nodes: Vec<String> = ctx.state(|s| s.nodes_of(Some(&job))).into_iter().collect();
            ctx.execute_activity(
                ClusterActivities::unassign_nodes_for_job,
                UnassignNodesForJobInput {
                    nodes: nodes.clone(),
                    job_name: job.clone(),
                },
                activity_options(),
            )
            .await?;
            ctx.state_mut(|s| {
                for node in nodes {
                    s.state.nodes.insert(node, None);
                }
                s.state.jobs_assigned.remove(&job);
            });
            Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
        })
        .await?
    }

    /// Query (not in the Python sample): the current state.
    #[query(name = "get_state")]
    pub fn get_state(&self, _ctx: &WorkflowContextView) -> ClusterManagerState {
        self.state.clone()
    }
}
// ANCHOR_END: lesson
