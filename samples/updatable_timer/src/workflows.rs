//! The workflow: a sleep until a wake-up time that a signal can move.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::future::{Either, select};
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ApplicationFailure, CancellableFuture, SyncWorkflowContext, WorkflowContext,
    WorkflowContextView, WorkflowResult,
};

// ANCHOR: lesson
/// Sleeps until its wake-up time (Unix seconds), which `update_wake_up_time` can move.
#[workflow]
pub struct UpdatableTimerWorkflow {
    /// When to wake up, in Unix seconds (a float, as Python's `datetime.timestamp()`).
    wake_up_time: f64,
    /// Bumped by every update, so the sleeping loop can tell that the time changed.
    updates: u64,
}

#[workflow_methods]
impl UpdatableTimerWorkflow {
    #[init]
    fn new(_ctx: &WorkflowContextView, wake_up_time: f64) -> Self {
        Self {
            wake_up_time,
            updates: 0,
        }
    }

    /// Returns (nothing, as in Python) once the current wake-up time has passed.
    #[run(name = "Workflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        loop {
            // Workflow time comes from history, so a replay computes the same intervals.
            let now = ctx
                .workflow_time()
                .ok_or_else(|| ApplicationFailure::new(anyhow::anyhow!("no workflow time")))?;
            let (wake_up_time, seen) = ctx.state(|s| (s.wake_up_time, s.updates));
            let Some(interval) = until(now, wake_up_time) else {
                break;
            };
            if !ctx.is_replaying() {
                tracing::info!(?interval, "going to sleep");
            }
            // Race a timer for the whole interval against "the wake-up time changed".
            let timer = ctx.timer(interval);
            let changed = ctx.wait_condition(move |s| s.updates != seen);
            match select(Box::pin(timer), Box::pin(changed)).await {
                // Slept the whole interval: loop once more to check the (possibly moved) time.
                Either::Left(_) => {}
                Either::Right((changed, timer)) => {
                    changed?;
                    // A dropped timer would still fire later; cancel it so history shows the
                    // timer cancelled and the server forgets it.
                    timer.cancel();
                    timer.await;
                }
            }
        }
        if !ctx.is_replaying() {
            tracing::info!("woke up");
        }
        Ok(())
    }

    /// Signal: move the wake-up time (Unix seconds), earlier or later.
    #[signal(name = "update_wake_up_time")]
    pub fn update_wake_up_time(&mut self, _ctx: &mut SyncWorkflowContext<Self>, wake_up_time: f64) {
        self.wake_up_time = wake_up_time;
        self.updates += 1;
    }

    /// Query: the current wake-up time (Unix seconds).
    #[query(name = "get_wake_up_time")]
    pub fn get_wake_up_time(&self, _ctx: &WorkflowContextView) -> f64 {
        self.wake_up_time
    }
}

/// How long from `now` until `wake_up_time` (Unix seconds); `None` once it has passed, or for a
/// time that is not a number.
fn until(now: SystemTime, wake_up_time: f64) -> Option<Duration> {
    let now = now.duration_since(UNIX_EPOCH).ok()?.as_secs_f64();
    let left = wake_up_time - now;
    (left.is_finite() && left > 0.0).then(|| Duration::from_secs_f64(left.min(1e10)))
}
// ANCHOR_END: lesson
