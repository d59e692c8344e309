//! Custom metrics, recorded where the work happens: an activity interceptor wraps every
//! activity attempt the worker runs and records
//!
//! - `custom_activity_schedule_to_start_latency` (histogram, milliseconds): how long the attempt
//!   waited on the task queue before a worker picked it up,
//! - `custom_activities_started`, `custom_activities_completed`, `custom_activities_failed`
//!   (counters, per attempt),
//!
//! each labelled `workflow_type` and `activity_type`. The instruments come from the same meter
//! as the SDK's own metrics, so they appear on the same Prometheus endpoint.
//!
//! Why schedule-to-start? It is the one latency only the worker side can see growing: a high
//! value means activities wait for a free worker slot, i.e. the workers are too few or too
//! busy. (The SDK also records `temporal_activity_schedule_to_start_latency`, labelled by task
//! queue and activity type; this one adds the workflow type, as the Python sample does.)

use std::time::SystemTime;

use futures::FutureExt;
use temporalio_common::telemetry::metrics::{
    Counter, HistogramDuration, MetricKeyValue, MetricParameters, NewAttributes, TemporalMeter,
};
use temporalio_sdk::{
    activities::{ActivityError, ActivityInfo},
    interceptors::{ActivityInboundInterceptor, ExecuteActivityInput, ExecuteActivityOutput, Next},
};

// ANCHOR: lesson
/// Name of the schedule-to-start latency histogram (as in the Python sample).
pub const SCHEDULE_TO_START_LATENCY: &str = "custom_activity_schedule_to_start_latency";
/// Name of the counter of activity attempts started.
pub const ACTIVITIES_STARTED: &str = "custom_activities_started";
/// Name of the counter of activity attempts that returned a result.
pub const ACTIVITIES_COMPLETED: &str = "custom_activities_completed";
/// Name of the counter of activity attempts that failed (including cancellations).
pub const ACTIVITIES_FAILED: &str = "custom_activities_failed";

/// The custom instruments. Create them once per meter and share them (cloning is cheap).
#[derive(Clone)]
pub struct ActivityMetrics {
    meter: TemporalMeter,
    schedule_to_start: HistogramDuration,
    started: Counter,
    completed: Counter,
    failed: Counter,
}

impl ActivityMetrics {
    /// Creates the instruments on `meter`.
    pub fn new(meter: TemporalMeter) -> Self {
        let counter = |name: &'static str, description: &'static str| {
            meter.counter(
                MetricParameters::builder()
                    .name(name)
                    .description(description)
                    .build(),
            )
        };
        Self {
            schedule_to_start: meter.histogram_duration(
                MetricParameters::builder()
                    .name(SCHEDULE_TO_START_LATENCY)
                    .description("Time an activity attempt waited on its task queue")
                    .build(),
            ),
            started: counter(ACTIVITIES_STARTED, "Activity attempts started"),
            completed: counter(
                ACTIVITIES_COMPLETED,
                "Activity attempts that returned a result",
            ),
            failed: counter(
                ACTIVITIES_FAILED,
                "Activity attempts that failed or were cancelled",
            ),
            meter,
        }
    }

    /// The interceptor to install on a worker.
    pub fn interceptor(&self) -> MetricsInterceptor {
        MetricsInterceptor {
            metrics: self.clone(),
        }
    }
}

/// Records [`ActivityMetrics`] around every activity attempt.
pub struct MetricsInterceptor {
    metrics: ActivityMetrics,
}

impl ActivityInboundInterceptor for MetricsInterceptor {
    fn execute_activity<'a>(
        &'a self,
        input: ExecuteActivityInput,
        next: Next<'a, ExecuteActivityInput, ExecuteActivityOutput<'a>>,
    ) -> ExecuteActivityOutput<'a> {
        let info = input.activity_info();
        let m = &self.metrics;
        // Labels on top of the meter's defaults (e.g. `service_name`). Keep label values
        // bounded: workflow and activity *types* are, ids would not be.
        let labels = m.meter.extend_attributes(
            m.meter.get_default_attributes().clone(),
            NewAttributes::from([
                MetricKeyValue::new(
                    "workflow_type",
                    info.workflow_type.clone().unwrap_or_default(),
                ),
                MetricKeyValue::new("activity_type", info.activity_type.clone()),
            ]),
        );
        if let Some(latency) = schedule_to_start(info) {
            m.schedule_to_start.record(latency, &labels);
        }
        m.started.add(1, &labels);
        async move {
            let result = next.run(input).await;
            match &result {
                Ok(_) => m.completed.add(1, &labels),
                // Completing later from outside is neither a success nor a failure yet.
                Err(ActivityError::WillCompleteAsync) => {}
                Err(_) => m.failed.add(1, &labels),
            }
            result
        }
        .boxed()
    }
}

/// From when this attempt was scheduled (retries are rescheduled) to when it started.
fn schedule_to_start(info: &ActivityInfo) -> Option<std::time::Duration> {
    let scheduled: SystemTime = info.current_attempt_scheduled_time?;
    // Both times are the server's; should they ever be out of order, record 0.
    Some(
        info.started_time?
            .duration_since(scheduled)
            .unwrap_or_default(),
    )
}
// ANCHOR_END: lesson
