//! # Polyglot: one workflow, two languages
//!
//! A task queue does not care what language its workers are written in. Workflows and activities
//! meet by **name** and by the **shape of their payloads** (JSON by default), so a Rust workflow
//! can call an activity that only a Python worker implements, and a Python workflow can call one
//! that only a Rust worker implements. Teams use it to keep ML or data code in Python while the
//! orchestration is in Rust, or to move a service to Rust one activity at a time.
//!
//! - **Rust workflow, Python activity.** [`workflows::SayHelloWorkflow`] calls
//!   `say-hello-activity` through a *declaration* ([`activities::PythonActivities`]: the
//!   activity's name and types, no body). A workflow-only Rust worker runs the workflow; the
//!   Python activity worker (`python/activity_worker.py`, the Python sample's `activity_worker`)
//!   runs the activity.
//! - **Python workflow, Rust activity.** `python/workflow_worker.py` calls `say-hello-activity`
//!   by name; an activity-only Rust worker ([`activities::SayHelloActivities`]) runs it.
//!
//! A worker polls only for what it registered: workflows only, activities only, or both. That is
//! what lets the two languages share one task queue without taking each other's tasks.
//!
//! Run it (with `temporal server start-dev` running; `python3 -m pip install temporalio`):
//!
//! ```text
//! python3 samples/polyglot/python/activity_worker.py
//! cargo run -p polyglot worker
//! cargo run -p polyglot starter
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use temporalio_sdk::WorkerOptions;

pub use workflows::SayHelloWorkflow;

/// The task queue the Python sample uses: Rust workflows, Python activities.
pub const TASK_QUEUE: &str = "say-hello-task-queue";
/// The other direction's task queue: Python workflows, Rust activities.
pub const PYTHON_WORKFLOW_TASK_QUEUE: &str = "say-hello-python-workflow-task-queue";

/// A workflow-only worker: it registers no activity, so it never polls for activity tasks, and
/// the Python activity worker on the same queue gets every `say-hello-activity` task.
pub fn workflow_worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<SayHelloWorkflow>()?
        .build())
}

/// An activity-only worker: it registers no workflow, so it never polls for workflow tasks.
pub fn activity_worker_options(task_queue: &str) -> WorkerOptions {
    WorkerOptions::new(task_queue)
        .register_activities(activities::SayHelloActivities)
        .build()
}
