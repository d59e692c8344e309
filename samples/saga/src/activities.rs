//! The travel services: book and cancel a car, a hotel, a flight — against an injected agency.

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
};

use temporalio_macros::activities;
use temporalio_sdk::{
    ApplicationFailure,
    activities::{ActivityContext, ActivityError},
};

use crate::{Step, TripInput};

// ANCHOR: lesson
/// Failure type of a booking that failed for good.
pub const BOOKING_FAILED: &str = "BookingFailed";
/// Failure type of a cancellation that failed.
pub const CANCELLATION_FAILED: &str = "CancellationFailed";

/// What the services hold for each (trip, step): `true` while booked, `false` once cancelled.
pub type Agency = Arc<Mutex<BTreeMap<(String, Step), bool>>>;

/// The services, with the agency's books and the simulated faults injected.
#[derive(Debug, Clone, Default)]
pub struct TravelActivities {
    /// Every booking the services made.
    pub agency: Agency,
    /// Make the cancellation of a step fail its first N attempts (`u32::MAX`: every attempt).
    pub failing_cancellations: BTreeMap<Step, u32>,
}

impl TravelActivities {
    fn book(&self, step: Step, trip: &TripInput) -> Result<String, ActivityError> {
        // Idempotent by trip id: a retried booking finds the first one.
        self.agency
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert((trip.trip_id.clone(), step), true);
        println!(
            "Booked the {step} for {} ({})",
            trip.traveller, trip.trip_id
        );
        if trip.fail_step == Some(step) {
            // The service booked, then failed to confirm: the compensation registered before
            // this step ran is what cancels the booking.
            return Err(ActivityError::application(
                ApplicationFailure::builder(anyhow::anyhow!(
                    "the {step} service failed after booking {}",
                    trip.trip_id
                ))
                .type_name(BOOKING_FAILED.to_owned())
                .non_retryable(true)
                .build(),
            ));
        }
        Ok(format!("{step}-{}", trip.trip_id))
    }

    fn cancel(&self, step: Step, trip: &TripInput, attempt: u32) -> Result<(), ActivityError> {
        if self
            .failing_cancellations
            .get(&step)
            .is_some_and(|failures| attempt <= *failures)
        {
            println!("Cancelling the {step} failed (attempt {attempt})");
            return Err(ActivityError::application(
                ApplicationFailure::builder(anyhow::anyhow!(
                    "the {step} service is unreachable (attempt {attempt})"
                ))
                .type_name(CANCELLATION_FAILED.to_owned())
                .build(),
            ));
        }
        // Idempotent, and harmless when nothing was booked: a compensation may run for a step
        // whose booking never reached the service.
        if let Some(booked) = self
            .agency
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get_mut(&(trip.trip_id.clone(), step))
        {
            *booked = false;
        }
        println!("Cancelled the {step} of {}", trip.trip_id);
        Ok(())
    }
}

#[activities]
impl TravelActivities {
    /// Rents the car; returns the confirmation.
    #[activity(name = "book_car")]
    pub async fn book_car(
        self: Arc<Self>,
        _ctx: ActivityContext,
        trip: TripInput,
    ) -> Result<String, ActivityError> {
        self.book(Step::Car, &trip)
    }

    /// Books the hotel; returns the confirmation.
    #[activity(name = "book_hotel")]
    pub async fn book_hotel(
        self: Arc<Self>,
        _ctx: ActivityContext,
        trip: TripInput,
    ) -> Result<String, ActivityError> {
        self.book(Step::Hotel, &trip)
    }

    /// Books the flight; returns the confirmation.
    #[activity(name = "book_flight")]
    pub async fn book_flight(
        self: Arc<Self>,
        _ctx: ActivityContext,
        trip: TripInput,
    ) -> Result<String, ActivityError> {
        self.book(Step::Flight, &trip)
    }

    /// Cancels the car.
    #[activity(name = "cancel_car")]
    pub async fn cancel_car(
        self: Arc<Self>,
        ctx: ActivityContext,
        trip: TripInput,
    ) -> Result<(), ActivityError> {
        self.cancel(Step::Car, &trip, ctx.info().attempt)
    }

    /// Cancels the hotel.
    #[activity(name = "cancel_hotel")]
    pub async fn cancel_hotel(
        self: Arc<Self>,
        ctx: ActivityContext,
        trip: TripInput,
    ) -> Result<(), ActivityError> {
        self.cancel(Step::Hotel, &trip, ctx.info().attempt)
    }

    /// Cancels the flight.
    #[activity(name = "cancel_flight")]
    pub async fn cancel_flight(
        self: Arc<Self>,
        ctx: ActivityContext,
        trip: TripInput,
    ) -> Result<(), ActivityError> {
        self.cancel(Step::Flight, &trip, ctx.info().attempt)
    }
}
// ANCHOR_END: lesson
