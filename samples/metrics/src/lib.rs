//! # Metrics and tracing
//!
//! How to see what Temporal workers are doing, in three layers:
//!
//! 1. **The SDK's metrics on a Prometheus endpoint.** Give the SDK runtime (workers) and the
//!    client a Prometheus exporter and they publish dozens of series: workflow and activity
//!    outcomes and latencies, task slots, poll results, request latencies. See
//!    [`telemetry::Telemetry`].
//! 2. **Your own metrics, recorded where the work happens.** An activity interceptor
//!    ([`interceptor::MetricsInterceptor`]) wraps every activity attempt and records a
//!    schedule-to-start latency histogram and started / completed / failed counters, labelled
//!    by workflow type and activity type, on the same endpoint.
//! 3. **Traces.** The SDK's OpenTelemetry plugin puts the client's start, the workflow run and
//!    each activity in one trace, carrying the context in a Temporal header across processes
//!    (and across SDKs: Python's and Go's tracing interceptors use the same header). Spans are
//!    exported over OTLP when an endpoint is configured.
//!
//! Workflows and activities contain none of it: observability is configured once, around them.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p metrics worker                 # metrics on http://127.0.0.1:9000/metrics
//! cargo run -p metrics starter                # metrics on 127.0.0.1:9001 while it runs
//! cargo run -p metrics starter --custom       # the two-activity workflow
//! cargo run -p metrics scrape --filter custom_
//! ```

pub mod activities;
pub mod client;
pub mod interceptor;
pub mod support;
pub mod telemetry;
pub mod workflows;

use std::time::Duration;

use temporalio_sdk::{
    WorkerOptions,
    runtime::worker_tuner::{FixedSizeSlotSupplier, TunerHolder, WorkerTuner},
};

pub use activities::{ComposeGreetingInput, CustomMetricActivities, GreetingActivities};
pub use interceptor::ActivityMetrics;
pub use workflows::{GreetingWorkflow, StartTwoActivitiesWorkflow};

/// Task queue of `GreetingWorkflow`, as in the Python `prometheus` sample.
pub const TASK_QUEUE: &str = "prometheus-task-queue";
/// Task queue of `StartTwoActivitiesWorkflow`, as in the Python `custom_metric` sample.
pub const CUSTOM_TASK_QUEUE: &str = "custom-metric-task-queue";
/// Workflow id of `GreetingWorkflow`, as in the Python sample.
pub const WORKFLOW_ID: &str = "prometheus-workflow-id";
/// Workflow id of `StartTwoActivitiesWorkflow`.
pub const CUSTOM_WORKFLOW_ID: &str = "custom-metric-workflow-id";
/// Where the worker serves its metrics by default (as in Python).
pub const WORKER_METRICS_ADDRESS: &str = "127.0.0.1:9000";
/// Where the starter serves its client metrics while it runs (as in Python).
pub const CLIENT_METRICS_ADDRESS: &str = "127.0.0.1:9001";
/// How long `print_and_sleep` sleeps by default (as in Python).
pub const DEFAULT_SLEEP: Duration = Duration::from_secs(1);

/// Worker options for `GreetingWorkflow`, with the metrics interceptor.
pub fn greeting_worker_options(
    task_queue: &str,
    metrics: &ActivityMetrics,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .activity_inbound_interceptor(metrics.interceptor())
        .register_workflow::<GreetingWorkflow>()?
        .register_activities(GreetingActivities)
        .build())
}

/// Worker options for `StartTwoActivitiesWorkflow`, with the metrics interceptor and room for
/// only one activity at a time, so that the second activity visibly waits.
pub fn custom_metric_worker_options(
    task_queue: &str,
    metrics: &ActivityMetrics,
    sleep: Duration,
) -> anyhow::Result<WorkerOptions> {
    let one_activity_at_a_time = TunerHolder::builder()
        .workflow_task_slot_supplier(FixedSizeSlotSupplier::new(10))
        .activity_task_slot_supplier(FixedSizeSlotSupplier::new(1))
        .local_activity_task_slot_supplier(FixedSizeSlotSupplier::new(10))
        .nexus_task_slot_supplier(FixedSizeSlotSupplier::new(10))
        .build();
    Ok(WorkerOptions::new(task_queue)
        .tuner(WorkerTuner::from(one_activity_at_a_time))
        .activity_inbound_interceptor(metrics.interceptor())
        .register_workflow::<StartTwoActivitiesWorkflow>()?
        .register_activities(CustomMetricActivities { sleep })
        .build())
}
