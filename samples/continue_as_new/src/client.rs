//! The client half: start the loop, wait for its last run, and read the state that run started
//! with; [`starter`] is what `cargo run -p continue_as_new starter` does with them. `main.rs` and
//! the tests call these same functions.

use anyhow::{Context, Result, bail};
use samples_helper::Connected;
use temporalio_client::{
    Client, NamespacedClient, WorkflowExecutionInfo, WorkflowGetResultOptions, WorkflowHandle,
    WorkflowStartOptions,
};
use temporalio_protos::temporal::api::history::v1::history_event::Attributes;

use crate::{LoopInput, LoopState, LoopingWorkflow};

// ANCHOR: lesson
/// Starts the first run; returns its handle. `LoopInput::Iteration(0)` travels as the JSON
/// number `0`, exactly what the Python starter sends.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    input: LoopInput,
) -> Result<WorkflowHandle<Client, LoopingWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(LoopingWorkflow::run, input, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for the chain to end. A handle on the workflow id follows every continue-as-new to the
/// last run (the default), and returns that run's result — `None`, as in Python — or its failure.
pub async fn wait(client: &Client, workflow_id: &str) -> Result<()> {
    client
        .get_workflow_handle::<LoopingWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("workflow `{workflow_id}` failed"))
}

/// One run of the chain: the state it started with, and how it closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub run_id: String,
    /// The run's input as it travelled.
    pub raw_input: LoopInput,
    /// The state it stands for.
    pub input: LoopState,
    pub closed: Closed,
}

/// How a run closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    ContinuedAsNew,
    Completed,
    Failed,
    /// Still running (or closed in a way this sample never does).
    Other,
}

/// The runs of a chain from `first_run` (or only the latest run, when `None`), read from their
/// histories. The state a run carries is its *input*: the first event of each run's history
/// holds it, which is what a later reader (or a replaying worker) sees.
pub async fn runs(client: &Client, workflow_id: &str, first_run: Option<&str>) -> Result<Vec<Run>> {
    let mut runs = Vec::new();
    let mut run_id = first_run.unwrap_or_default().to_owned();
    loop {
        let events = WorkflowExecutionInfo::builder()
            .namespace(client.namespace())
            .workflow_id(workflow_id)
            .maybe_run_id(Some(run_id.clone()).filter(|r| !r.is_empty()))
            .build()
            .bind_untyped(client.clone())
            .fetch_history(Default::default())
            .into_events()
            .await
            .with_context(|| format!("cannot read the history of `{workflow_id}`"))?;
        let Some(Attributes::WorkflowExecutionStartedEventAttributes(started)) =
            events.first().and_then(|e| e.attributes.as_ref())
        else {
            bail!("run {run_id} of `{workflow_id}` does not start with WorkflowExecutionStarted");
        };
        let payload = started
            .input
            .as_ref()
            .and_then(|p| p.payloads.first())
            .with_context(|| format!("run {run_id} of `{workflow_id}` has no input"))?;
        let input: LoopInput = serde_json::from_slice(&payload.data).with_context(|| {
            format!("run {run_id} of `{workflow_id}`: input is not a LoopInput")
        })?;
        let (closed, next) = match events.last().and_then(|e| e.attributes.as_ref()) {
            Some(Attributes::WorkflowExecutionContinuedAsNewEventAttributes(next)) => (
                Closed::ContinuedAsNew,
                Some(next.new_execution_run_id.clone()),
            ),
            Some(Attributes::WorkflowExecutionCompletedEventAttributes(_)) => {
                (Closed::Completed, None)
            }
            Some(Attributes::WorkflowExecutionFailedEventAttributes(_)) => (Closed::Failed, None),
            _ => (Closed::Other, None),
        };
        runs.push(Run {
            run_id: run_id.clone(),
            input: input.clone().into_state(),
            raw_input: input,
            closed,
        });
        match next {
            Some(next) if first_run.is_some() => run_id = next,
            _ => return Ok(runs),
        }
    }
}

/// What the last run started with: the state carried to it by a worker of this sample, or the
/// bare iteration number a Python worker (which carries nothing else) continues with.
pub async fn final_input(client: &Client, workflow_id: &str) -> Result<LoopInput> {
    let mut last = runs(client, workflow_id, None).await?;
    Ok(last.remove(0).raw_input)
}

/// The state the last run started with: its iteration and the running total carried to it.
pub async fn final_state(client: &Client, workflow_id: &str) -> Result<LoopState> {
    Ok(final_input(client, workflow_id).await?.into_state())
}
// ANCHOR_END: lesson

// ANCHOR: starter
/// What the starter does: start the loop, wait for its final run, and print the state that run
/// carried (a worker like the Python sample's carries only the bare iteration number).
pub async fn starter(
    connected: &Connected,
    task_queue: &str,
    workflow_id: &str,
    input: LoopInput,
) -> Result<LoopInput> {
    let first = input.clone().into_state();
    let c = &connected.client;
    let handle = start(c, task_queue, workflow_id, input).await?;
    connected.print_handle(&handle);
    println!(
        "Waiting for {} runs of {} ms (follow them in the Web UI)…",
        first.until, first.interval_ms
    );
    wait(c, workflow_id).await?;
    let last = final_input(c, workflow_id).await?;
    match &last {
        LoopInput::State(last) => println!(
            "Final run: iteration {} with running total {} (carried across {} continue-as-new)",
            last.iteration, last.total, last.iteration
        ),
        LoopInput::Iteration(n) => {
            println!("Final run: iteration {n} (the worker carried no running total)")
        }
    }
    Ok(last)
}
// ANCHOR_END: starter
