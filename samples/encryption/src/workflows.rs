//! The workflow. Nothing in it knows about encryption: the codec works below it.

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{WorkflowContext, WorkflowResult};

/// Greets `name`. Registered as `"Workflow"`, the name the other SDKs' samples use.
#[workflow]
#[derive(Default)]
pub struct GreetingWorkflow;

#[workflow_methods]
impl GreetingWorkflow {
    /// Returns `Hello, {name}`.
    #[run(name = "Workflow")]
    pub async fn run(_ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        Ok(format!("Hello, {name}"))
    }
}
