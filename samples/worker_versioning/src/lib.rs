//! # Worker versioning
//!
//! With **worker versioning**, every worker belongs to a *deployment version* (a deployment
//! name plus a build id), and the server routes each workflow to a version: you deploy 1.1 next
//! to 1.0, make 1.1 *current*, and from then on new workflows start on 1.1. What happens to the
//! workflows already running depends on their **versioning behavior**:
//!
//! - **Pinned** workflows stay on the version they started on until they finish — no replay of
//!   their history by different code, so their code may change freely between versions (the old
//!   version must keep running until they are done);
//! - **Auto-upgrade** workflows move to the current version at their next workflow task — their
//!   code changes must be replay-safe (patched), as in the `patching` sample.
//!
//! This sample deploys 1.0, 1.1 and 2.0 in turn and shows a pinned workflow staying on 1.0
//! while an auto-upgrading one moves to 1.1, then 2.0.
//!
//! **Rust SDK 1.1 limitation:** a workflow type cannot declare its own versioning behavior (the
//! SDK sends `Unspecified` with every workflow task completion); only a *worker* has a default
//! behavior. So each version runs two workers: one with the auto-upgrade default on
//! `worker-versioning` for `AutoUpgrading`, one with the pinned default on
//! `worker-versioning-pinned` for `Pinned` (the Python sample runs both types on one task queue).
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p worker_versioning starter             # the three deployments, in-process
//! cargo run -p worker_versioning worker --build-id 1.0   # or run each version yourself …
//! cargo run -p worker_versioning starter --external-workers   # … and let the starter wait
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use serde::{Deserialize, Serialize};
use temporalio_common::worker::{
    VersioningBehavior, WorkerDeploymentOptions, WorkerDeploymentVersion,
};
use temporalio_sdk::WorkerOptions;

pub use activities::VersionedActivities;

/// Task queue of the auto-upgrading workflow, as in the Python sample.
pub const TASK_QUEUE: &str = "worker-versioning";
/// Task queue of the pinned workflow (see the crate docs for why it has its own).
pub const PINNED_TASK_QUEUE: &str = "worker-versioning-pinned";
/// The deployment's name, as in the Python sample.
pub const DEPLOYMENT_NAME: &str = "my-deployment";

/// The three versions this sample deploys.
pub const BUILD_IDS: [&str; 3] = ["1.0", "1.1", "2.0"];

/// Input of `some_incompatible_activity`, as in Python.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncompatibleActivityInput {
    /// Which workflow version called.
    pub called_by: String,
    /// Something the old activity did not take.
    pub more_data: String,
}

/// The two workers of one deployment version: auto-upgrading workflows on `task_queue`, pinned
/// ones on `pinned_task_queue`, each with that version's code.
pub fn worker_options(
    deployment_name: &str,
    build_id: &str,
    task_queue: &str,
    pinned_task_queue: &str,
) -> anyhow::Result<[WorkerOptions; 2]> {
    let deployment = |behavior| {
        WorkerDeploymentOptions::new(
            WorkerDeploymentVersion::builder()
                .deployment_name(deployment_name)
                .build_id(build_id)
                .build(),
        )
        .use_worker_versioning(true)
        .default_versioning_behavior(behavior)
        .build()
    };
    let auto = WorkerOptions::new(task_queue)
        .deployment_options(deployment(VersioningBehavior::AutoUpgrade));
    let auto = match build_id {
        "1.0" => auto.register_workflow::<workflows::AutoUpgradingV1>()?,
        "1.1" | "2.0" => auto.register_workflow::<workflows::AutoUpgradingV1b>()?,
        other => anyhow::bail!(
            "unknown build id `{other}`: this sample has {}",
            BUILD_IDS.join(", ")
        ),
    };
    let pinned = WorkerOptions::new(pinned_task_queue)
        .deployment_options(deployment(VersioningBehavior::Pinned));
    let pinned = match build_id {
        "2.0" => pinned.register_workflow::<workflows::PinnedV2>()?,
        _ => pinned.register_workflow::<workflows::PinnedV1>()?,
    };
    Ok([
        auto.register_activities(VersionedActivities).build(),
        pinned.register_activities(VersionedActivities).build(),
    ])
}
