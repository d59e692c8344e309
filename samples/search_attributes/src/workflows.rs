//! The workflow: waits a little, then changes its search attributes.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{WorkflowContext, WorkflowResult};

use crate::{CUSTOM_KEYWORD, STAGE};

// ANCHOR: lesson
/// Changes its own search attributes after two seconds.
#[workflow]
#[derive(Default)]
pub struct GreetingWorkflow;

#[workflow_methods]
impl GreetingWorkflow {
    /// Returns nothing, as in Python.
    #[run(name = "GreetingWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        ctx.timer(Duration::from_secs(2)).await;
        // Recorded in history (an UpsertWorkflowSearchAttributes event), so replay-safe; the
        // visibility store indexes the new values shortly after.
        let mut updates = vec![CUSTOM_KEYWORD.value_set("new-value".to_owned())];
        // Only set `Stage` where the starter declared it (the Python starter does not).
        if ctx.search_attributes().contains_key(&STAGE) {
            updates.push(STAGE.value_set(2));
        }
        ctx.upsert_search_attributes(updates);
        Ok(())
    }
}
// ANCHOR_END: lesson
