//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p saga worker [--fail-cancel car]
//! cargo run -p saga starter [--fail-step car|hotel|flight]
//! ```

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Subcommand;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use saga::{Step, TASK_QUEUE, TravelActivities, TripInput, client};
use samples_helper::ConnectArgs;

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the saga and the travel services.
    Worker {
        /// Make cancelling this step fail on every attempt (repeatable): the saga then reports it.
        #[arg(long, value_parser = step())]
        fail_cancel: Vec<Step>,
    },
    /// Book a trip and print the confirmations, or the failure and what was cancelled.
    Starter {
        /// The trip's id (also the idempotency key of every booking).
        #[arg(long, default_value = "trip-1", value_parser = clap::builder::NonEmptyStringValueParser::new())]
        trip_id: String,
        /// Who travels.
        #[arg(long, default_value = "Ada", value_parser = clap::builder::NonEmptyStringValueParser::new())]
        traveller: String,
        /// Make this step's service fail after booking.
        #[arg(long, value_parser = step())]
        fail_step: Option<Step>,
    },
}

/// `car`, `hotel` or `flight` on the command line (clap lists and checks them).
fn step() -> impl TypedValueParser<Value = Step> {
    PossibleValuesParser::new(Step::ALL.map(Step::name)).try_map(|name| {
        Step::ALL
            .into_iter()
            .find(|s| s.name() == name)
            .ok_or("no such step")
    })
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal saga sample: book a car, a hotel and a flight, or none",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    let connected = connect.connect().await?;
    let c = &connected.client;
    match command {
        Command::Worker { fail_cancel } => {
            let activities = TravelActivities {
                failing_cancellations: fail_cancel.into_iter().map(|s| (s, u32::MAX)).collect(),
                ..TravelActivities::default()
            };
            samples_helper::Workers::new(c, saga::worker_options(TASK_QUEUE, activities)?)
                .run()
                .await
        }
        Command::Starter {
            trip_id,
            traveller,
            fail_step,
        } => {
            let trip = TripInput {
                trip_id,
                traveller,
                fail_step,
            };
            println!("Booking trip {} for {}", trip.trip_id, trip.traveller);
            match client::book_trip(c, TASK_QUEUE, trip).await? {
                Ok(booking) => {
                    println!(
                        "Booked: car {}, hotel {}, flight {}",
                        booking.car, booking.hotel, booking.flight
                    );
                    Ok(())
                }
                Err(error) => bail!("{}", samples_helper::failure::describe(&error)),
            }
        }
    }
}
