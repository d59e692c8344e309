//! The pool workflow and a workflow that uses it. Wire names and shapes are the Python sample's,
//! so Python users can use a Rust pool and the other way round.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use futures::future::{Either, select};
use serde::{Deserialize, Serialize};
use temporalio_common::SignalDefinition;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, ApplicationFailure, CancellableFuture, ContinueAsNewOptions,
    SignalWorkflowOptions, SyncWorkflowContext, WorkflowContext, WorkflowContextView,
    WorkflowResult,
};

use crate::RESOURCE_POOL_WORKFLOW_ID;
use crate::activities::{ResourceActivities, UseResourceActivityInput};

// ANCHOR: lesson
/// A user asking for a resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcquireRequest {
    /// The user's workflow id: where the grant goes.
    pub workflow_id: String,
}

/// A grant (pool to user), and a release (user to pool).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcquireResponse {
    /// Proves the holder: a release with another key releases nothing.
    pub release_key: String,
    /// The resource granted.
    pub resource: String,
}

/// A held resource handed from one run of a user to its next (continue-as-new).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetachedResource {
    /// The resource.
    pub resource: String,
    /// Its release key.
    pub release_key: String,
}

/// A waiter or holder, as the pool keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternalAcquireRequest {
    /// The user's workflow id.
    pub workflow_id: String,
    /// The release key, once granted.
    pub release_signal: Option<String>,
}

/// The pool's input: a new pool, or the whole pool carried into the next run.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ResourcePoolWorkflowInput {
    /// Every resource and its holder (`None`: free).
    pub resources: BTreeMap<String, Option<InternalAcquireRequest>>,
    /// Users waiting, in arrival order.
    pub waiters: Vec<InternalAcquireRequest>,
    /// How often to look for holders that ended without releasing, while users wait (default
    /// 10 s). Not in Python's input; omitted unless set, so Python reads what Rust sends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reclaim_check_ms: Option<u64>,
}

/// The grant signal. Python's pool client registers it under a name made from the pool's id,
/// `assign_resource_<pool id>`, so that one workflow can use several pools; the pool sends it
/// by that name.
pub struct AssignResource(String);

impl SignalDefinition for AssignResource {
    type Workflow = ResourceUserWorkflow;
    type Input = AcquireResponse;

    fn name(&self) -> &str {
        &self.0
    }
}

/// The pool: lends each resource to one user at a time, in the order they asked.
#[workflow]
pub struct ResourcePoolWorkflow {
    resources: BTreeMap<String, Option<InternalAcquireRequest>>,
    waiters: VecDeque<InternalAcquireRequest>,
    reclaim_every: Duration,
    grants: u64,
}

#[workflow_methods]
impl ResourcePoolWorkflow {
    #[init]
    fn new(_ctx: &WorkflowContextView, input: ResourcePoolWorkflowInput) -> Self {
        Self {
            resources: input.resources,
            waiters: input.waiters.into(),
            reclaim_every: Duration::from_millis(input.reclaim_check_ms.unwrap_or(10_000)),
            grants: 0,
        }
    }

