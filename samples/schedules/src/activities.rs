//! The activity the scheduled workflow runs.

use serde::{Deserialize, Serialize};
use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

// ANCHOR: lesson
/// Input of `your_activity`, as in the Python sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YourParams {
    /// E.g. `Hello`.
    pub greeting: String,
    /// Who to greet.
    pub name: String,
}

/// The schedule sample's activities.
pub struct ScheduleActivities;

#[activities]
impl ScheduleActivities {
    /// Returns `{greeting}, {name}!`.
    #[activity(name = "your_activity")]
    pub async fn your_activity(
        _ctx: ActivityContext,
        params: YourParams,
    ) -> Result<String, ActivityError> {
        println!("your_activity: {}, {}!", params.greeting, params.name);
        Ok(format!("{}, {}!", params.greeting, params.name))
    }
}
// ANCHOR_END: lesson
