//! End-to-end tests against a real dev server: the chain of runs is read from their histories.

use anyhow::{Context, Result, bail};
use continue_as_new::{
    LoopInput, LoopState, LoopingWorkflow,
    client::{self, Closed},
    workflows::ITERATION_FAILED_ERROR,
};
use samples_helper::Workers;
use samples_helper::testing::{Attributes, history_of_run, test_client, unique};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowStartOptions, errors::WorkflowGetResultError,
};
use temporalio_common::error::IncomingError;

/// The iterations the runs of a chain started with, and how its last run closed.
async fn chain(client: &Client, workflow_id: &str, first_run: &str) -> Result<(Vec<u32>, Closed)> {
    let runs = client::runs(client, workflow_id, Some(first_run)).await?;
    let (last, earlier) = runs.split_last().context("no runs")?;
    assert!(
        earlier.iter().all(|r| r.closed == Closed::ContinuedAsNew),
        "every run but the last continues as new: {runs:?}"
    );
    Ok((
        runs.iter().map(|r| r.input.iteration).collect(),
        last.closed,
    ))
}

#[tokio::test]
async fn ten_continuations_carry_the_running_total_to_the_last_run() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("continue-as-new");
    let workflow_id = unique("hello-continue-as-new");
    let (first_run, last) = Workers::new(&client, continue_as_new::worker_options(&task_queue)?)
        .run_while(async {
            let input = LoopInput::State(LoopState::start(10, 50));
            let handle = client::start(&client, &task_queue, &workflow_id, input).await?;
            let first_run = handle.run_id().unwrap_or_default().to_owned();
            client::wait(&client, &workflow_id).await?;
            anyhow::Ok((first_run, client::final_state(&client, &workflow_id).await?))
        })
        .await??;

    // The last run's input is the state carried across all ten continue-as-new.
    assert_eq!(
        last,
        LoopState {
            iteration: 10,
            total: 45,
            until: 10,
            interval_ms: 50,
            fail_at: None,
        }
    );
    // Eleven runs under one workflow id: iterations 0..=9 continued as new, 10 completed.
    assert_eq!(
        chain(&client, &workflow_id, &first_run).await?,
        ((0..=10).collect::<Vec<_>>(), Closed::Completed)
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
    let last = Workers::new(&client, continue_as_new::worker_options(&task_queue)?)
        .run_while(async {
            // Serialises as the JSON number 8, exactly what Python's client sends.
            client::start(&client, &task_queue, &workflow_id, LoopInput::Iteration(8)).await?;
            client::wait(&client, &workflow_id).await?;
            client::final_state(&client, &workflow_id).await
        })
        .await??;
    // The last run's result is what Python's `LoopingWorkflow.run` returns: `None` (a
    // `binary/null` payload), which a Python client typed `-> None` accepts.
    let events = history_of_run(&client, &workflow_id, None).await?;
    let Some(Attributes::WorkflowExecutionCompletedEventAttributes(done)) =
        &events.last().context("empty history")?.attributes
    else {
        bail!("the last run did not complete: {:?}", events.last());
    };
    let payload = done
        .result
        .as_ref()
        .and_then(|r| r.payloads.first())
        .context("no result payload")?;
    assert_eq!(
        payload.metadata.get("encoding").map(Vec::as_slice),
        Some(&b"binary/null"[..]),
        "{payload:?}"
    );
    assert_eq!((last.iteration, last.total), (10, 8 + 9));
    assert_eq!(serde_json::to_string(&LoopInput::Iteration(8))?, "8");
    Ok(())
}

#[tokio::test]
async fn a_failure_in_a_later_run_ends_the_chain_with_that_failure() -> Result<()> {
    let client = test_client().await?.client;
    let task_queue = unique("continue-as-new-fail");
    let workflow_id = unique("hello-continue-as-new-fail");
    let (first_run, result) = Workers::new(&client, continue_as_new::worker_options(&task_queue)?)
        .run_while(async {
            let options = WorkflowStartOptions::new(&task_queue, &workflow_id).build();
            let input = LoopInput::State(LoopState {
                fail_at: Some(3),
                ..LoopState::start(10, 50)
            });
            let handle = client
                .start_workflow(LoopingWorkflow::run, input, options)
                .await?;
            let first_run = handle.run_id().unwrap_or_default().to_owned();
            // The handle of the *first* run follows the chain to the run that ended it.
            anyhow::Ok((
                first_run,
                handle.get_result(WorkflowGetResultOptions::default()).await,
            ))
        })
        .await??;

    let Err(WorkflowGetResultError::Failed(failure)) = &result else {
        bail!("expected the chain to fail, got {result:?}");
    };
    let IncomingError::Application(app) = failure.as_ref() else {
        bail!("expected an application failure, got {failure:?}");
    };
    assert_eq!(app.type_name(), Some(ITERATION_FAILED_ERROR));
    assert!(
        failure
            .failure()
            .message
            .contains("iteration 3 failed (total so far 3)"),
        "{app:?}"
    );
    // Runs 0, 1 and 2 continued as new; run 3 failed, and no run 4 was started.
    assert_eq!(
        chain(&client, &workflow_id, &first_run).await?,
        (vec![0, 1, 2, 3], Closed::Failed)
    );
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "failed-run",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}
