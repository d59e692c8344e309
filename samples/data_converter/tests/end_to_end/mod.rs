//! End-to-end tests against a real dev server, plus validation unit tests.

use anyhow::{Result, bail};
use data_converter::{
    BadgeWorkflow, Money, MyModel, Priority, Timestamp, Unvalidated, ValidationError,
    badge::{BINARY_PLAIN, ENCODING_KEY},
    client,
    models::validate,
    workflows::VALIDATION_ERROR,
};
use samples_helper::Workers;
use samples_helper::testing::{Attributes, EventType, event_types, history, test_client, unique};
use temporalio_client::{
    WorkflowGetResultOptions, WorkflowStartOptions, errors::WorkflowGetResultError,
};
use temporalio_common::error::IncomingError;

fn models() -> Result<Vec<MyModel>> {
    Ok(vec![
        MyModel {
            some_ip: "10.1.2.3".parse()?,
            some_date: "2000-01-02T03:04:05.000006+02:00"
                .parse()
                .map_err(anyhow::Error::msg)?,
            priority: Priority::High,
            amount: Some(Money::new(1250, "EUR").map_err(anyhow::Error::msg)?),
        },
        MyModel {
            some_ip: "2001:db8::1".parse()?,
            some_date: "2024-06-30T23:59:59-07:00"
                .parse()
                .map_err(anyhow::Error::msg)?,
            priority: Priority::Low,
            amount: None,
        },
    ])
}

fn invalid(json: &str) -> ValidationError {
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    match validate::<Vec<MyModel>>(&value) {
        Ok(models) => ValidationError {
            path: "<none>".into(),
            message: format!("unexpectedly valid: {models:?}"),
        },
        Err(e) => e,
    }
}

#[test]
fn naive_and_zoned_timestamps_are_kept_as_sent() -> Result<()> {
    // What Python's pydantic sample sends: naive datetimes, with and without microseconds.
    let python = serde_json::json!([
        {"some_ip": "127.0.0.1", "some_date": "2000-01-02T03:04:05"},
        {"some_ip": "127.0.0.2", "some_date": "2001-02-03T04:05:06.000007"},
        {"some_ip": "127.0.0.3", "some_date": "2001-02-03T04:05:06+05:30"},
        {"some_ip": "127.0.0.4", "some_date": "2001-02-03T04:05:06Z"}
    ]);
    let models: Vec<MyModel> = validate(&python)?;
    assert!(matches!(models[0].some_date, Timestamp::Naive(_)));
    assert!(matches!(models[2].some_date, Timestamp::Zoned(_)));
    // Back on the wire, each is what it was: naive stays naive, the offset stays the offset.
    let back = serde_json::to_value(&models)?;
    for i in 0..4 {
        assert_eq!(back[i]["some_date"], python[i]["some_date"], "model {i}");
    }
    Ok(())
}

