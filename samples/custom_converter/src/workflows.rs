//! The workflow: typed input and output, with no idea how they are encoded.

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{WorkflowContext, WorkflowResult};

use crate::{GreetingInput, GreetingOutput};

// ANCHOR: lesson
/// Greets the input's name.
#[workflow]
#[derive(Default)]
pub struct GreetingWorkflow;

#[workflow_methods]
impl GreetingWorkflow {
    /// Returns `Hello, {name}` (as the Python sample, without an exclamation mark).
    #[run(name = "GreetingWorkflow")]
    pub async fn run(
        _ctx: &mut WorkflowContext<Self>,
        input: GreetingInput,
    ) -> WorkflowResult<GreetingOutput> {
        Ok(GreetingOutput {
            result: format!("Hello, {}", input.name),
        })
    }
}
// ANCHOR_END: lesson
