//! End-to-end tests against a real dev server: the custom encoding on the wire, and each side
//! that lacks it (a client writing the input, a worker reading it, a client reading the result)
//! failing clearly without losing anything.

use anyhow::Result;
use custom_converter::{GREETING_ENCODING, client};
use samples_helper::Workers;
use samples_helper::testing::{EventType, event_types, test_client, test_client_with, unique};
use temporalio_client::{Client, WorkflowExecutionStatus};

fn metadata(
    payload: &temporalio_common::protos::temporal::api::common::v1::Payload,
    key: &str,
) -> String {
    String::from_utf8_lossy(
        payload
            .metadata
            .get(key)
            .map(Vec::as_slice)
            .unwrap_or_default(),
    )
    .into_owned()
}

async fn status(c: &Client, id: &str) -> Result<WorkflowExecutionStatus> {
    Ok(
        c.get_workflow_handle::<custom_converter::GreetingWorkflow>(id)
            .describe(Default::default())
            .await?
            .status(),
    )
}

#[tokio::test]
async fn input_and_result_cross_the_server_in_the_custom_encoding() -> Result<()> {
    let c = test_client_with(client::data_converter()).await?.client;
    let task_queue = unique("custom-converter");
    let id = unique("custom_converter-workflow-id");
    let output = Workers::new(&c, custom_converter::worker_options(&task_queue)?)
        .run_while(async {
            client::start(&c, &task_queue, &id, "Temporal").await?;
            client::result(&c, &id).await
        })
        .await??;
    assert_eq!(output.result, "Hello, Temporal");

    let (input, result) = client::recorded_payloads(&c, &id).await?;
    let (input, result) = (input.expect("an input"), result.expect("a result"));
    assert_eq!(metadata(&input, "encoding"), GREETING_ENCODING);
    assert_eq!(metadata(&input, "is_input"), "true");
    assert_eq!(input.data, b"Temporal", "the bare text, not JSON");
    assert_eq!(metadata(&result, "encoding"), GREETING_ENCODING);
    assert!(!result.metadata.contains_key("is_input"));
    assert_eq!(result.data, b"Hello, Temporal");
    samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), "greeting", &id, None).await
}

#[tokio::test]
async fn a_client_without_the_encoding_cannot_start_it_and_says_why() -> Result<()> {
    let json_only = test_client_with(client::json_only_data_converter())
        .await?
        .client;
    let id = unique("custom_converter-workflow-id");
    let err = client::start(&json_only, &unique("custom-converter"), &id, "Temporal")
        .await
        .err()
        .expect("a JSON-only converter cannot encode the input")
        .to_string();
    assert!(err.contains("cannot encode the GreetingInput"), "{err}");
    assert!(err.contains(GREETING_ENCODING), "{err}");
    // Refused before anything reached the server: no workflow was started.
    let describe = json_only
        .get_workflow_handle::<custom_converter::GreetingWorkflow>(&id)
        .describe(Default::default())
        .await;
    assert!(describe.is_err(), "no workflow `{id}` should exist");
    Ok(())
}

#[tokio::test]
async fn a_worker_without_the_encoding_fails_the_task_and_a_worker_with_it_finishes() -> Result<()>
{
    let c = test_client_with(client::data_converter()).await?.client;
    let json_only = test_client_with(client::json_only_data_converter())
        .await?
        .client;
    let task_queue = unique("custom-converter");
    let id = unique("custom_converter-workflow-id");
    client::start(&c, &task_queue, &id, "Temporal").await?;

    // The JSON-only worker cannot decode the input: it fails the workflow *task*, not the
    // workflow, so the workflow stays running and its input stays in history.
    Workers::new(&json_only, custom_converter::worker_options(&task_queue)?)
        .run_while(async {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
            while !event_types(&c, &id)
                .await?
                .contains(&EventType::WorkflowTaskFailed)
            {
                anyhow::ensure!(
                    std::time::Instant::now() < deadline,
                    "the JSON-only worker never failed the workflow task"
                );
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            anyhow::Ok(())
        })
        .await??;
    assert_eq!(status(&c, &id).await?, WorkflowExecutionStatus::Running);

    // A worker with the encoding picks up the retried task: nothing was lost.
    let output = Workers::new(&c, custom_converter::worker_options(&task_queue)?)
        .run_while(client::result(&c, &id))
        .await??;
    assert_eq!(output.result, "Hello, Temporal");
    samples_helper::replay::record(
        &c,
        env!("CARGO_MANIFEST_DIR"),
        "task-failed-first",
        &id,
        None,
    )
    .await
}

#[tokio::test]
async fn a_client_without_the_encoding_cannot_read_the_result_but_it_is_kept() -> Result<()> {
    let c = test_client().await?.client;
    let json_only = test_client_with(client::json_only_data_converter())
        .await?
        .client;
    let task_queue = unique("custom-converter");
    let id = unique("custom_converter-workflow-id");
    Workers::new(&c, custom_converter::worker_options(&task_queue)?)
        .run_while(async {
            client::start(&c, &task_queue, &id, "Ferris").await?;
            client::result(&c, &id).await
        })
        .await??;

    let err = client::result(&json_only, &id)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("cannot be decoded"), "{err}");
    assert!(err.contains(GREETING_ENCODING), "{err}");
    assert_eq!(client::result(&c, &id).await?.result, "Hello, Ferris");
    Ok(())
}