    /// Runs forever: grants while there are waiters and free resources, and continues as new
    /// when the history grows long.
    #[run(name = "ResourcePoolWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        loop {
            if ctx.continue_as_new_suggested() && ctx.all_handlers_finished() {
                // Holders, waiters and release keys are all in the state: carry it whole.
                let next = ctx.state(|s| ResourcePoolWorkflowInput {
                    resources: s.resources.clone(),
                    waiters: s.waiters.iter().cloned().collect(),
                    reclaim_check_ms: Some(s.reclaim_every.as_millis() as u64),
                });
                let Err(next_run) = ctx.continue_as_new(next, ContinueAsNewOptions::default());
                return Err(next_run);
            }
            let next = ctx.state_mut(|s| {
                let free = s.free_resource()?;
                Some((free, s.waiters.pop_front()?))
            });
            if let Some((resource, waiter)) = next {
                Self::assign(ctx, resource, waiter).await;
                continue;
            }
            if ctx.state(|s| s.waiters.is_empty()) {
                ctx.wait_condition(|s| !s.waiters.is_empty()).await?;
                continue;
            }
            // Users wait and every resource is held: wait for a release, and meanwhile look for
            // holders that ended without releasing (a terminated workflow runs no cleanup).
            let every = ctx.state(|s| s.reclaim_every);
            let freed = ctx.wait_condition(|s| s.free_resource().is_some());
            let tick = ctx.timer(every);
            let timed_out = match select(Box::pin(freed), Box::pin(tick)).await {
                Either::Left((freed, tick)) => {
                    freed?;
                    tick.cancel();
                    tick.await;
                    false
                }
                Either::Right(_) => true,
            };
            if timed_out {
                Self::reclaim(ctx).await?;
            }
        }
    }

    /// Grants `resource` to `waiter` by signal; a waiter that has ended meanwhile is skipped and
    /// the resource stays free.
    async fn assign(
        ctx: &mut WorkflowContext<Self>,
        resource: String,
        mut waiter: InternalAcquireRequest,
    ) {
        // Deterministic: derived from the pool's own history, not from a random source.
        let grant = ctx.state_mut(|s| {
            s.grants += 1;
            s.grants
        });
        let release_key = format!("{}-{}-{grant}", ctx.run_id(), resource);
        let signal = AssignResource(format!("assign_resource_{}", ctx.workflow_id()));
        let response = AcquireResponse {
            release_key: release_key.clone(),
            resource: resource.clone(),
        };
        let sent = ctx
            .external_workflow(waiter.workflow_id.clone(), None)
            .signal(signal, response, SignalWorkflowOptions::default())
            .await;
        if sent.is_err() {
            if !ctx.is_replaying() {
                tracing::info!(user = %waiter.workflow_id, "could not assign {resource}: the user has ended");
            }
            return;
        }
        if !ctx.is_replaying() {
            tracing::info!(user = %waiter.workflow_id, "acquired resource {resource}");
        }
        waiter.release_signal = Some(release_key);
        ctx.state_mut(|s| {
            s.resources.insert(resource, Some(waiter));
        });
    }

    /// Frees the resources of holders that have ended.
    async fn reclaim(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        let holders: Vec<String> = ctx.state(|s| {
            s.resources
                .values()
                .flatten()
                .map(|h| h.workflow_id.clone())
                .collect()
        });
        let ended = ctx
            .execute_activity(
                ResourceActivities::ended_holders,
                holders,
                ActivityOptions::start_to_close_timeout(Duration::from_secs(10)),
            )
            .await?;
        ctx.state_mut(|s| {
            for holder in s.resources.values_mut() {
                if holder
                    .as_ref()
                    .is_some_and(|h| ended.contains(&h.workflow_id))
                {
                    *holder = None;
                }
            }
        });
        if !ended.is_empty() && !ctx.is_replaying() {
            tracing::warn!(?ended, "reclaimed the resources of ended holders");
        }
        Ok(())
    }

    fn free_resource(&self) -> Option<String> {
        self.resources
            .iter()
            .find(|(_, holder)| holder.is_none())
            .map(|(resource, _)| resource.clone())
    }

    /// Adds resources; one already in the pool is ignored.
    #[signal(name = "add_resources")]
    pub fn add_resources(&mut self, _ctx: &mut SyncWorkflowContext<Self>, resources: Vec<String>) {
        for resource in resources {
            self.resources.entry(resource).or_insert(None);
        }
    }

    /// Queues a user.
    #[signal(name = "acquire_resource")]
    pub fn acquire_resource(
        &mut self,
        _ctx: &mut SyncWorkflowContext<Self>,
        request: AcquireRequest,
    ) {
        self.waiters.push_back(InternalAcquireRequest {
            workflow_id: request.workflow_id,
            release_signal: None,
        });
    }

    /// Frees the resource this key was granted with; an unknown key releases nothing.
    #[signal(name = "release_resource")]
    pub fn release_resource(
        &mut self,
        _ctx: &mut SyncWorkflowContext<Self>,
        release: AcquireResponse,
    ) {
        for holder in self.resources.values_mut() {
            if holder.as_ref().and_then(|h| h.release_signal.as_ref()) == Some(&release.release_key)
            {
                *holder = None;
            }
        }
    }

    /// Every resource and its holder.
    #[query(name = "get_current_holders")]
    pub fn get_current_holders(
        &self,
        _ctx: &WorkflowContextView,
    ) -> BTreeMap<String, Option<InternalAcquireRequest>> {
        self.resources.clone()
    }
}

/// A user's input, as Python's `ResourceUserWorkflowInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceUserWorkflowInput {
    /// The pool to ask.
    pub resource_pool_workflow_id: String,
    /// Fail after the `first` or `second` use (to show the release still happens).
    pub iteration_to_fail_after: Option<String>,
    /// Continue as new after the uses, keeping the resource (once).
    pub should_continue_as_new: bool,
    /// The resource carried over from the previous run.
    #[serde(default)]
    pub already_acquired_resource: Option<DetachedResource>,
}

/// How long a user waits for a resource before giving up (Python's `MAX_RESOURCE_WAIT_TIME`).
pub const MAX_RESOURCE_WAIT: Duration = Duration::from_secs(5 * 60);

