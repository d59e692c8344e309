//! End-to-end tests: the Rust caller workflows, the endpoints on a real dev server, and the
//! Python SDK handler (`python/handler.py`) as a real process.

use std::path::Path;

use anyhow::{Context, Result};
use nexus::{CANCEL_ENDPOINT, ENDPOINT, HANDLER_TASK_QUEUE, client};
use samples_helper::Workers;
use samples_helper::testing::{PythonWorker, start_python_worker, test_client, unique};
use temporalio_client::{
    Client, UntypedWorkflow, WorkflowDescribeOptions, WorkflowExecutionStatus,
};

/// The endpoints and a handler: what `setup` and `python/handler.py` provide.
async fn handler(client: &Client) -> Result<PythonWorker> {
    for endpoint in [ENDPOINT, CANCEL_ENDPOINT] {
        client::ensure_endpoint(client, endpoint, HANDLER_TASK_QUEUE).await?;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("python")
        .join("handler.py");
    start_python_worker(&script, &["--task-queue", HANDLER_TASK_QUEUE]).await
}

/// The status of a workflow the handler started.
async fn status(client: &Client, workflow_id: &str) -> Result<WorkflowExecutionStatus> {
    Ok(client
        .get_workflow_handle::<UntypedWorkflow>(workflow_id.to_owned())
        .describe(WorkflowDescribeOptions::default())
        .await
        .with_context(|| format!("the handler never started `{workflow_id}`"))?
        .status())
}

#[tokio::test]
async fn a_synchronous_and_a_workflow_run_operation_answer_the_rust_caller() -> Result<()> {
    let client = &test_client().await?.client;
    let _handler = handler(client).await?;
    let task_queue = unique("nexus-caller");
    let workflow_id = unique("nexus-caller");
    let name = unique("rust");
    let (sync, run) = Workers::new(client, nexus::worker_options(&task_queue)?)
        .run_while(client::call_both(client, &task_queue, &workflow_id, &name))
        .await??;
    assert_eq!(sync.message, format!("Hello {name} from sync operation!"));
    assert_eq!(
        run.message,
        format!("Hello {name} from workflow run operation!")
    );
    // The workflow-run operation ran as a workflow in the handler's namespace.
    assert_eq!(
        status(client, &format!("hello-nexus-workflow-{name}")).await?,
        WorkflowExecutionStatus::Completed
    );
    samples_helper::replay::record(
        client,
        env!("CARGO_MANIFEST_DIR"),
        "caller",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_handler_failure_reaches_the_caller_with_its_cause() -> Result<()> {
    let client = &test_client().await?.client;
    let _handler = handler(client).await?;
    let task_queue = unique("nexus-caller-failure");
    let workflow_id = unique("nexus-caller-failure");
    let error = Workers::new(client, nexus::worker_options(&task_queue)?)
        .run_while(client::call_both(client, &task_queue, &workflow_id, ""))
        .await?
        .err()
        .context("an empty name was greeted")?;
    let message = format!("{error:#}");
    assert!(
        message.contains(&format!("workflow `{workflow_id}` failed"))
            && message.contains("my_sync_operation failed")
            && message.contains("a name is required"),
        "{message}"
    );
    Ok(())
}

#[tokio::test]
async fn the_fan_out_keeps_the_first_answer_and_cancels_the_other_four_in_the_handler() -> Result<()>
{
    let client = &test_client().await?.client;
    let _handler = handler(client).await?;
    let task_queue = unique("nexus-cancel-caller");
    let workflow_id = unique("nexus-cancel-caller");
    let name = unique("fan-out");
    let first = Workers::new(client, nexus::worker_options(&task_queue)?)
        .run_while(client::first_greeting(
            client,
            &task_queue,
            &workflow_id,
            &name,
        ))
        .await??;
    assert_eq!(first, format!("Hello {name} 👋"));
    // In the handler's namespace: English completed, the four losers were cancelled (the
    // caller waited for each cancellation to be accepted before returning).
    assert_eq!(
        status(client, &format!("hello-handler-{name}-EN")).await?,
        WorkflowExecutionStatus::Completed
    );
    for language in ["FR", "DE", "ES", "TR"] {
        assert_eq!(
            status(client, &format!("hello-handler-{name}-{language}")).await?,
            WorkflowExecutionStatus::Canceled,
            "{language}"
        );
    }
    samples_helper::replay::record(
        client,
        env!("CARGO_MANIFEST_DIR"),
        "cancel_caller",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn an_endpoint_that_routes_elsewhere_is_named_not_reused() -> Result<()> {
    let client = &test_client().await?.client;
    client::ensure_endpoint(client, ENDPOINT, HANDLER_TASK_QUEUE).await?;
    let error = client::ensure_endpoint(client, ENDPOINT, "some-other-queue")
        .await
        .err()
        .context("an endpoint routing elsewhere was accepted")?;
    let message = format!("{error:#}");
    assert!(
        message.contains(&format!("endpoint `{ENDPOINT}` exists but routes to"))
            && message.contains("not to task queue `some-other-queue`"),
        "{message}"
    );
    Ok(())
}
