//! # Mutex: a distributed lock as a workflow
//!
//! Some resources take one user at a time: a single-writer API, a device, an account that must not
//! see two migrations at once. Workflows on many workers cannot share an in-process lock, but they
//! can share a *workflow*: one lock workflow per resource id holds the queue of requesters and
//! grants the resource to one at a time.
//!
//! - A **requester** ([`workflows::SampleWorkflowWithMutex`]) asks for the lock through an
//!   activity that *signal-with-starts* the lock workflow (started if no lock workflow runs for the
//!   resource, signalled if one does — atomically, so two first requesters cannot start two
//!   locks), waits for the grant signal, does its critical section, and signals the release.
//! - The **lock** ([`workflows::MutexWorkflow`]) grants in FIFO order, each grant with a lease: a
//!   holder that dies without releasing loses the lock when its lease expires, so one crash does
//!   not block the resource forever. It completes when nobody is waiting, and continues-as-new
//!   after a number of grants so its history stays bounded under endless contention.
//!
//! Read on: [`workflows`], [`activities`], then [`client`]. Go's and TypeScript's `mutex` samples
//! show the same pattern; the Python samples have none.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p mutex worker
//! cargo run -p mutex starter [--requesters 3] [--hold-ms 1000] [--lease-ms 10000]
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use temporalio_client::Client;
use temporalio_sdk::WorkerOptions;

pub use activities::LockActivities;
pub use workflows::{MutexWorkflow, SampleWorkflowWithMutex};

/// Task queue of the requesters, the lock workflows and the activities.
pub const TASK_QUEUE: &str = "mutex-task-queue";
/// The resource the starter's requesters contend for.
pub const RESOURCE_ID: &str = "my-resource";
/// How many grants a lock workflow makes before it continues as new.
pub const DEFAULT_GRANTS_PER_RUN: u32 = 500;

/// The lock workflow's id for `resource_id`: one lock per resource, found by name.
pub fn lock_workflow_id(resource_id: &str) -> String {
    format!("mutex-{resource_id}")
}

/// Worker options: both workflows, and the activities with the client they signal-with-start
/// through. `grants_per_run` is what a lock workflow started by these activities is given.
pub fn worker_options(
    client: &Client,
    task_queue: &str,
    grants_per_run: u32,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<MutexWorkflow>()?
        .register_workflow::<SampleWorkflowWithMutex>()?
        .register_activities(LockActivities::new(
            client.clone(),
            task_queue,
            grants_per_run,
        ))
        .build())
}
