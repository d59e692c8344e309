//! End-to-end tests against a real dev server: the chain of runs is read from their histories.

use anyhow::{Context, Result, bail};
use continue_as_new::{LoopInput, LoopState, LoopingWorkflow};
use samples_helper::testing::{Attributes, history_of_run, test_client, unique, with_worker};
use temporalio_client::{Client, WorkflowGetResultOptions, WorkflowStartOptions};

/// Follows the chain from `first_run`: the iteration each run started with, and the final run's
/// close event type.
async fn chain(client: &Client, workflow_id: &str, first_run: &str) -> Result<Vec<u32>> {
    let mut iterations = Vec::new();
    let mut run = first_run.to_owned();
    loop {
        let events = history_of_run(client, workflow_id, Some(&run)).await?;
        let Some(Attributes::WorkflowExecutionStartedEventAttributes(started)) =
            &events[0].attributes
        else {
            bail!("run {run} does not start with WorkflowExecutionStarted");
        };
        let payload = started
            .input
            .as_ref()
            .and_then(|p| p.payloads.first())
            .context("input")?;
        let input: LoopInput = serde_json::from_slice(&payload.data)?;
        iterations.push(input.into_state().iteration);
        match &events.last().context("empty history")?.attributes {
            Some(Attributes::WorkflowExecutionContinuedAsNewEventAttributes(next)) => {
                run = next.new_execution_run_id.clone();
            }
            Some(Attributes::WorkflowExecutionCompletedEventAttributes(_)) => {
                return Ok(iterations);
            }
            other => bail!("run {run} closed unexpectedly: {other:?}"),
        }
    }
}

#[tokio::test]
async fn ten_continuations_carry_the_running_total_to_the_last_run() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("continue-as-new");
    let workflow_id = unique("hello-continue-as-new");
    let (first_run, last) = with_worker(
        &client,
        continue_as_new::worker_options(&task_queue)?,
        async {
            let options = WorkflowStartOptions::new(&task_queue, &workflow_id).build();
            let input = LoopInput::State(LoopState::start(10, 50));
            let handle = client
                .start_workflow(LoopingWorkflow::run, input, options)
                .await?;
            let first_run = handle.run_id().unwrap_or_default().to_owned();
            anyhow::Ok((
                first_run,
                handle
                    .get_result(WorkflowGetResultOptions::default())
                    .await?,
            ))
        },
    )
    .await??;

    assert_eq!(
        last,
        LoopState {
            iteration: 10,
            total: 45,
            until: 10,
            interval_ms: 50
        }
    );
    // Eleven runs under one workflow id: iterations 0..=9 continued as new, 10 completed.
    assert_eq!(
        chain(&client, &workflow_id, &first_run).await?,
        (0..=10).collect::<Vec<_>>()
    );
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "first-run",
        &workflow_id,
        Some(&first_run),
    )
    .await?;
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "last-run",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_bare_iteration_number_as_python_sends_it_is_accepted() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("continue-as-new");
    let workflow_id = unique("hello-continue-as-new");
    let last = with_worker(
        &client,
        continue_as_new::worker_options(&task_queue)?,
        async {
            let options = WorkflowStartOptions::new(&task_queue, &workflow_id).build();
            // Serialises as the JSON number 8, exactly what Python's client sends.
            let handle = client
                .start_workflow(LoopingWorkflow::run, LoopInput::Iteration(8), options)
                .await?;
            anyhow::Ok(
                handle
                    .get_result(WorkflowGetResultOptions::default())
                    .await?,
            )
        },
    )
    .await??;
    assert_eq!((last.iteration, last.total), (10, 8 + 9));
    assert_eq!(serde_json::to_string(&LoopInput::Iteration(8))?, "8");
    Ok(())
}
