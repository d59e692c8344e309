//! The two workflows: the lock, one per resource, and a requester that uses it.

use std::collections::VecDeque;
use std::time::Duration;

use futures::future::{Either, select};
use serde::{Deserialize, Serialize};
use temporalio_common::protos::temporal::api::common::v1::RetryPolicy;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, ApplicationFailure, CancellableFuture, ContinueAsNewOptions,
    SignalWorkflowOptions, SyncWorkflowContext, WorkflowContext, WorkflowContextView,
    WorkflowResult,
};

use crate::activities::{LockActivities, UseResource};

// ANCHOR: lesson
/// A requester's request, sent to the lock by signal-with-start.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LockRequest {
    /// The resource wanted.
    pub resource_id: String,
    /// Where to signal the grant.
    pub requester_workflow_id: String,
    /// How long the requester may hold the lock before it is taken back.
    pub lease_ms: u64,
}

/// The grant, signalled to the requester.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockGranted {
    /// Names this grant; the release must carry it, so a late release of an expired lease
    /// cannot release the next holder's.
    pub token: String,
    /// The grant's number at this lock, 1 for the first.
    pub grant: u64,
}

/// The release, signalled to the lock by the holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseLock {
    /// The token of the grant being released.
    pub token: String,
}

/// The lock's input: a new lock, or the state carried into the next run by continue-as-new.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MutexInput {
    /// The resource this lock guards.
    pub resource_id: String,
    /// Grants per run before continuing as new.
    pub grants_per_run: u32,
    /// Requests still waiting, in arrival order.
    pub queue: Vec<LockRequest>,
    /// Grants made by earlier runs.
    pub grants: u64,
    /// Leases that expired in earlier runs.
    pub expired_leases: u64,
}

/// What a lock reports when nobody is waiting any more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MutexSummary {
    /// The resource.
    pub resource_id: String,
    /// Grants made, over all runs.
    pub grants: u64,
    /// Holders that did not release within their lease.
    pub expired_leases: u64,
}

/// The lock for one resource: grants it to one requester at a time, in the order they asked.
#[workflow]
pub struct MutexWorkflow {
    input: MutexInput,
    queue: VecDeque<LockRequest>,
    holder: Option<String>,
    /// Tokens released since the current grant.
    released: Vec<String>,
}

#[workflow_methods]
impl MutexWorkflow {
    #[init]
    fn new(_ctx: &WorkflowContextView, input: MutexInput) -> Self {
        Self {
            queue: input.queue.iter().cloned().collect(),
            input,
            holder: None,
            released: Vec::new(),
        }
    }

    /// Grants the lock until nobody is waiting; returns how many grants it made.
    #[run(name = "MutexWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<MutexSummary> {
        let (mut grants, mut expired) = ctx.state(|s| (s.input.grants, s.input.expired_leases));
        let mut grants_this_run = 0;
        // A request arriving while the workflow completes is not lost: the server refuses to
        // complete a workflow with signals it has not seen, and the worker runs this loop again.
        while let Some(request) = ctx.state_mut(|s| s.queue.pop_front()) {
            grants += 1;
            grants_this_run += 1;
            // Unique across the lock's runs too: a lock that completed and was started again by
            // the next request counts from 1 again, and a late release from a holder of the old
            // run must not match a grant of the new one.
            let run: String = ctx.run_id().chars().take(8).collect();
            let token = format!("{}-{grants}-{run}", ctx.workflow_id());
            ctx.state_mut(|s| {
                s.holder = Some(request.requester_workflow_id.clone());
                s.released.clear();
            });
            let granted = LockGranted {
                token: token.clone(),
                grant: grants,
            };
            let signalled = ctx
                .external_workflow(&request.requester_workflow_id, None)
                .signal(
                    SampleWorkflowWithMutex::lock_acquired,
                    granted,
                    SignalWorkflowOptions::default(),
                )
                .await;
            if signalled.is_err() {
                // The requester ended while it waited (failed, terminated, timed out): there is
                // nobody to hold the lock, so the next one gets it.
                if !ctx.is_replaying() {
                    tracing::info!(requester = %request.requester_workflow_id, "requester gone; skipping it");
                }
                continue;
            }
            // The holder releases, or its lease runs out: whichever comes first.
            let released = ctx.wait_condition(move |s: &Self| s.released.contains(&token));
            let lease = ctx.timer(Duration::from_millis(request.lease_ms));
            match select(Box::pin(released), Box::pin(lease)).await {
                Either::Left((released, lease)) => {
                    released?;
                    // A dropped timer keeps running: cancel it.
                    lease.cancel();
                    lease.await;
                }
                Either::Right(_) => {
                    expired += 1;
                    if !ctx.is_replaying() {
                        tracing::warn!(requester = %request.requester_workflow_id, "lease expired; taking the lock back");
                    }
                }
            }
            ctx.state_mut(|s| s.holder = None);
            let per_run = ctx.state(|s| s.input.grants_per_run);
            if grants_this_run >= per_run || ctx.continue_as_new_suggested() {
                // Nobody holds the lock now, so the waiting queue is all the state there is.
                let next = ctx.state(|s| MutexInput {
                    resource_id: s.input.resource_id.clone(),
                    grants_per_run: s.input.grants_per_run,
                    queue: s.queue.iter().cloned().collect(),
                    grants,
                    expired_leases: expired,
                });
                let Err(next_run) = ctx.continue_as_new(next, ContinueAsNewOptions::default());
                return Err(next_run);
            }
        }
        Ok(ctx.state(|s| MutexSummary {
            resource_id: s.input.resource_id.clone(),
            grants,
            expired_leases: expired,
        }))
    }

    /// Queues a request. A request from a requester already queued or holding is a retry of the
    /// same request (the activity that sends it may run twice), and is dropped.
    #[signal(name = "request_lock")]
    pub fn request_lock(&mut self, _ctx: &mut SyncWorkflowContext<Self>, request: LockRequest) {
        let requester = &request.requester_workflow_id;
        let known = self.holder.as_ref() == Some(requester)
            || self
                .queue
                .iter()
                .any(|r| &r.requester_workflow_id == requester);
        if !known {
            self.queue.push_back(request);
        }
    }

    /// Records a release; the run loop checks its token.
    #[signal(name = "release_lock")]
    pub fn release_lock(&mut self, _ctx: &mut SyncWorkflowContext<Self>, release: ReleaseLock) {
        self.released.push(release.token);
    }
}

