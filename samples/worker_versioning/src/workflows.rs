//! The workflows as their code evolves across the three versions. A real codebase holds one
//! version at a time; they sit side by side here so each deployment can run its own.
//!
//! | version | `AutoUpgrading` (auto-upgrade) | `Pinned` (pinned)   |
//! |---------|--------------------------------|---------------------|
//! | 1.0     | `AutoUpgradingV1`              | `PinnedV1`          |
//! | 1.1     | `AutoUpgradingV1b` (patched)   | `PinnedV1`          |
//! | 2.0     | `AutoUpgradingV1b`             | `PinnedV2` (unsafe change: fine, pinned runs never move) |

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, SyncWorkflowContext, WorkflowContext, WorkflowResult};

use crate::{IncompatibleActivityInput, activities::VersionedActivities};

// ANCHOR: lesson
fn options() -> ActivityOptions {
    ActivityOptions::start_to_close_timeout(Duration::from_secs(10))
}

/// Waits until a signal is queued and takes it off the queue.
macro_rules! next_signal {
    ($ctx:expr) => {{
        $ctx.wait_condition(|s| !s.signals.is_empty()).await?;
        $ctx.state_mut(|s| s.signals.remove(0))
    }};
}

/// 1.0 of the auto-upgrading workflow: on `do-activity` runs `some_activity`, on anything else
/// concludes.
#[workflow]
#[derive(Default)]
pub struct AutoUpgradingV1 {
    signals: Vec<String>,
}

#[workflow_methods]
impl AutoUpgradingV1 {
    /// Returns when told to conclude.
    #[run(name = "AutoUpgrading")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        loop {
            let signal = next_signal!(ctx);
            if signal != "do-activity" {
                return Ok(());
            }
            ctx.execute_activity(
                VersionedActivities::some_activity,
                "v1".to_owned(),
                options(),
            )
            .await?;
        }
    }

    /// Signal: the next thing to do.
    #[signal(name = "do_next_signal")]
    pub fn do_next_signal(&mut self, _ctx: &mut SyncWorkflowContext<Self>, signal: String) {
        self.signals.push(signal);
    }
}

/// 1.1 of the auto-upgrading workflow: a *compatible* change, because running 1.0 workflows
/// will replay on this code — the new activity sits behind a patch.
#[workflow]
#[derive(Default)]
pub struct AutoUpgradingV1b {
    signals: Vec<String>,
}

#[workflow_methods]
impl AutoUpgradingV1b {
    /// Returns when told to conclude.
    #[run(name = "AutoUpgrading")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        loop {
            let signal = next_signal!(ctx);
            if signal != "do-activity" {
                return Ok(());
            }
            if ctx.patched("DifferentActivity") {
                let input = IncompatibleActivityInput {
                    called_by: "v1b".to_owned(),
                    more_data: "hello!".to_owned(),
                };
                ctx.execute_activity(
                    VersionedActivities::some_incompatible_activity,
                    input,
                    options(),
                )
                .await?;
            } else {
                ctx.execute_activity(
                    VersionedActivities::some_activity,
                    "v1b".to_owned(),
                    options(),
                )
                .await?;
            }
        }
    }

    /// Signal: the next thing to do.
    #[signal(name = "do_next_signal")]
    pub fn do_next_signal(&mut self, _ctx: &mut SyncWorkflowContext<Self>, signal: String) {
        self.signals.push(signal);
    }
}

/// 1.0 (and 1.1) of the pinned workflow: waits for `conclude`, then runs `some_activity`.
#[workflow]
#[derive(Default)]
pub struct PinnedV1 {
    signals: Vec<String>,
}

#[workflow_methods]
impl PinnedV1 {
    /// Returns after the concluding activity.
    #[run(name = "Pinned")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        while next_signal!(ctx) != "conclude" {}
        ctx.execute_activity(
            VersionedActivities::some_activity,
            "Pinned-v1".to_owned(),
            options(),
        )
        .await?;
        Ok(())
    }

    /// Signal: the next thing to do.
    #[signal(name = "do_next_signal")]
    pub fn do_next_signal(&mut self, _ctx: &mut SyncWorkflowContext<Self>, signal: String) {
        self.signals.push(signal);
    }
}

/// 2.0 of the pinned workflow: *incompatible* changes with no patch — an activity first, another
/// activity type at the end. Safe only because pinned workflows never move: 1.0 runs finish on
/// 1.0 workers.
#[workflow]
#[derive(Default)]
pub struct PinnedV2 {
    signals: Vec<String>,
}

#[workflow_methods]
impl PinnedV2 {
    /// Returns after the concluding activity.
    #[run(name = "Pinned")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        ctx.execute_activity(
            VersionedActivities::some_activity,
            "Pinned-v2".to_owned(),
            options(),
        )
        .await?;
        while next_signal!(ctx) != "conclude" {}
        let input = IncompatibleActivityInput {
            called_by: "Pinned-v2".to_owned(),
            more_data: "hi".to_owned(),
        };
        ctx.execute_activity(
            VersionedActivities::some_incompatible_activity,
            input,
            options(),
        )
        .await?;
        Ok(())
    }

    /// Signal: the next thing to do.
    #[signal(name = "do_next_signal")]
    pub fn do_next_signal(&mut self, _ctx: &mut SyncWorkflowContext<Self>, signal: String) {
        self.signals.push(signal);
    }
}
// ANCHOR_END: lesson
