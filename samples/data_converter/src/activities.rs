//! The activities: they receive and return typed values; the converter does the rest.

use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

use crate::{Badge, MyModel};

// ANCHOR: lesson
/// The model activities.
pub struct ModelActivities;

#[activities]
impl ModelActivities {
    /// Returns the models it was given (as Python's sample does), proving they arrived intact.
    #[activity(name = "my_activity")]
    pub async fn my_activity(
        _ctx: ActivityContext,
        models: Vec<MyModel>,
    ) -> Result<Vec<MyModel>, ActivityError> {
        for m in &models {
            println!("my_activity got: {m:?}");
        }
        Ok(models)
    }

    /// Renders a model's badge, returned as `binary/plain` bytes.
    #[activity(name = "render_badge")]
    pub async fn render_badge(
        _ctx: ActivityContext,
        model: MyModel,
    ) -> Result<Badge, ActivityError> {
        Ok(Badge::render(&model))
    }
}
// ANCHOR_END: lesson