/// A requester's input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequesterInput {
    /// The resource wanted.
    pub resource_id: String,
    /// How long the critical section holds it.
    pub hold_ms: u64,
    /// The lease asked for: longer than the critical section takes.
    pub lease_ms: u64,
}

/// What a requester reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    /// The requester's workflow id.
    pub requester: String,
    /// Its grant's token.
    pub token: String,
    /// Its grant's number.
    pub grant: u64,
}

/// A workflow that needs the resource to itself for a while (Go's `SampleWorkflowWithMutex`).
#[workflow]
#[derive(Default)]
pub struct SampleWorkflowWithMutex {
    granted: Option<LockGranted>,
}

#[workflow_methods]
impl SampleWorkflowWithMutex {
    /// Asks for the lock, waits for it, runs the critical section, releases.
    #[run(name = "SampleWorkflowWithMutex")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        input: RequesterInput,
    ) -> WorkflowResult<Held> {
        let me = ctx.workflow_id().to_owned();
        if input.resource_id.is_empty() || input.lease_ms == 0 {
            return Err(ApplicationFailure::builder(anyhow::anyhow!(
                "a lock needs a resource id and a lease longer than 0 ms (got {input:?})"
            ))
            .type_name("InvalidLockRequest".to_owned())
            .non_retryable(true)
            .build()
            .into());
        }
        let request = LockRequest {
            resource_id: input.resource_id.clone(),
            requester_workflow_id: me.clone(),
            lease_ms: input.lease_ms,
        };
        ctx.execute_activity(
            LockActivities::request_lock,
            request,
            ActivityOptions::start_to_close_timeout(Duration::from_secs(10)),
        )
        .await?;

        // The grant arrives as a signal, however long the queue.
        ctx.wait_condition(|s| s.granted.is_some()).await?;
        let granted = ctx
            .state(|s| s.granted.clone())
            .ok_or_else(|| ApplicationFailure::new(anyhow::anyhow!("granted without a grant")))?;

        // The critical section: bounded by the lease, and not retried past it (a retry after
        // the lease would run without the lock).
        let lease = Duration::from_millis(input.lease_ms);
        let options = ActivityOptions::with_schedule_to_close_timeout(lease)
            .retry_policy(RetryPolicy {
                maximum_attempts: 1,
                ..RetryPolicy::default()
            })
            .build();
        let work = UseResource {
            resource_id: input.resource_id.clone(),
            requester: me.clone(),
            token: granted.token.clone(),
            hold_ms: input.hold_ms,
        };
        let used = ctx
            .execute_activity(LockActivities::use_resource, work, options)
            .await;

        // Release whatever happened in the critical section: a failed holder that kept the lock
        // would block everyone until its lease ran out.
        let release = ReleaseLock {
            token: granted.token.clone(),
        };
        ctx.external_workflow(crate::lock_workflow_id(&input.resource_id), None)
            .signal(
                MutexWorkflow::release_lock,
                release,
                SignalWorkflowOptions::default(),
            )
            .await?;
        used?;
        Ok(Held {
            requester: me,
            token: granted.token,
            grant: granted.grant,
        })
    }

    /// The lock's grant.
    #[signal(name = "lock_acquired")]
    pub fn lock_acquired(&mut self, _ctx: &mut SyncWorkflowContext<Self>, granted: LockGranted) {
        self.granted = Some(granted);
    }
}
// ANCHOR_END: lesson
