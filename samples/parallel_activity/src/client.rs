//! The client half: start either workflow, then wait for its result; [`starter`] and [`race`]
//! are what the `starter` and `first-wins` commands do with them. `main.rs` and the tests call
//! these same functions.

use anyhow::{Context, Result};
use samples_helper::Connected;
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions,
    errors::WorkflowGetResultError,
};

use crate::{FirstResultWorkflow, Greetees, SayHelloWorkflow, SlowGreeting};

// ANCHOR: lesson
/// Starts `SayHelloWorkflow`; returns its handle. `Greetees::default()` (the Python sample's
/// five users) travels as no input at all, as Python's `SayHelloWorkflow.run` takes none.
pub async fn start_greetings(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    greetees: Greetees,
) -> Result<WorkflowHandle<Client, SayHelloWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(SayHelloWorkflow::run, greetees, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for every greeting (sorted), or the failure of the first activity that failed.
pub async fn greetings(
    client: &Client,
    workflow_id: &str,
) -> Result<Vec<String>, WorkflowGetResultError> {
    client
        .get_workflow_handle::<SayHelloWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
}

/// Starts the race (`FirstResultWorkflow`); returns its handle.
pub async fn start_race(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    contestants: Vec<SlowGreeting>,
) -> Result<WorkflowHandle<Client, FirstResultWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(FirstResultWorkflow::run, contestants, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for the winner's greeting.
pub async fn winner(client: &Client, workflow_id: &str) -> Result<String, WorkflowGetResultError> {
    client
        .get_workflow_handle::<FirstResultWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
}
// ANCHOR_END: lesson

// ANCHOR: starter
/// What the starter does: greet `greetees` in parallel and print the greetings, in the sorted
/// order the workflow returns them.
pub async fn starter(
    connected: &Connected,
    task_queue: &str,
    workflow_id: &str,
    greetees: Greetees,
) -> Result<Vec<String>> {
    let c = &connected.client;
    let handle = start_greetings(c, task_queue, workflow_id, greetees).await?;
    connected.print_handle(&handle);
    let greetings = greetings(c, workflow_id).await?;
    println!("Results ({}):", greetings.len());
    for greeting in &greetings {
        println!("  {greeting}");
    }
    Ok(greetings)
}

/// What `first-wins` does: race the contestants and print the winner.
pub async fn race(
    connected: &Connected,
    task_queue: &str,
    workflow_id: &str,
    contestants: Vec<SlowGreeting>,
) -> Result<String> {
    for racer in &contestants {
        println!("{} takes {} ms", racer.name, racer.delay_ms);
    }
    let c = &connected.client;
    let handle = start_race(c, task_queue, workflow_id, contestants).await?;
    connected.print_handle(&handle);
    let winner = winner(c, workflow_id).await?;
    println!("Winner: {winner} (the other racers were cancelled; see the history)");
    Ok(winner)
}
// ANCHOR_END: starter
