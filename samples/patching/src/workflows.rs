//! The same workflow, `MyWorkflow`, as four deployments of its code. A real codebase holds one
//! of them at a time; they sit side by side here so that each stage can be run and replayed.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, WorkflowContext, WorkflowContextView, WorkflowResult};

use crate::{PATCH_ID, activities::PatchingActivities};

// ANCHOR: lesson
fn options() -> ActivityOptions {
    ActivityOptions::with_schedule_to_close_timeout(Duration::from_secs(300)).build()
}

/// Stage 1, the original code: calls `pre_patch_activity`.
#[workflow]
#[derive(Default)]
pub struct InitialWorkflow {
    result: String,
}

#[workflow_methods]
impl InitialWorkflow {
    /// Runs the activity and keeps its result for the `result` query.
    #[run(name = "MyWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        let result = ctx
            .execute_activity(PatchingActivities::pre_patch_activity, (), options())
            .await?;
        ctx.state_mut(|s| s.result = result);
        Ok(())
    }

    /// Query: the activity's result.
    #[query(name = "result")]
    pub fn result(&self, _ctx: &WorkflowContextView) -> String {
        self.result.clone()
    }
}

/// Stage 2: old and new paths behind the patch.
#[workflow]
#[derive(Default)]
pub struct PatchedWorkflow {
    result: String,
}

#[workflow_methods]
impl PatchedWorkflow {
    /// New executions record the patch marker and take the new path; executions whose history
    /// has no marker (started by stage 1) replay the old path.
    #[run(name = "MyWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        let result = if ctx.patched(PATCH_ID) {
            ctx.execute_activity(PatchingActivities::post_patch_activity, (), options())
                .await?
        } else {
            ctx.execute_activity(PatchingActivities::pre_patch_activity, (), options())
                .await?
        };
        ctx.state_mut(|s| s.result = result);
        Ok(())
    }

    /// Query: the activity's result.
    #[query(name = "result")]
    pub fn result(&self, _ctx: &WorkflowContextView) -> String {
        self.result.clone()
    }
}

/// Stage 3: only the new path. Deploy once no stage-1 execution is left (running, or within
/// the namespace's retention if you still query them).
#[workflow]
#[derive(Default)]
pub struct PatchDeprecatedWorkflow {
    result: String,
}

#[workflow_methods]
impl PatchDeprecatedWorkflow {
    /// Marks the patch deprecated — histories with the marker (stage 2) and without it (stage 3
    /// and later) both replay — and takes the new path.
    #[run(name = "MyWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        ctx.deprecate_patch(PATCH_ID);
        let result = ctx
            .execute_activity(PatchingActivities::post_patch_activity, (), options())
            .await?;
        ctx.state_mut(|s| s.result = result);
        Ok(())
    }

    /// Query: the activity's result.
    #[query(name = "result")]
    pub fn result(&self, _ctx: &WorkflowContextView) -> String {
        self.result.clone()
    }
}

/// Stage 4: the patch is gone. Deploy once no stage-2 execution is left.
#[workflow]
#[derive(Default)]
pub struct PatchCompleteWorkflow {
    result: String,
}

#[workflow_methods]
impl PatchCompleteWorkflow {
    /// Takes the new path.
    #[run(name = "MyWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        let result = ctx
            .execute_activity(PatchingActivities::post_patch_activity, (), options())
            .await?;
        ctx.state_mut(|s| s.result = result);
        Ok(())
    }

    /// Query: the activity's result.
    #[query(name = "result")]
    pub fn result(&self, _ctx: &WorkflowContextView) -> String {
        self.result.clone()
    }
}
// ANCHOR_END: lesson
