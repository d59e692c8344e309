//! The activities a definition can call: five toy steps, as in the Python sample.

use std::sync::Arc;

use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

// ANCHOR: lesson
/// The DSL's activities.
#[derive(Debug, Default, Clone, Copy)]
pub struct DslActivities;

#[activities]
impl DslActivities {
    /// `[result from activity1: {arg}]`
    #[activity(name = "activity1")]
    pub async fn activity1(
        self: Arc<Self>,
        _ctx: ActivityContext,
        arg: String,
    ) -> Result<String, ActivityError> {
        tracing::info!("Executing activity1 with arg: {arg}");
        Ok(format!("[result from activity1: {arg}]"))
    }

    /// `[result from activity2: {arg}]`
    #[activity(name = "activity2")]
    pub async fn activity2(
        self: Arc<Self>,
        _ctx: ActivityContext,
        arg: String,
    ) -> Result<String, ActivityError> {
        tracing::info!("Executing activity2 with arg: {arg}");
        Ok(format!("[result from activity2: {arg}]"))
    }

    /// `[result from activity3: {arg1} {arg2}]` (two positional arguments, as in Python).
    #[activity(name = "activity3")]
    pub async fn activity3(
        self: Arc<Self>,
        _ctx: ActivityContext,
        arg1: String,
        arg2: String,
    ) -> Result<String, ActivityError> {
        tracing::info!("Executing activity3 with args: {arg1} and {arg2}");
        Ok(format!("[result from activity3: {arg1} {arg2}]"))
    }

    /// `[result from activity4: {arg}]`
    #[activity(name = "activity4")]
    pub async fn activity4(
        self: Arc<Self>,
        _ctx: ActivityContext,
        arg: String,
    ) -> Result<String, ActivityError> {
        tracing::info!("Executing activity4 with arg: {arg}");
        Ok(format!("[result from activity4: {arg}]"))
    }

    /// `[result from activity5: {arg1} {arg2}]`
    #[activity(name = "activity5")]
    pub async fn activity5(
        self: Arc<Self>,
        _ctx: ActivityContext,
        arg1: String,
        arg2: String,
    ) -> Result<String, ActivityError> {
        tracing::info!("Executing activity5 with args: {arg1} and {arg2}");
        Ok(format!("[result from activity5: {arg1} {arg2}]"))
    }
}
// ANCHOR_END: lesson
