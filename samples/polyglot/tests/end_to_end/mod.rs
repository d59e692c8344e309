//! End-to-end tests against a real dev server, with the Python workers as real processes.

use anyhow::{Context, Result};
use polyglot::client;
use samples_helper::Workers;
use samples_helper::testing::{start_python_worker, test_client, unique};
use temporalio_client::errors::WorkflowGetResultError;

/// One of the sample's Python workers, in `python/`.
fn script(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("python")
        .join(name)
}

#[tokio::test]
async fn a_rust_workflow_calls_an_activity_only_a_python_worker_serves() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("polyglot-rust-workflow");
    let workflow_id = unique("say-hello-workflow");
    let _python = start_python_worker(
        &script("activity_worker.py"),
        &["--task-queue", &task_queue],
    )
    .await?;

    let result = Workers::new(client, polyglot::workflow_worker_options(&task_queue)?)
        .run_while(client::say_hello(client, &task_queue, &workflow_id, "Rust"))
        .await??;
    assert_eq!(result, "Hello, Rust!");

    // History says who did what: the Rust worker the workflow tasks, Python the activity.
    let served = client::served_by(client, &workflow_id).await?;
    assert!(
        served
            .activity_worker
            .starts_with("python-activity-worker-"),
        "{served:?}"
    );
    assert!(!served.workflow_worker.contains("python"), "{served:?}");
    samples_helper::replay::record(
        client,
        env!("CARGO_MANIFEST_DIR"),
        "rust_workflow",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_python_workflow_calls_an_activity_only_a_rust_worker_serves() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("polyglot-python-workflow");
    let workflow_id = unique("say-hello-workflow");
    let _python = start_python_worker(
        &script("workflow_worker.py"),
        &["--task-queue", &task_queue],
    )
    .await?;

    // The same client call: it names the workflow type, and Python runs it.
    let result = Workers::new(client, polyglot::activity_worker_options(&task_queue))
        .run_while(client::say_hello(
            client,
            &task_queue,
            &workflow_id,
            "Python",
        ))
        .await??;
    assert_eq!(result, "Hello, Python!");

    let served = client::served_by(client, &workflow_id).await?;
    assert!(
        served
            .workflow_worker
            .starts_with("python-workflow-worker-"),
        "{served:?}"
    );
    assert!(
        !served.activity_worker.contains("python") && !served.activity_worker.is_empty(),
        "{served:?}"
    );
    Ok(())
}

#[tokio::test]
async fn with_no_worker_for_the_activity_the_workflow_fails_on_its_timeout() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("polyglot-no-python");
    let workflow_id = unique("say-hello-workflow");

    // The Rust worker registers no activity, so it does not take the activity task itself:
    // with the Python worker down, nobody runs it, and the 5 s schedule-to-close ends the wait.
    let error = Workers::new(client, polyglot::workflow_worker_options(&task_queue)?)
        .run_while(client::say_hello(
            client,
            &task_queue,
            &workflow_id,
            "nobody",
        ))
        .await?
        .err()
        .context("the activity ran with no worker serving it")?;
    let failure = error
        .downcast_ref::<WorkflowGetResultError>()
        .with_context(|| format!("not a workflow failure: {error:#}"))?;
    let chain = samples_helper::failure::describe(failure);
    assert!(
        chain.contains("say-hello-activity") || chain.to_lowercase().contains("activity"),
        "{chain}"
    );
    assert!(
        chain.to_lowercase().contains("timeout") || chain.contains("timed out"),
        "{chain}"
    );
    let served = client::served_by(client, &workflow_id).await?;
    assert_eq!(
        served.activity_worker, "",
        "no worker ever started the activity"
    );
    Ok(())
}