#[test]
fn invalid_values_are_rejected_with_the_field_named() {
    let e = invalid(
        r#"[{"some_ip":"1.2.3.4","some_date":"2000-01-02T03:04:05Z","amount":{"cents":-5,"currency":"EUR"}}]"#,
    );
    assert_eq!(e.path, "[0].amount");
    assert!(e.message.contains("amount must be positive, got -5"), "{e}");

    let e = invalid(
        r#"[{"some_ip":"1.2.3.4","some_date":"2000-01-02T03:04:05Z"},{"some_ip":"300.1.1.1","some_date":"2000-01-02T03:04:05Z"}]"#,
    );
    assert_eq!(e.path, "[1].some_ip");

    // A date alone (or anything that is not a date and time) is rejected, naming the field.
    let e = invalid(r#"[{"some_ip":"1.2.3.4","some_date":"2000-01-02"}]"#);
    assert_eq!(e.path, "[0].some_date");
    assert!(
        e.message.contains("expected an ISO 8601 date and time"),
        "{e}"
    );

    let e = invalid(
        r#"[{"some_ip":"1.2.3.4","some_date":"2000-01-02T03:04:05Z","priority":"urgent"}]"#,
    );
    assert_eq!(e.path, "[0].priority");

    let e = invalid(
        r#"[{"some_ip":"1.2.3.4","some_date":"2000-01-02T03:04:05Z","amount":{"cents":5,"currency":"eur"}}]"#,
    );
    assert!(
        e.message
            .contains("currency must be three upper-case letters"),
        "{e}"
    );
}

#[tokio::test]
async fn models_round_trip_client_workflow_activity_client_unchanged() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("data-converter");
    let workflow_id = unique("pydantic_converter");
    let sent = models()?;
    let returned = Workers::new(&client, data_converter::worker_options(&task_queue)?)
        .run_while(async {
            let models = Unvalidated::new(&sent)?;
            client::start_models(&client, &task_queue, &workflow_id, models).await?;
            anyhow::Ok(client::models(&client, &workflow_id).await?)
        })
        .await??;
    assert_eq!(returned, sent);
    // The zone survived, not just the instant.
    let Timestamp::Zoned(date) = returned[1].some_date else {
        bail!(
            "the zoned timestamp came back as {:?}",
            returned[1].some_date
        );
    };
    assert_eq!(date.offset().local_minus_utc(), -7 * 3600);
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "round-trip",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn the_workflow_rejects_invalid_input_before_any_work() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("data-converter");
    let workflow_id = unique("pydantic_converter");
    let raw = serde_json::json!([
        {"some_ip": "1.2.3.4", "some_date": "2000-01-02T03:04:05Z"},
        {"some_ip": "1.2.3.4", "some_date": "2000-01-02T03:04:05Z", "amount": {"cents": 0, "currency": "USD"}}
    ]);
    let result = Workers::new(&client, data_converter::worker_options(&task_queue)?)
        .run_while(async {
            let models = Unvalidated::from_json(raw);
            client::start_models(&client, &task_queue, &workflow_id, models).await?;
            anyhow::Ok(client::models(&client, &workflow_id).await)
        })
        .await??;
    let Err(WorkflowGetResultError::Failed(failure)) = result else {
        bail!("expected a failure: {result:?}")
    };
    let IncomingError::Application(app) = failure.as_ref() else {
        bail!("expected an application failure")
    };
    assert_eq!(app.type_name(), Some(VALIDATION_ERROR));
    assert!(app.is_non_retryable());
    assert_eq!(
        app.details::<Vec<String>>()?,
        Some(vec![
            "[1].amount".to_owned(),
            "amount must be positive, got 0".to_owned()
        ])
    );
    let events = event_types(&client, &workflow_id).await?;
    assert!(
        !events.contains(&EventType::ActivityTaskScheduled),
        "no work was done: {events:?}"
    );
    assert!(
        !events.contains(&EventType::WorkflowTaskFailed),
        "no task retry loop: {events:?}"
    );
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "invalid-input",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn the_badge_travels_as_binary_plain_bytes() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("data-converter");
    let workflow_id = unique("badge");
    let model = models()?.remove(0);
    let badge = Workers::new(&client, data_converter::worker_options(&task_queue)?)
        .run_while(async {
            let options = WorkflowStartOptions::new(&task_queue, &workflow_id).build();
            let handle = client
                .start_workflow(BadgeWorkflow::run, Unvalidated::new(&model)?, options)
                .await?;
            anyhow::Ok(
                handle
                    .get_result(WorkflowGetResultOptions::default())
                    .await?,
            )
        })
        .await??;
    assert_eq!(badge.0, data_converter::Badge::render(&model).0);
    assert_eq!(&badge.0[..2], b"BM");

    // In history: the model went as JSON, the badge came back as raw bytes.
    let events = history(&client, &workflow_id).await?;
    let encoding = |p: &temporalio_protos::temporal::api::common::v1::Payload| {
        String::from_utf8_lossy(
            p.metadata
                .get(ENCODING_KEY)
                .map(Vec::as_slice)
                .unwrap_or_default(),
        )
        .into_owned()
    };
    for e in &events {
        match &e.attributes {
            Some(Attributes::WorkflowExecutionStartedEventAttributes(a)) => {
                let input = &a
                    .input
                    .as_ref()
                    .map(|p| p.payloads.clone())
                    .unwrap_or_default()[0];
                assert_eq!(encoding(input), "json/plain");
            }
            Some(Attributes::ActivityTaskCompletedEventAttributes(a)) => {
                let result = &a
                    .result
                    .as_ref()
                    .map(|p| p.payloads.clone())
                    .unwrap_or_default()[0];
                assert_eq!(encoding(result), BINARY_PLAIN);
                assert_eq!(
                    result.data, badge.0,
                    "raw bytes, not a JSON array of numbers"
                );
            }
            Some(Attributes::WorkflowExecutionCompletedEventAttributes(a)) => {
                let result = &a
                    .result
                    .as_ref()
                    .map(|p| p.payloads.clone())
                    .unwrap_or_default()[0];
                assert_eq!(encoding(result), BINARY_PLAIN);
            }
            _ => {}
        }
    }
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "badge",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}
