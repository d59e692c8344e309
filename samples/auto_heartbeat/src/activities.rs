//! The wrapper, and an activity that uses it.

use std::{future::Future, sync::Arc};

use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

// ANCHOR: lesson
/// Runs `work` and, while it runs, heartbeats at half the activity's heartbeat timeout (no
/// heartbeats when the activity has none). Returns what `work` returns.
///
/// Heartbeating does two things. The server learns that the attempt is alive, so it does not time
/// it out; and the server's answer to a heartbeat is how a cancellation request reaches the
/// activity (`ctx.cancelled()` resolves once it has). The SDK batches heartbeats, so calling it
/// more often than needed costs little; half the timeout leaves room for one late heartbeat.
pub async fn auto_heartbeat<T>(ctx: &ActivityContext, work: impl Future<Output = T>) -> T {
    let Some(timeout) = ctx.info().heartbeat_timeout else {
        return work.await;
    };
    let every = timeout / 2;
    let mut work = std::pin::pin!(work);
    loop {
        // Not workflow code: `tokio::select!` and timers are fine in an activity.
        tokio::select! {
            output = &mut work => return output,
            () = tokio::time::sleep(every) => {
                if let Err(e) = ctx.record_heartbeat(()).await {
                    tracing::warn!("cannot heartbeat: {e}");
                }
            }
        }
    }
}

/// The activity's configuration, injected by the worker: whether it heartbeats.
#[derive(Debug, Clone, Copy)]
pub struct WaitActivities {
    /// Wrap the work in [`auto_heartbeat`].
    pub auto_heartbeat: bool,
}

#[activities]
impl WaitActivities {
    /// Waits until the activity is cancelled, then returns `activity cancelled!`: the work of a
    /// long job that only stops when asked to.
    #[activity(name = "wait_for_cancel_activity")]
    pub async fn wait_for_cancel_activity(
        self: Arc<Self>,
        ctx: ActivityContext,
    ) -> Result<String, ActivityError> {
        let work = async {
            ctx.cancelled().await;
            "activity cancelled!".to_owned()
        };
        Ok(if self.auto_heartbeat {
            auto_heartbeat(&ctx, work).await
        } else {
            // Without heartbeats the server hears nothing: the attempt times out after the
            // heartbeat timeout, and a cancellation could never reach it anyway.
            work.await
        })
    }
}
// ANCHOR_END: lesson
