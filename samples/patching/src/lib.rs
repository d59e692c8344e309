//! # Patching: changing workflow code while executions are running
//!
//! A workflow's code must make the same decisions when a worker replays its history. So what if
//! the code must change — call `post_patch_activity` instead of `pre_patch_activity` — while
//! workflows started with the old code are still running (or still queried, which replays them
//! too)? A **patch** lets old and new executions coexist, in four deployments:
//!
//! 1. **Initial**: the old code.
//! 2. **Patched**: `if ctx.patched("my-patch") { new } else { old }`. A new execution records a
//!    marker and takes the new path; an old one (no marker in its history) replays the old path.
//! 3. **Patch deprecated**: once no execution from stage 1 is left, only the new path remains,
//!    with `ctx.deprecate_patch("my-patch")`, which still accepts histories with the marker.
//! 4. **Patch complete**: once no execution from stage 2 is left, the call goes too.
//!
//! The four stages live side by side in `workflows.rs` (all registered as `MyWorkflow`, one per
//! worker); the replay tests show which stage's code can run which stage's histories, and that
//! changing the code without a patch breaks every execution in flight.
//!
//! Names match the Python samples `patching` and `hello/hello_patch`.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p patching worker --workflow initial
//! cargo run -p patching starter --start-workflow initial-workflow-id
//! cargo run -p patching starter --query-workflow initial-workflow-id
//! cargo run -p patching starter          # the whole staged deployment, in one process
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use temporalio_sdk::WorkerOptions;

pub use activities::PatchingActivities;
pub use workflows::{
    InitialWorkflow, PatchCompleteWorkflow, PatchDeprecatedWorkflow, PatchedWorkflow,
};

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "patching-task-queue";
/// The patch's id.
pub const PATCH_ID: &str = "my-patch";

/// One deployment of the workflow's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The original code: `pre_patch_activity`.
    Initial,
    /// Old and new paths behind `patched("my-patch")`.
    Patched,
    /// Only the new path; `deprecate_patch("my-patch")` still accepts patched histories.
    PatchDeprecated,
    /// Only the new path, no patch call.
    PatchComplete,
}

impl Stage {
    /// All four, in deployment order.
    pub const ALL: [Stage; 4] = [
        Stage::Initial,
        Stage::Patched,
        Stage::PatchDeprecated,
        Stage::PatchComplete,
    ];

    /// `initial`, `patched`, `patch-deprecated`, `patch-complete` (the Python worker's names).
    pub fn name(self) -> &'static str {
        match self {
            Stage::Initial => "initial",
            Stage::Patched => "patched",
            Stage::PatchDeprecated => "patch-deprecated",
            Stage::PatchComplete => "patch-complete",
        }
    }
}

/// Worker options for one stage: that stage's `MyWorkflow`, and both activities (a worker must
/// keep serving the old activity while old executions may still call it).
pub fn worker_options(task_queue: &str, stage: Stage) -> anyhow::Result<WorkerOptions> {
    let options = WorkerOptions::new(task_queue);
    let options = match stage {
        Stage::Initial => options.register_workflow::<InitialWorkflow>()?,
        Stage::Patched => options.register_workflow::<PatchedWorkflow>()?,
        Stage::PatchDeprecated => options.register_workflow::<PatchDeprecatedWorkflow>()?,
        Stage::PatchComplete => options.register_workflow::<PatchCompleteWorkflow>()?,
    };
    Ok(options.register_activities(PatchingActivities).build())
}
