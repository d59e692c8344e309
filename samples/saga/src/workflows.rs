//! The saga: book three things; on failure, undo what was registered, in reverse.

use std::time::Duration;

use samples_helper::failure::innermost_message;
use temporalio_common::RetryPolicy;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityExecutionError, ActivityOptions, ApplicationFailure, WorkflowContext, WorkflowResult,
};

use crate::{Step, TripBooking, TripInput, activities::TravelActivities};

// ANCHOR: lesson
/// Failure type of a trip that could not be booked (everything it booked was cancelled, unless
/// the message says otherwise).
pub const TRIP_BOOKING_FAILED: &str = "TripBookingFailed";

/// How many times a compensation is tried before the saga gives up on it and reports it.
pub const COMPENSATION_ATTEMPTS: u32 = 3;

fn booking_options() -> ActivityOptions {
    ActivityOptions::start_to_close_timeout(Duration::from_secs(10))
}

fn compensation_options() -> ActivityOptions {
    ActivityOptions::with_start_to_close_timeout(Duration::from_secs(10))
        .retry_policy(
            RetryPolicy::builder()
                .initial_interval(Duration::from_millis(200))
                .maximum_attempts(COMPENSATION_ATTEMPTS)
                .build(),
        )
        .build()
}

/// The trip failed at `step`; the compensations report what they could not undo.
#[derive(Debug, thiserror::Error)]
#[error("booking the {step} failed; {outcome}")]
struct TripFailed {
    step: Step,
    outcome: String,
    /// Becomes the failure's cause: why the step failed.
    #[source]
    cause: ActivityExecutionError,
}

/// Books a car, a hotel and a flight, or none of them.
#[workflow]
#[derive(Default)]
pub struct TripBookingWorkflow;

#[workflow_methods]
impl TripBookingWorkflow {
    /// Returns the three confirmations, or fails with `TripBookingFailed` (the failed step's
    /// error as cause) after running the compensations in reverse order.
    #[run(name = "TripBookingWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        trip: TripInput,
    ) -> WorkflowResult<TripBooking> {
        // The compensations registered so far. A plain local: on replay it is rebuilt exactly,
        // so a crash mid-saga resumes with the right list.
        let mut compensations: Vec<Step> = Vec::new();
        let mut confirmations = Vec::new();
        for step in [Step::Car, Step::Hotel, Step::Flight] {
            // Register first: if the booking fails after the service booked, it is still undone.
            compensations.push(step);
            let booked = match step {
                Step::Car => {
                    ctx.execute_activity(
                        TravelActivities::book_car,
                        trip.clone(),
                        booking_options(),
                    )
                    .await
                }
                Step::Hotel => {
                    ctx.execute_activity(
                        TravelActivities::book_hotel,
                        trip.clone(),
                        booking_options(),
                    )
                    .await
                }
                Step::Flight => {
                    ctx.execute_activity(
                        TravelActivities::book_flight,
                        trip.clone(),
                        booking_options(),
                    )
                    .await
                }
            };
            match booked {
                Ok(confirmation) => confirmations.push(confirmation),
                Err(cause) => {
                    let outcome = compensate(ctx, &trip, &compensations).await;
                    return Err(ApplicationFailure::builder(TripFailed {
                        step,
                        outcome,
                        cause,
                    })
                    .type_name(TRIP_BOOKING_FAILED.to_owned())
                    .non_retryable(true)
                    .build()
                    .into());
                }
            }
        }
        let [car, hotel, flight]: [String; 3] = confirmations.try_into().map_err(|_| {
            ApplicationFailure::new(anyhow::anyhow!("expected three confirmations"))
        })?;
        Ok(TripBooking { car, hotel, flight })
    }
}

/// Runs the compensations in reverse order. A compensation that still fails after its retries
/// does not stop the others; the returned text says what was undone and what was not.
async fn compensate(
    ctx: &WorkflowContext<TripBookingWorkflow>,
    trip: &TripInput,
    steps: &[Step],
) -> String {
    let mut cancelled = Vec::new();
    let mut failed = Vec::new();
    for step in steps.iter().rev() {
        let outcome = match step {
            Step::Car => {
                ctx.execute_activity(
                    TravelActivities::cancel_car,
                    trip.clone(),
                    compensation_options(),
                )
                .await
            }
            Step::Hotel => {
                ctx.execute_activity(
                    TravelActivities::cancel_hotel,
                    trip.clone(),
                    compensation_options(),
                )
                .await
            }
            Step::Flight => {
                ctx.execute_activity(
                    TravelActivities::cancel_flight,
                    trip.clone(),
                    compensation_options(),
                )
                .await
            }
        };
        match outcome {
            Ok(()) => cancelled.push(step.to_string()),
            Err(e) => failed.push(format!(
                "could not cancel the {step}: {}",
                innermost_message(&e)
            )),
        }
    }
    let mut outcome = format!(
        "cancelled {}",
        if cancelled.is_empty() {
            "nothing".to_owned()
        } else {
            cancelled.join(", ")
        }
    );
    if !failed.is_empty() {
        outcome.push_str(&format!("; {} — manual clean-up needed", failed.join("; ")));
    }
    outcome
}

// ANCHOR_END: lesson
