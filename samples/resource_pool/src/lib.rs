//! # Resource pool: lend N resources to many workflows
//!
//! A long-lived **pool workflow** owns a set of resources (test environments, licences, GPUs,
//! accounts) and lends each to one **user workflow** at a time. Users ask by signal and wait in
//! FIFO order; the pool grants by signalling the user a resource and a *release key*; the user
//! releases by signalling the key back. Because the pool is a workflow, the allocation survives
//! worker restarts, and because the user is a workflow, its release happens even if it fails.
//!
//! - The **pool** ([`workflows::ResourcePoolWorkflow`]) keeps holders and waiters in its state,
//!   answers a `get_current_holders` query, reclaims a resource whose holder ended without
//!   releasing (terminated), and continues-as-new carrying the whole pool.
//! - A **user** ([`workflows::ResourceUserWorkflow`]) acquires, runs activities on the resource,
//!   releases even when it fails, and can carry its resource across its own continue-as-new.
//!
//! Read on: [`workflows`], [`activities`], then [`client`].
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p resource_pool worker
//! cargo run -p resource_pool starter
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use std::time::Duration;

use temporalio_client::Client;
use temporalio_sdk::WorkerOptions;

pub use activities::ResourceActivities;
pub use workflows::{ResourcePoolWorkflow, ResourceUserWorkflow};

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "resource_pool-task-queue";
/// The pool's workflow id, as in the Python sample. A Rust user workflow can only use the pool
/// with this id: see [`workflows::ResourceUserWorkflow`].
pub const RESOURCE_POOL_WORKFLOW_ID: &str = "resource_pool";

/// Worker options: both workflows and the activities, which use `client` to look up holders and
/// hold a resource for `use_duration` per use (Python's is 3 s).
pub fn worker_options(
    client: &Client,
    task_queue: &str,
    use_duration: Duration,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<ResourcePoolWorkflow>()?
        .register_workflow::<ResourceUserWorkflow>()?
        .register_activities(ResourceActivities::new(client.clone(), use_duration))
        .build())
}
