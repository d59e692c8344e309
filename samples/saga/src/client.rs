//! The client half: book a trip and wait for the outcome. `main.rs` and the tests call it.

use anyhow::{Context, Result};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowStartOptions, errors::WorkflowGetResultError,
};

use crate::{TripBooking, TripBookingWorkflow, TripInput};

// ANCHOR: lesson
/// Starts the saga for `trip` (its id doubles as the workflow id) and waits for it.
pub async fn book_trip(
    client: &Client,
    task_queue: &str,
    trip: TripInput,
) -> Result<Result<TripBooking, WorkflowGetResultError>> {
    let workflow_id = format!("trip-booking-{}", trip.trip_id);
    let handle = client
        .start_workflow(
            TripBookingWorkflow::run,
            trip,
            WorkflowStartOptions::new(task_queue, &workflow_id).build(),
        )
        .await
        .with_context(|| format!("cannot start `{workflow_id}`"))?;
    Ok(handle.get_result(WorkflowGetResultOptions::default()).await)
}
// ANCHOR_END: lesson
