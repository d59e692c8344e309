//! # Saga: compensations for a multi-step business transaction
//!
//! Booking a trip takes three bookings with three services — a car, a hotel, a flight — and there
//! is no transaction spanning them. A **saga** makes the whole thing all-or-nothing anyway: each
//! step *registers its compensation before it runs* (so a step that fails half-way, after the
//! service already booked, is undone too), and when a step fails for good the workflow runs the
//! registered compensations in reverse order. Temporal makes the saga itself reliable: the list
//! of compensations lives in the workflow's state, so a crash in the middle resumes exactly where
//! it stopped, and every compensation is an activity with its own retries.
//!
//! What if a compensation fails? It is retried by its retry policy; if it still fails, the saga
//! carries on with the other compensations and then fails with every error, so a person can
//! finish the clean-up (nothing is silently left booked).
//!
//! There is no Python sample for this pattern; it follows the Go and TypeScript saga samples.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p saga worker
//! cargo run -p saga starter [--fail-step car|hotel|flight]
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use activities::{Agency, TravelActivities};
pub use workflows::TripBookingWorkflow;

/// The task queue.
pub const TASK_QUEUE: &str = "saga-task-queue";

/// One step of the trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    /// Rent a car.
    Car,
    /// Book a hotel.
    Hotel,
    /// Book a flight.
    Flight,
}

impl Step {
    /// The three steps, in booking order.
    pub const ALL: [Step; 3] = [Step::Car, Step::Hotel, Step::Flight];

    /// `car`, `hotel` or `flight`, as in the workflow's input.
    pub fn name(self) -> &'static str {
        match self {
            Step::Car => "car",
            Step::Hotel => "hotel",
            Step::Flight => "flight",
        }
    }
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The trip to book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TripInput {
    /// The trip's id: every booking and cancellation uses it as its idempotency key.
    pub trip_id: String,
    /// Who travels.
    pub traveller: String,
    /// Make this step's service fail after it booked (for the demo and the tests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_step: Option<Step>,
}

/// A booked trip: the three services' confirmation ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TripBooking {
    /// Car rental confirmation.
    pub car: String,
    /// Hotel confirmation.
    pub hotel: String,
    /// Flight confirmation.
    pub flight: String,
}

/// Worker options: the saga workflow and the travel services' activities.
pub fn worker_options(
    task_queue: &str,
    activities: TravelActivities,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<TripBookingWorkflow>()?
        .register_activities(activities)
        .build())
}
