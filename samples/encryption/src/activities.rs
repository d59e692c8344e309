//! An activity whose heartbeat details and failure carry sensitive text. Nothing in it knows
//! about encryption either: the worker's data converter encrypts its heartbeat details, and its
//! failure's message and stack trace (moved into an encoded payload), before they leave.

use std::{sync::Arc, time::Duration};

use serde::{Deserialize, Serialize};
use temporalio_macros::activities;
use temporalio_sdk::{
    ApplicationFailure,
    activities::{ActivityContext, ActivityError},
};

// ANCHOR: lesson
/// The failure type of a report that cannot be composed.
pub const REPORT_ERROR: &str = "ReportError";

/// Input of `ReportWorkflow` and its `compose_report` activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportInput {
    /// Whose records the report reads (sensitive).
    pub name: String,
    /// How long the activity works after its heartbeat before failing, in milliseconds.
    pub work_ms: u64,
}

/// What `compose_report` records in its heartbeat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportProgress {
    /// The step reached.
    pub step: u32,
    /// What was read so far (sensitive).
    pub note: String,
}

/// The report activities.
pub struct ReportActivities;

#[activities]
impl ReportActivities {
    /// Heartbeats its progress, works a little, then fails: the archive it needs is sealed.
    #[activity(name = "compose_report")]
    pub async fn compose_report(
        self: Arc<Self>,
        ctx: ActivityContext,
        input: ReportInput,
    ) -> Result<String, ActivityError> {
        ctx.record_heartbeat(ReportProgress {
            step: 1,
            note: format!("read the records of {}", input.name),
        })
        .await?;
        tokio::time::sleep(Duration::from_millis(input.work_ms)).await;
        Err(ActivityError::application(
            ApplicationFailure::builder(anyhow::anyhow!(
                "cannot compose the report of {}: the archive is sealed",
                input.name
            ))
            .type_name(REPORT_ERROR.to_owned())
            .non_retryable(true)
            .build(),
        ))
    }
}
// ANCHOR_END: lesson
