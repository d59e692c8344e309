//! End-to-end tests against a real dev server. The parent/child links are read from history.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use child_workflow::{
    SignalChildInput, WaitForGreetingWorkflow, child_id_for, workflows::INVALID_NAME_ERROR,
};
use samples_helper::Workers;
use samples_helper::testing::{Attributes, history, test_client, unique};
use temporalio_client::errors::WorkflowGetResultError;
use temporalio_client::{
    WorkflowDescribeOptions, WorkflowExecutionStatus, WorkflowGetResultOptions,
    WorkflowTerminateOptions,
};
use temporalio_common::error::IncomingError;

#[tokio::test]
async fn parent_returns_the_childs_result_and_history_links_them() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("child-workflow");
    let parent_id = unique("hello-child-workflow");
    let result = Workers::new(&client, child_workflow::worker_options(&task_queue)?)
        .run_while(async {
            child_workflow::client::start(&client, &task_queue, &parent_id, "World".to_owned())
                .await?;
            anyhow::Ok(child_workflow::client::greeting(&client, &parent_id).await?)
        })
        .await??;
    assert_eq!(result, "Hello, World!");

    // The parent's history records the child it started, under the expected id...
    let child_id = child_id_for(&parent_id);
    let started_child = history(&client, &parent_id)
        .await?
        .into_iter()
        .find_map(|e| match e.attributes {
            Some(Attributes::ChildWorkflowExecutionStartedEventAttributes(a)) => {
                a.workflow_execution
            }
            _ => None,
        });
    assert_eq!(started_child.map(|c| c.workflow_id), Some(child_id.clone()));
    // ...and the child's history points back at its parent.
    let child_events = history(&client, &child_id).await?;
    let Some(Attributes::WorkflowExecutionStartedEventAttributes(start)) =
        &child_events[0].attributes
    else {
        bail!("the child's history does not start with WorkflowExecutionStarted")
    };
    assert_eq!(
        start
            .parent_workflow_execution
            .as_ref()
            .map(|p| p.workflow_id.as_str()),
        Some(parent_id.as_str())
    );
    assert_eq!(
        start.workflow_type.as_ref().map(|t| t.name.as_str()),
        Some("ComposeGreetingWorkflow")
    );
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "parent",
        &parent_id,
        None,
    )
    .await?;
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "child",
        &child_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn parent_signals_the_child_through_its_handle() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("child-workflow");
    let parent_id = unique("signal-child");
    let input = SignalChildInput {
        name: "Rust".into(),
        greeting: "Howdy".into(),
        signal_delay_ms: 0,
    };
    let result = Workers::new(&client, child_workflow::worker_options(&task_queue)?)
        .run_while(async {
            let handle =
                child_workflow::client::start_signal_child(&client, &task_queue, &parent_id, input)
                    .await?;
            anyhow::Ok(
                handle
                    .get_result(WorkflowGetResultOptions::default())
                    .await?,
            )
        })
        .await??;
    assert_eq!(result, "Howdy, Rust!");

    let child_events = history(&client, &child_id_for(&parent_id)).await?;
    let signal = child_events.iter().find_map(|e| match &e.attributes {
        Some(Attributes::WorkflowExecutionSignaledEventAttributes(a)) => {
            Some(a.signal_name.clone())
        }
        _ => None,
    });
    assert_eq!(signal.as_deref(), Some("set_greeting"));
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "signal-parent",
        &parent_id,
        None,
    )
    .await?;
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "signal-child",
        &child_id_for(&parent_id),
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn terminating_the_parent_requests_cancellation_of_the_waiting_child() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("child-workflow");
    let parent_id = unique("signal-child");
    let child_id = child_id_for(&parent_id);
    // The parent would signal only after a minute: the child is still waiting when we terminate.
    let input = SignalChildInput {
        name: "Rust".into(),
        greeting: "Howdy".into(),
        signal_delay_ms: 60_000,
    };
    Workers::new(&client, child_workflow::worker_options(&task_queue)?)
        .run_while(async {
            let parent =
                child_workflow::client::start_signal_child(&client, &task_queue, &parent_id, input)
                    .await?;
            let child = client.get_workflow_handle::<WaitForGreetingWorkflow>(&child_id);
            wait_for_status(
                || child.describe(WorkflowDescribeOptions::default()),
                WorkflowExecutionStatus::Running,
            )
            .await?;

            parent
                .terminate(WorkflowTerminateOptions::default())
                .await?;
            // ParentClosePolicy::RequestCancel: the server asks the child to cancel, and it does.
            wait_for_status(
                || child.describe(WorkflowDescribeOptions::default()),
                WorkflowExecutionStatus::Canceled,
            )
            .await
        })
        .await??;
    Ok(())
}

async fn wait_for_status<F, Fut, E>(describe: F, wanted: WorkflowExecutionStatus) -> Result<()>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<temporalio_client::WorkflowExecutionDescription, E>>,
{
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        // Not found yet is fine: the child may not have been started.
        if let Ok(d) = describe().await
            && d.status() == wanted
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the workflow never reached {wanted:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_failing_child_fails_the_parent_with_the_childs_failure_as_cause() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("child-workflow-fail");
    let parent_id = unique("hello-child-workflow-fail");
    let result = Workers::new(&client, child_workflow::worker_options(&task_queue)?)
        .run_while(async {
            child_workflow::client::start(&client, &task_queue, &parent_id, String::new()).await?;
            anyhow::Ok(child_workflow::client::greeting(&client, &parent_id).await)
        })
        .await??;

    // The parent's failure is a child workflow failure (naming the child) caused by the
    // child's own failure.
    let Err(WorkflowGetResultError::Failed(failure)) = &result else {
        bail!("expected the parent to fail, got {result:?}");
    };
    let child: &IncomingError = failure;
    let IncomingError::ChildWorkflowExecution(child_failure) = child else {
        bail!("expected a child workflow failure, got {child:?}");
    };
    assert_eq!(
        child_failure.workflow_execution().map(|e| e.workflow_id()),
        Some(child_id_for(&parent_id).as_str())
    );
    let cause = child.cause().context("the child's cause")?;
    let IncomingError::Application(app) = cause else {
        bail!("expected the child's application failure under {child:?}");
    };
    assert_eq!(app.type_name(), Some(INVALID_NAME_ERROR));
    assert_eq!(cause.failure().message, "cannot greet an empty name");
    // The child itself ended FAILED.
    let child_status = client
        .get_workflow_handle::<child_workflow::ComposeGreetingWorkflow>(&child_id_for(&parent_id))
        .describe(WorkflowDescribeOptions::default())
        .await?
        .status();
    assert_eq!(child_status, WorkflowExecutionStatus::Failed);
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "child-failed",
        &parent_id,
        None,
    )
    .await?;
    Ok(())
}
