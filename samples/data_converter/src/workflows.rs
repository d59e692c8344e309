//! The workflows: validate first, then work.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, ApplicationFailure, WorkflowContext, WorkflowResult};

use crate::{Badge, MyModel, Unvalidated, ValidationError, activities::ModelActivities};

// ANCHOR: lesson
/// Failure type for input that does not validate.
pub const VALIDATION_ERROR: &str = "ValidationError";

/// Turns a validation error into a non-retryable workflow failure that names the field.
fn invalid_input(e: ValidationError) -> ApplicationFailure {
    let details = vec![e.path.clone(), e.message.clone()];
    ApplicationFailure::builder(e)
        .type_name(VALIDATION_ERROR.to_owned())
        // Retrying cannot make this input valid.
        .non_retryable(true)
        .details(details)
        .build()
}

fn options() -> ActivityOptions {
    ActivityOptions::start_to_close_timeout(Duration::from_secs(10))
}

/// Passes typed models through an activity and back.
#[workflow]
#[derive(Default)]
pub struct PydanticWorkflow;

#[workflow_methods]
impl PydanticWorkflow {
    /// Returns the models as the activity returned them.
    #[run(name = "MyWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        models: Unvalidated<Vec<MyModel>>,
    ) -> WorkflowResult<Vec<MyModel>> {
        // Validate before any work: bad input fails the workflow here, with the field named.
        let models = models.validate().map_err(invalid_input)?;
        Ok(ctx
            .execute_activity(ModelActivities::my_activity, models, options())
            .await?)
    }
}

/// Renders a model's badge; its result travels as `binary/plain`.
#[workflow]
#[derive(Default)]
pub struct BadgeWorkflow;

#[workflow_methods]
impl BadgeWorkflow {
    /// Returns the badge's bytes.
    #[run(name = "BadgeWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        model: Unvalidated<MyModel>,
    ) -> WorkflowResult<Badge> {
        let model = model.validate().map_err(invalid_input)?;
        Ok(ctx
            .execute_activity(ModelActivities::render_badge, model, options())
            .await?)
    }
}
// ANCHOR_END: lesson
