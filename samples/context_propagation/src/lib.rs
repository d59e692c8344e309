//! # Context propagation
//!
//! Some values belong to a request, not to any one function's arguments: who is calling, a
//! tenant, a trace or correlation id, a locale. Passing them by hand through every workflow
//! input, signal, activity and child workflow is tedious and easy to forget. Temporal calls
//! carry **headers** for this, and **interceptors** move a value between a context and those
//! headers at every hop:
//!
//! 1. the starter sets the user id in its context; a **client interceptor** writes it into the
//!    header of every start, signal, query and update;
//! 2. a **workflow interceptor** reads the header of the start (and of each signal, query and
//!    update) into the workflow's context, and writes it into the header of every activity,
//!    local activity, child workflow and signal the workflow sends;
//! 3. an **activity interceptor** reads the header into the activity's context.
//!
//! Workflow and activity code then just asks for the current user id.
//!
//! Read [`propagation`] (the interceptors), then [`workflows`], [`activities`] and [`client`].
//!
//! Names match the Python sample `context_propagation` (`SayHelloWorkflow`, its
//! `signal_complete` signal, `say_hello_activity`, the header `__my_user_id` holding a JSON
//! string, `context-propagation-task-queue`): a Python client or worker with the Python
//! interceptor interoperates with these.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p context_propagation worker
//! cargo run -p context_propagation starter
//! ```

pub mod activities;
pub mod client;
pub mod propagation;
pub mod workflows;

use temporalio_sdk::WorkerOptions;

pub use activities::GreetingActivities;
pub use workflows::SayHelloWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "context-propagation-task-queue";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "context-propagation-workflow-id";
/// The user id the starter sets, as in the Python sample.
pub const DEFAULT_USER_ID: &str = "some-user";

/// Worker options: the workflow, the activity, and the two worker-side interceptors.
pub fn worker_options(
    task_queue: &str,
    activities: GreetingActivities,
) -> anyhow::Result<WorkerOptions> {
    let mut options = WorkerOptions::new(task_queue)
        .register_workflow::<SayHelloWorkflow>()?
        .register_activities(activities)
        .build();
    options
        .workflow_interceptor(propagation::workflow_interceptor())
        .activity_inbound_interceptor(propagation::UserIdActivityInterceptor);
    Ok(options)
}
