//! The workflow: an email, then a long durable sleep raced against the `complete` signal.

use std::time::Duration;

use futures::future::{Either, select};
use serde::{Deserialize, Serialize};
use temporalio_common::{
    data_converters::{
        GenericPayloadConverter, PayloadConversionError, SerializationContext,
        TemporalDeserializable, TemporalSerializable,
    },
    protos::temporal::api::common::v1::Payload,
};
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, ApplicationFailure, CancellableFuture, SyncWorkflowContext, WorkflowContext,
    WorkflowResult,
};

use crate::activities::{EmailActivities, SendEmailInput};

// ANCHOR: lesson
/// The Python sample's period: 30 days.
pub const DEFAULT_PERIOD: Duration = Duration::from_secs(30 * 24 * 3600);

/// The failure type of an input that cannot run (a zero period).
pub const INVALID_PERIOD_ERROR: &str = "InvalidPeriodError";

/// How long to sleep between emails.
///
/// Python's `SleepForDaysWorkflow.run()` takes **no arguments**. So that a Python client can
/// start this workflow while the period stays an option, the default (30 days) travels as *no
/// payload at all*, and any other period as one JSON object `{"period_ms": …}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SleepForDaysInput {
    /// The period, in milliseconds.
    pub period_ms: u64,
}

/// The JSON shape of a non-default [`SleepForDaysInput`]. (The input type itself must not be
/// `Serialize`: that would give it the SDK's default, always-one-payload encoding.)
#[derive(Serialize, Deserialize)]
struct InputJson {
    period_ms: u64,
}

impl SleepForDaysInput {
    /// The period as a duration.
    pub fn period(&self) -> Duration {
        Duration::from_millis(self.period_ms)
    }
}

impl Default for SleepForDaysInput {
    fn default() -> Self {
        Self {
            period_ms: DEFAULT_PERIOD.as_millis() as u64,
        }
    }
}

impl TemporalSerializable for SleepForDaysInput {
    fn to_payloads(
        &self,
        ctx: &SerializationContext<'_>,
    ) -> Result<Vec<Payload>, PayloadConversionError> {
        if *self == Self::default() {
            return Ok(Vec::new());
        }
        let json = InputJson {
            period_ms: self.period_ms,
        };
        Ok(vec![ctx.converter.to_payload(ctx, &json)?])
    }
}

impl TemporalDeserializable for SleepForDaysInput {
    fn from_payloads(
        ctx: &SerializationContext<'_>,
        payloads: Vec<Payload>,
    ) -> Result<Self, PayloadConversionError> {
        match <[Payload; 1]>::try_from(payloads) {
            Ok([payload]) => {
                let json: InputJson = ctx.converter.from_payload(ctx, payload)?;
                Ok(Self {
                    period_ms: json.period_ms,
                })
            }
            Err(payloads) if payloads.is_empty() => Ok(Self::default()),
            Err(_) => Err(PayloadConversionError::WrongEncoding),
        }
    }
}

/// "30 days", "2 seconds", "1500 ms": the period as the email says it.
pub fn describe(period: Duration) -> String {
    const DAY: u64 = 24 * 3600;
    let secs = period.as_secs();
    let plural = |n: u64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if period.subsec_nanos() == 0 && secs.is_multiple_of(DAY) && secs > 0 {
        plural(secs / DAY, "day")
    } else if period.subsec_nanos() == 0 {
        plural(secs, "second")
    } else {
        format!("{} ms", period.as_millis())
    }
}

/// Sends an email every period until completed by the `complete` signal.
#[workflow]
#[derive(Default)]
pub struct SleepForDaysWorkflow {
    is_complete: bool,
}

#[workflow_methods]
impl SleepForDaysWorkflow {
    /// Returns `done!` once completed.
    #[run(name = "SleepForDaysWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        input: SleepForDaysInput,
    ) -> WorkflowResult<String> {
        let period = input.period();
        if period.is_zero() {
            return Err(ApplicationFailure::builder(anyhow::anyhow!(
                "the period must be longer than zero (got {} ms)",
                input.period_ms
            ))
            .type_name(INVALID_PERIOD_ERROR.to_owned())
            .non_retryable(true)
            .build()
            .into());
        }
        while !ctx.state(|s| s.is_complete) {
            let email = SendEmailInput {
                email_msg: format!("{} until the next email", describe(period)),
            };
            ctx.execute_activity(
                EmailActivities::send_email,
                email,
                ActivityOptions::start_to_close_timeout(Duration::from_secs(10)),
            )
            .await?;
            // A durable timer for the whole period, raced against the signal. Thirty days cost
            // nothing: the timer waits on the server, not in this worker.
            let sleep = ctx.timer(period);
            let completed = ctx.wait_condition(|s| s.is_complete);
            match select(Box::pin(sleep), Box::pin(completed)).await {
                Either::Left(_) => {}
                Either::Right((completed, sleep)) => {
                    completed?;
                    // Cancel the month-long timer explicitly: dropping it would not.
                    sleep.cancel();
                    sleep.await;
                }
            }
        }
        Ok("done!".to_owned())
    }

    /// Signal: stop after the current wait (which it cuts short).
    #[signal(name = "complete")]
    pub fn complete(&mut self, _ctx: &mut SyncWorkflowContext<Self>) {
        self.is_complete = true;
    }
}
// ANCHOR_END: lesson
