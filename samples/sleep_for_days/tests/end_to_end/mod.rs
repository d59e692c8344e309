//! End-to-end tests against a real dev server: the emails from the injected outbox, the timers
//! from history.

use std::time::Duration;

use anyhow::{Result, bail};
use samples_helper::Workers;
use samples_helper::testing::{Attributes, history, test_client, unique};
use sleep_for_days::{
    EmailActivities, SleepForDaysInput, client,
    workflows::{DEFAULT_PERIOD, INVALID_PERIOD_ERROR},
};
use temporalio_client::{Client, errors::WorkflowGetResultError};
use temporalio_common::error::IncomingError;

/// The timers of the workflow, in order: `started <secs>`, `fired`, `cancelled`.
async fn timers(c: &Client, workflow_id: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for e in history(c, workflow_id).await? {
        match e.attributes {
            Some(Attributes::TimerStartedEventAttributes(a)) => {
                let d = a.start_to_fire_timeout.unwrap_or_default();
                out.push(format!(
                    "started {}",
                    d.seconds * 1000 + i64::from(d.nanos) / 1_000_000
                ));
            }
            Some(Attributes::TimerFiredEventAttributes(_)) => out.push("fired".into()),
            Some(Attributes::TimerCanceledEventAttributes(_)) => out.push("cancelled".into()),
            _ => {}
        }
    }
    Ok(out)
}

#[tokio::test]
async fn an_email_every_period_until_the_complete_signal() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("sleep-for-days");
    let id = unique("sleep-for-days-workflow-id");
    let activities = EmailActivities::default();
    let outbox = activities.outbox.clone();
    let input = SleepForDaysInput { period_ms: 300 };
    let result = Workers::new(&c, sleep_for_days::worker_options(&task_queue, activities)?)
        .run_while(async {
            client::start(&c, &task_queue, &id, input).await?;
            client::wait_for_emails(&c, &id, 3, Duration::from_secs(20)).await?;
            client::complete(&c, &id).await?;
            client::result(&c, &id).await
        })
        .await??;
    assert_eq!(result, "done!");
    let sent = outbox.lock().map(|o| o.clone()).unwrap_or_default();
    assert!(sent.len() >= 3, "{sent:?}");
    assert!(
        sent.iter().all(|m| m == "300 ms until the next email"),
        "{sent:?}"
    );
    // One timer per email, each for the period; every one fired, except that the signal cut
    // the last one short (cancelled) — unless it arrived just as that timer fired.
    let story = timers(&c, &id).await?;
    let started: Vec<&String> = story.iter().filter(|s| s.starts_with("started")).collect();
    assert_eq!(started.len(), sent.len(), "{story:?}");
    assert!(started.iter().all(|s| *s == "started 300"), "{story:?}");
    let fired = story.iter().filter(|s| *s == "fired").count();
    let cancelled = story.iter().filter(|s| *s == "cancelled").count();
    assert_eq!(fired + cancelled, started.len(), "{story:?}");
    assert!(cancelled <= 1, "{story:?}");
    if cancelled == 1 {
        assert_eq!(
            story.last().map(String::as_str),
            Some("cancelled"),
            "{story:?}"
        );
    }
    samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), "three-emails", &id, None)
        .await?;
    Ok(())
}

#[tokio::test]
async fn no_input_as_python_sends_means_thirty_days() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("sleep-for-days");
    let id = unique("sleep-for-days-workflow-id");
    let activities = EmailActivities::default();
    let outbox = activities.outbox.clone();
    let result = Workers::new(&c, sleep_for_days::worker_options(&task_queue, activities)?)
        .run_while(async {
            client::start(&c, &task_queue, &id, SleepForDaysInput::default()).await?;
            client::wait_for_emails(&c, &id, 1, Duration::from_secs(20)).await?;
            client::complete(&c, &id).await?;
            client::result(&c, &id).await
        })
        .await??;
    assert_eq!(result, "done!");
    let sent = outbox.lock().map(|o| o.clone()).unwrap_or_default();
    assert_eq!(sent, ["30 days until the next email"]);
    // The input really was empty, and the month-long timer was cancelled by the signal.
    let events = history(&c, &id).await?;
    let Some(Attributes::WorkflowExecutionStartedEventAttributes(started)) = &events[0].attributes
    else {
        bail!("no start event");
    };
    assert!(started.input.as_ref().is_none_or(|p| p.payloads.is_empty()));
    assert_eq!(
        timers(&c, &id).await?,
        [
            format!("started {}", DEFAULT_PERIOD.as_millis()),
            "cancelled".to_owned()
        ]
    );
    samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), "thirty-days", &id, None)
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_zero_period_is_refused_before_any_email() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("sleep-for-days");
    let id = unique("sleep-for-days-workflow-id");
    let activities = EmailActivities::default();
    let outbox = activities.outbox.clone();
    let result = Workers::new(&c, sleep_for_days::worker_options(&task_queue, activities)?)
        .run_while(async {
            client::start(&c, &task_queue, &id, SleepForDaysInput { period_ms: 0 }).await?;
            anyhow::Ok(client::result(&c, &id).await)
        })
        .await??;
    let Err(err) = result else {
        bail!("a zero period should fail the workflow");
    };
    let Some(WorkflowGetResultError::Failed(failure)) =
        err.downcast_ref::<WorkflowGetResultError>()
    else {
        bail!("expected a workflow failure, got {err:#}");
    };
    let IncomingError::Application(app) = failure.as_ref() else {
        bail!("expected an application failure, got {failure:?}");
    };
    assert_eq!(app.type_name(), Some(INVALID_PERIOD_ERROR));
    assert!(
        failure.failure().message.contains("longer than zero"),
        "{failure:?}"
    );
    assert!(outbox.lock().map(|o| o.is_empty()).unwrap_or(false));
    Ok(())
}
