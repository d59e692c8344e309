//! # Schedules
//!
//! A schedule starts workflows on a timetable — every interval, on a cron expression, or on
//! calendar rules — and is managed as a resource of its own: described, listed, paused with a
//! note, triggered now, backfilled over a past window, updated, deleted. It replaces cron jobs
//! that start workflows, and unlike a cron job it remembers what it did (recent actions), knows
//! what it will do (next run times), and has policies for runs that overlap or that were missed
//! while the server was down (overlap policy, catch-up window).
//!
//! [`client`] has one function per lifecycle step, used by both the CLI and the tests; the workflow
//! the schedule starts is [`YourSchedulesWorkflow`].
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p schedules worker
//! cargo run -p schedules create --interval-secs 120 --note "every two minutes"
//! cargo run -p schedules describe
//! ```

pub mod activities;
pub mod client;
pub mod support;
pub mod workflows;

use temporalio_sdk::WorkerOptions;

pub use activities::{ScheduleActivities, YourParams};
pub use workflows::YourSchedulesWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "schedules-task-queue";
/// Schedule id, as in the Python sample.
pub const SCHEDULE_ID: &str = "workflow-schedule-id";
/// Id of the workflows the schedule starts (the server appends each run's time), as in Python.
pub const ACTION_WORKFLOW_ID: &str = "schedules-workflow-id";

/// Worker options: the scheduled workflow and its activity.
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<YourSchedulesWorkflow>()?
        .register_activities(ScheduleActivities)
        .build())
}
