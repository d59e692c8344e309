//! End-to-end tests against a real dev server: the order of bookings and compensations from
//! history, and what is left booked from the injected agency.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use saga::{
    Step, TravelActivities, TripBooking, TripInput,
    activities::BOOKING_FAILED,
    client,
    workflows::{COMPENSATION_ATTEMPTS, TRIP_BOOKING_FAILED},
};
use samples_helper::Workers;
use samples_helper::testing::{activity_attempts, test_client, unique};
use temporalio_client::{Client, errors::WorkflowGetResultError};
use temporalio_common::error::IncomingError;

struct Run {
    client: Client,
    workflow_id: String,
    trip_id: String,
    activities: TravelActivities,
    result: Result<TripBooking, WorkflowGetResultError>,
}

async fn run(fail_step: Option<Step>, failing_cancellations: BTreeMap<Step, u32>) -> Result<Run> {
    let client = test_client().await?.client;
    let task_queue = unique("saga");
    let trip_id = unique("trip");
    let activities = TravelActivities {
        failing_cancellations,
        ..TravelActivities::default()
    };
    let trip = TripInput {
        trip_id: trip_id.clone(),
        traveller: "Ada".into(),
        fail_step,
    };
    let result = Workers::new(
        &client,
        saga::worker_options(&task_queue, activities.clone())?,
    )
    .run_while(client::book_trip(&client, &task_queue, trip))
    .await??;
    Ok(Run {
        client,
        workflow_id: format!("trip-booking-{trip_id}"),
        trip_id,
        activities,
        result,
    })
}

impl Run {
    /// Activity types in the order scheduled, with the attempt each ended on.
    async fn activities_run(&self) -> Result<Vec<(String, i32)>> {
        activity_attempts(&self.client, &self.workflow_id).await
    }

    /// Which steps the agency still holds booked.
    fn still_booked(&self) -> Vec<Step> {
        let agency = self
            .activities
            .agency
            .lock()
            .map(|a| a.clone())
            .unwrap_or_default();
        agency
            .into_iter()
            .filter(|((trip, _), booked)| *trip == self.trip_id && *booked)
            .map(|((_, step), _)| step)
            .collect()
    }

    /// The workflow failure's message and its cause's type, after checking its own type.
    fn failure(&self) -> Result<(String, String)> {
        let Err(WorkflowGetResultError::Failed(failure)) = &self.result else {
            bail!("expected the saga to fail, got {:?}", self.result);
        };
        let IncomingError::Application(app) = failure.as_ref() else {
            bail!("expected an application failure, got {failure:?}");
        };
        assert_eq!(app.type_name(), Some(TRIP_BOOKING_FAILED));
        // Cause chain: the step's activity failure, then the service's application failure.
        let cause_type = samples_helper::failure_chain(failure)
            .into_iter()
            .skip(1)
            .rfind(|link| link.kind == "ApplicationFailure")
            .map(|link| link.type_name)
            .unwrap_or_default();
        Ok((failure.failure().message.clone(), cause_type))
    }

    async fn record(&self, name: &str) -> Result<()> {
        samples_helper::replay::record(
            &self.client,
            env!("CARGO_MANIFEST_DIR"),
            name,
            &self.workflow_id,
            None,
        )
        .await
    }
}

fn names(run: &[(String, i32)]) -> Vec<&str> {
    run.iter().map(|(name, _)| name.as_str()).collect()
}

#[tokio::test]
async fn a_trip_that_books_keeps_all_three_bookings() -> Result<()> {
    let r = run(None, BTreeMap::new()).await?;
    let booking = r.result.as_ref().map_err(|e| anyhow::anyhow!("{e}"))?;
    assert_eq!(booking.flight, format!("flight-{}", r.trip_id));
    assert_eq!(r.still_booked(), [Step::Car, Step::Hotel, Step::Flight]);
    assert_eq!(
        names(&r.activities_run().await?),
        ["book_car", "book_hotel", "book_flight"]
    );
    r.record("booked").await
}

#[tokio::test]
async fn a_failed_step_is_undone_with_everything_before_it_in_reverse_order() -> Result<()> {
    for (step, expected) in [
        (Step::Car, vec!["book_car", "cancel_car"]),
        (
            Step::Hotel,
            vec!["book_car", "book_hotel", "cancel_hotel", "cancel_car"],
        ),
        (
            Step::Flight,
            vec![
                "book_car",
                "book_hotel",
                "book_flight",
                "cancel_flight",
                "cancel_hotel",
                "cancel_car",
            ],
        ),
    ] {
        let r = run(Some(step), BTreeMap::new()).await?;
        // The failed step's own booking is cancelled too: its compensation was registered
        // before it ran.
        assert_eq!(
            names(&r.activities_run().await?),
            expected,
            "{step} failing"
        );
        assert!(
            r.still_booked().is_empty(),
            "{step} failing left {:?} booked",
            r.still_booked()
        );
        let (message, cause) = r.failure()?;
        assert!(
            message.starts_with(&format!("booking the {step} failed; cancelled")),
            "{message}"
        );
        assert!(!message.contains("manual clean-up"), "{message}");
        assert_eq!(cause, BOOKING_FAILED);
        if step == Step::Flight {
            r.record("flight-failed").await?;
        }
    }
    Ok(())
}

#[tokio::test]
async fn a_compensation_that_fails_is_retried_then_succeeds() -> Result<()> {
    let r = run(Some(Step::Flight), [(Step::Hotel, 2)].into()).await?;
    let activities = r.activities_run().await?;
    assert!(
        activities.contains(&("cancel_hotel".to_owned(), 3)),
        "{activities:?}"
    );
    assert!(r.still_booked().is_empty());
    r.record("compensation-retried").await
}

#[tokio::test]
async fn a_compensation_that_keeps_failing_is_reported_and_the_others_still_run() -> Result<()> {
    let r = run(Some(Step::Hotel), [(Step::Car, u32::MAX)].into()).await?;
    let (message, _) = r.failure()?;
    assert!(message.contains("cancelled hotel"), "{message}");
    assert!(
        message.contains(&format!(
            "could not cancel the car: the car service is unreachable (attempt {COMPENSATION_ATTEMPTS})"
        )),
        "{message}"
    );
    assert!(message.contains("manual clean-up needed"), "{message}");
    // What the message says is what the agency holds: the car is still booked, nothing else.
    assert_eq!(r.still_booked(), [Step::Car]);
    let activities = r.activities_run().await?;
    assert_eq!(
        activities.last(),
        Some(&("cancel_car".to_owned(), COMPENSATION_ATTEMPTS as i32))
    );
    Ok(())
}