/// Uses a pooled resource twice.
///
/// The Rust SDK 1.1 registers signal handlers under names fixed at compile time, while Python's
/// pool client registers `assign_resource_<pool id>` at run time. So this workflow receives grants
/// from the pool with id `resource_pool` only, and refuses any other pool id up front instead of
/// waiting for a grant it could never receive.
#[workflow]
#[derive(Default)]
pub struct ResourceUserWorkflow {
    granted: VecDeque<AcquireResponse>,
}

#[workflow_methods]
impl ResourceUserWorkflow {
    /// Acquires (or takes over) a resource, uses it twice, and releases it — also on failure.
    #[run(name = "ResourceUserWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        input: ResourceUserWorkflowInput,
    ) -> WorkflowResult<()> {
        let pool = input.resource_pool_workflow_id.clone();
        if pool != RESOURCE_POOL_WORKFLOW_ID {
            return Err(invalid(format!(
                "this workflow receives grants from the pool `{RESOURCE_POOL_WORKFLOW_ID}` only, not `{pool}`"
            )));
        }
        let held = match input.already_acquired_resource.clone() {
            Some(carried) => AcquireResponse {
                release_key: carried.release_key,
                resource: carried.resource,
            },
            None => Self::acquire(ctx, &pool).await?,
        };

        // From here on the resource is held: every way out releases it, except continue-as-new,
        // which hands it to the next run.
        let used = Self::use_twice(ctx, &held, input.iteration_to_fail_after.as_deref()).await;
        if used.is_ok() && input.should_continue_as_new {
            let next = ResourceUserWorkflowInput {
                should_continue_as_new: false,
                already_acquired_resource: Some(DetachedResource {
                    resource: held.resource,
                    release_key: held.release_key,
                }),
                ..input
            };
            let Err(next_run) = ctx.continue_as_new(next, ContinueAsNewOptions::default());
            return Err(next_run);
        }
        ctx.external_workflow(pool, None)
            .signal(
                ResourcePoolWorkflow::release_resource,
                held,
                SignalWorkflowOptions::default(),
            )
            .await?;
        used
    }

    async fn acquire(
        ctx: &mut WorkflowContext<Self>,
        pool: &str,
    ) -> WorkflowResult<AcquireResponse> {
        let request = AcquireRequest {
            workflow_id: ctx.workflow_id().to_owned(),
        };
        ctx.external_workflow(pool.to_owned(), None)
            .signal(
                ResourcePoolWorkflow::acquire_resource,
                request,
                SignalWorkflowOptions::default(),
            )
            .await?;
        let granted = ctx.wait_condition(|s| !s.granted.is_empty());
        let give_up = ctx.timer(MAX_RESOURCE_WAIT);
        match select(Box::pin(granted), Box::pin(give_up)).await {
            Either::Left((granted, give_up)) => {
                granted?;
                give_up.cancel();
                give_up.await;
            }
            Either::Right(_) => {
                return Err(invalid(format!(
                    "no resource from `{pool}` within {MAX_RESOURCE_WAIT:?}"
                )));
            }
        }
        ctx.state_mut(|s| s.granted.pop_front())
            .ok_or_else(|| invalid("granted without a grant".to_owned()))
    }

    async fn use_twice(
        ctx: &mut WorkflowContext<Self>,
        held: &AcquireResponse,
        fail_after: Option<&str>,
    ) -> WorkflowResult<()> {
        for iteration in ["first", "second"] {
            let input = UseResourceActivityInput {
                resource: held.resource.clone(),
                iteration: iteration.to_owned(),
            };
            ctx.execute_activity(
                ResourceActivities::use_resource,
                input,
                ActivityOptions::start_to_close_timeout(Duration::from_secs(10)),
            )
            .await?;
            if fail_after == Some(iteration) {
                return Err(ApplicationFailure::builder(anyhow::anyhow!(
                    "failing after the {iteration} use, as asked"
                ))
                .type_name("FailWorkflowException".to_owned())
                .non_retryable(true)
                .build()
                .into());
            }
        }
        Ok(())
    }

    /// The pool's grant (Python's pool client's `assign_resource_<pool id>`, for `resource_pool`).
    #[signal(name = "assign_resource_resource_pool")]
    pub fn assign_resource(
        &mut self,
        _ctx: &mut SyncWorkflowContext<Self>,
        granted: AcquireResponse,
    ) {
        self.granted.push_back(granted);
    }
}

fn invalid(message: String) -> temporalio_sdk::WorkflowTermination {
    ApplicationFailure::builder(anyhow::anyhow!(message))
        .type_name("InvalidResourceRequest".to_owned())
        .non_retryable(true)
        .build()
        .into()
}
// ANCHOR_END: lesson
