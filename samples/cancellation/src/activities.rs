//! The activities: one that never completes on its own, a cleanup, and a resumable batch.

use std::{sync::Arc, time::Duration};

use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

use crate::{BatchInput, BatchReport};

// ANCHOR: lesson
/// The activities, with two simulated faults for the demo and the tests.
#[derive(Debug, Default, Clone)]
pub struct CancellationActivities {
    /// Abort the whole process after processing this many items in `process_items`.
    pub crash_after_items: Option<u32>,
    /// `never_complete_activity` heartbeats once, then stops heartbeating for this long (a
    /// stuck worker): its heartbeat timeout expires and Temporal fails the attempt.
    pub stall_heartbeats: Option<Duration>,
}

#[activities]
impl CancellationActivities {
    /// Heartbeats every second until cancelled; never completes on its own.
    #[activity(name = "never_complete_activity")]
    pub async fn never_complete_activity(
        self: Arc<Self>,
        ctx: ActivityContext,
    ) -> Result<(), ActivityError> {
        if let Some(stall) = self.stall_heartbeats {
            ctx.record_heartbeat(()).await?;
            println!("Simulating a stuck worker: no heartbeat for {stall:?}");
            tokio::time::sleep(stall).await;
            return Err(anyhow::anyhow!(
                "stalled for {stall:?}; the attempt had already timed out"
            )
            .into());
        }
        loop {
            // The heartbeat is how the activity tells Temporal it is alive — and how Temporal
            // tells the activity it was cancelled (in the heartbeat's response).
            ctx.record_heartbeat(()).await?;
            println!("Heartbeating activity…");
            tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
                () = ctx.cancelled() => {
                    println!("Activity cancelled; stopping");
                    return Err(ActivityError::cancelled());
                }
            }
        }
    }

    /// Cleans up after the cancelled work.
    #[activity(name = "cleanup_activity")]
    pub async fn cleanup_activity(_ctx: ActivityContext) -> Result<(), ActivityError> {
        println!("Executing cleanup activity");
        Ok(())
    }

    /// Processes items 0..items, recording the next item to do in each heartbeat. A retry
    /// resumes from the last recorded item.
    #[activity(name = "process_items")]
    pub async fn process_items(
        self: Arc<Self>,
        ctx: ActivityContext,
        input: BatchInput,
    ) -> Result<BatchReport, ActivityError> {
        let attempt = ctx.info().attempt;
        // On attempt 1 there are no details; on a retry, the last heartbeat's.
        let resumed_from: u32 = ctx.heartbeat_details().deserialize()?.unwrap_or(0);
        if resumed_from > 0 {
            println!(
                "Attempt {attempt}: resuming at item {resumed_from} (from the last heartbeat)"
            );
        }
        for item in resumed_from..input.items {
            tokio::time::sleep(Duration::from_millis(input.item_ms)).await;
            println!("Attempt {attempt}: processed item {item}");
            // Record progress: the next item to process. Heartbeats are throttled, so the
            // recorded value may lag a little; work must tolerate re-doing a few items.
            ctx.record_heartbeat(item + 1).await?;
            if self.crash_after_items.is_some_and(|n| item + 1 >= n) && attempt == 1 {
                println!("Simulating a worker crash after item {item}");
                std::process::abort();
            }
        }
        Ok(BatchReport {
            attempt,
            resumed_from,
            items: input.items,
        })
    }
}
// ANCHOR_END: lesson
