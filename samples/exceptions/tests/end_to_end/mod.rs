//! End-to-end tests against a real dev server.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use exceptions::{
    ChainLink, GreetingRequest, GreetingWorkflow, activities::GREETING_FAILURE_TYPE, client,
};
use samples_helper::Workers;
use samples_helper::testing::{
    Attributes, EventType, activity_attempts, event_types, history, test_client, unique,
};
use temporalio_client::{Client, WorkflowDescribeOptions, WorkflowExecutionStatus};

async fn start(c: &Client, task_queue: &str, request: GreetingRequest) -> Result<String> {
    let workflow_id = unique("hello-exception");
    client::start(c, task_queue, &workflow_id, request).await?;
    Ok(workflow_id)
}

async fn failure(c: &Client, workflow_id: &str) -> Result<Vec<ChainLink>> {
    match client::outcome(c, workflow_id).await? {
        Err(chain) => Ok(chain),
        Ok(greeting) => bail!("expected the workflow to fail, got {greeting:?}"),
    }
}

#[tokio::test]
async fn a_retryable_failure_is_retried_then_fails_the_workflow_with_the_whole_chain() -> Result<()>
{
    let client = test_client().await?.client;
    let task_queue = unique("exceptions");
    let (id, chain) = Workers::new(&client, exceptions::worker_options(&task_queue, false)?)
        .run_while(async {
            let id = start(&client, &task_queue, GreetingRequest::Name("World".into())).await?;
            let chain = failure(&client, &id).await?;
            anyhow::Ok((id, chain))
        })
        .await??;

    let kinds: Vec<(&str, &str)> = chain
        .iter()
        .map(|l| (l.kind.as_str(), l.type_name.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("ActivityFailure", "compose_greeting"),
            ("ApplicationFailure", GREETING_FAILURE_TYPE)
        ]
    );
    assert!(
        chain[0].facts.contains("MaximumAttemptsReached"),
        "{chain:?}"
    );
    assert_eq!(
        chain[1].message,
        "Greeting exception: Hello, World! (attempt 2)"
    );
    assert!(chain[1].facts.contains("non-retryable: false"));
    // Two attempts (the policy's maximum), recorded on the activity's started event.
    assert_eq!(
        activity_attempts(&client, &id).await?,
        [("compose_greeting".to_owned(), 2)]
    );
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "activity-failure",
        &id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_non_retryable_failure_fails_on_the_first_attempt() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("exceptions");
    let request = GreetingRequest::Options {
        name: "Rust".into(),
        non_retryable: true,
    };
    let (id, chain) = Workers::new(&client, exceptions::worker_options(&task_queue, false)?)
        .run_while(async {
            let id = start(&client, &task_queue, request).await?;
            let chain = failure(&client, &id).await?;
            anyhow::Ok((id, chain))
        })
        .await??;

    assert!(chain[0].facts.contains("NonRetryableFailure"), "{chain:?}");
    assert_eq!(chain[1].type_name, GREETING_FAILURE_TYPE);
    assert_eq!(
        chain[1].message,
        "Greeting exception: Hello, Rust! (attempt 1)"
    );
    assert!(chain[1].facts.contains("non-retryable: true"));
    assert_eq!(
        activity_attempts(&client, &id).await?,
        [("compose_greeting".to_owned(), 1)]
    );
    Ok(())
}

#[tokio::test]
async fn a_bug_in_workflow_code_fails_the_task_not_the_workflow_until_fixed() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("exceptions");
    let id = start(&client, &task_queue, GreetingRequest::Name("World".into())).await?;
    let handle = client.get_workflow_handle::<GreetingWorkflow>(&id);

    // The buggy worker: its workflow task fails, and the workflow stays RUNNING.
    Workers::new(&client, exceptions::worker_options(&task_queue, true)?)
        .run_while(async {
            let deadline = Instant::now() + Duration::from_secs(30);
            while !event_types(&client, &id)
                .await?
                .contains(&EventType::WorkflowTaskFailed)
            {
                if Instant::now() > deadline {
                    bail!("no workflow task failure appeared");
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            anyhow::Ok(())
        })
        .await??;
    let description = handle.describe(WorkflowDescribeOptions::default()).await?;
    assert_eq!(description.status(), WorkflowExecutionStatus::Running);
    let task_failure = history(&client, &id)
        .await?
        .into_iter()
        .find_map(|e| match e.attributes {
            Some(Attributes::WorkflowTaskFailedEventAttributes(a)) => a.failure,
            _ => None,
        });
    assert!(
        task_failure.is_some_and(|f| f.message.contains("simulated bug in workflow code")),
        "the task failure should carry the panic message"
    );
    let events = event_types(&client, &id).await?;
    assert!(
        !events.contains(&EventType::ActivityTaskScheduled),
        "the buggy code got nowhere: {events:?}"
    );

    // The fixed worker completes the task; the workflow proceeds (to the activity's failure).
    let chain = Workers::new(&client, exceptions::worker_options(&task_queue, false)?)
        .run_while(failure(&client, &id))
        .await??;
    assert_eq!(chain[0].type_name, "compose_greeting");
    assert_eq!(
        activity_attempts(&client, &id).await?,
        [("compose_greeting".to_owned(), 2)]
    );
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "workflow-task-failure-then-fixed",
        &id,
        None,
    )
    .await?;
    Ok(())
}
