//! # Nexus: call operations another team serves, through an endpoint
//!
//! Nexus connects Temporal applications across team, namespace and language boundaries. A
//! *handler* team publishes a **service** (named operations with typed input and output) behind
//! an **endpoint** registered on the server; a *caller* workflow names the endpoint, the service
//! and the operation, and the server routes the call, retries it, and delivers the result —
//! whether the operation answers at once (**synchronous**) or starts a workflow and answers when
//! it finishes (**workflow-run**), seconds or days later.
//!
//! - The **caller workflows** ([`workflows`]): hello_nexus's `CallerWorkflow` (one operation of
//!   each kind) and nexus_cancel's `HelloCallerWorkflow` (five operations at once, the first
//!   result wins, the others are cancelled).
//! - The **client** ([`client`]): create the endpoints (idempotent), run the callers.
//!
//! The **handler** is the Python SDK's (`python/handler.py`): the Rust SDK 1.1 can call Nexus
//! operations from a workflow but cannot serve them (its worker never polls for Nexus tasks).
//! When it can, the handler moves into this crate and nothing on the caller side changes: the
//! caller only knows the endpoint.
//!
//! Run it (with `temporal server start-dev` running; `python3 -m pip install temporalio`):
//!
//! ```text
//! python3 samples/nexus/python/handler.py
//! cargo run -p nexus setup            # creates the endpoints, once
//! cargo run -p nexus worker
//! cargo run -p nexus starter          # or: cancel-starter
//! ```

pub mod client;
pub mod workflows;

use temporalio_sdk::WorkerOptions;

pub use workflows::{CallerWorkflow, HelloCallerWorkflow};

/// The callers' task queue (hello_nexus's caller task queue).
pub const TASK_QUEUE: &str = "hello-nexus-basic-caller-task-queue";
/// The handler's task queue, which the endpoints target.
pub const HANDLER_TASK_QUEUE: &str = "my-handler-task-queue";
/// hello_nexus's endpoint.
pub const ENDPOINT: &str = "hello-nexus-basic-nexus-endpoint";
/// nexus_cancel's endpoint.
pub const CANCEL_ENDPOINT: &str = "nexus-cancel-endpoint";

/// Worker options: the two caller workflows. No activities, and no Nexus handlers (see above).
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<CallerWorkflow>()?
        .register_workflow::<HelloCallerWorkflow>()?
        .build())
}
