//! The workflows: fan out and join; race and cancel the losers.

use std::time::Duration;

use temporalio_common::{
    data_converters::{
        GenericPayloadConverter, PayloadConversionError, SerializationContext,
        TemporalDeserializable, TemporalSerializable,
    },
    protos::temporal::api::common::v1::Payload,
};
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityCancellationType, ActivityExecutionError, ActivityOptions, CancellableFuture,
    WorkflowContext, WorkflowResult, workflows::join_all,
};

use crate::activities::{GreetingActivities, SlowGreeting};

// ANCHOR: lesson
/// The users `SayHelloWorkflow` greets.
///
/// Python's `SayHelloWorkflow.run()` takes **no arguments** and greets `user1`…`user5`. To let a
/// Python client drive this worker while still making N an option, this input is encoded as
/// *no payload at all* for the default five users, and as one JSON list of names otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Greetees(pub Vec<String>);

impl Greetees {
    /// `user1` … `user{count}`.
    pub fn numbered(count: usize) -> Self {
        Self((1..=count).map(|i| format!("user{i}")).collect())
    }
}

impl Default for Greetees {
    fn default() -> Self {
        Self::numbered(5)
    }
}

impl TemporalSerializable for Greetees {
    fn to_payloads(
        &self,
        ctx: &SerializationContext<'_>,
    ) -> Result<Vec<Payload>, PayloadConversionError> {
        if *self == Self::default() {
            return Ok(Vec::new());
        }
        Ok(vec![ctx.converter.to_payload(ctx, &self.0)?])
    }
}

impl TemporalDeserializable for Greetees {
    fn from_payloads(
        ctx: &SerializationContext<'_>,
        payloads: Vec<Payload>,
    ) -> Result<Self, PayloadConversionError> {
        match <[Payload; 1]>::try_from(payloads) {
            Ok([payload]) => Ok(Self(ctx.converter.from_payload(ctx, payload)?)),
            Err(payloads) if payloads.is_empty() => Ok(Self::default()),
            Err(_) => Err(PayloadConversionError::WrongEncoding),
        }
    }
}

/// Greets several users concurrently.
#[workflow]
#[derive(Default)]
pub struct SayHelloWorkflow;

#[workflow_methods]
impl SayHelloWorkflow {
    /// Returns one greeting per user, sorted.
    #[run(name = "SayHelloWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        users: Greetees,
    ) -> WorkflowResult<Vec<String>> {
        let options = ActivityOptions::start_to_close_timeout(Duration::from_secs(5));
        // Creating the futures schedules nothing yet; awaiting them together with `join_all`
        // makes this workflow task emit one ScheduleActivityTask command per user, so all the
        // activities are scheduled at once and can run in parallel.
        let greetings = users
            .0
            .into_iter()
            .map(|name| ctx.execute_activity(GreetingActivities::say_hello, name, options.clone()));
        // `join_all` waits for *every* activity, successful or not, and keeps each outcome. If
        // one fails, the others still run to completion (nothing cancels them), and the
        // workflow then fails with the first failure in input order.
        let mut results = join_all(greetings)
            .await
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?;
        // Results arrive in the order of the futures; sort for a stable, readable answer.
        results.sort();
        Ok(results)
    }
}

/// Races slow greetings: the first to finish wins, the others are cancelled.
#[workflow]
#[derive(Default)]
pub struct FirstResultWorkflow;

#[workflow_methods]
impl FirstResultWorkflow {
    /// Returns the winning greeting.
    #[run(name = "FirstResultWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        contestants: Vec<SlowGreeting>,
    ) -> WorkflowResult<String> {
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(60))
            // Cancellation reaches an activity through its heartbeats; a short heartbeat timeout
            // also detects a dead worker quickly.
            .heartbeat_timeout(Duration::from_secs(2))
            // Wait for each loser to acknowledge, so "cancelled" means stopped, not just asked.
            .cancellation_type(ActivityCancellationType::WaitCancellationCompleted)
            .build();
        let racers: Vec<_> = contestants
            .into_iter()
            .map(|c| {
                Box::pin(ctx.execute_activity(
                    GreetingActivities::say_hello_slowly,
                    c,
                    options.clone(),
                ))
            })
            .collect();
        // `select_all` polls the futures in order and returns the first that is ready:
        // deterministic, because readiness comes from history events replayed in order.
        let (winner, _index, losers) = futures::future::select_all(racers).await;
        // Dropping the losers would NOT cancel them; cancel each explicitly...
        for loser in &losers {
            loser.cancel();
        }
        // ...and wait until they have stopped: cancelled, finished before the cancel reached
        // them, or timed out (if a loser's worker died before the loser heard of the cancel, the
        // server does not retry it). The race's result is the winner's; only a payload that
        // cannot be decoded, a bug, fails it.
        for outcome in join_all(losers).await {
            if let Err(e @ ActivityExecutionError::Serialization(_)) = outcome {
                return Err(e.into());
            }
        }
        Ok(winner?)
    }
}
// ANCHOR_END: lesson
