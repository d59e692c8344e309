//! The client half: request an eager start, then read from history whether the first workflow
//! task was handed over eagerly; [`starter`] is what `cargo run -p eager_workflow_start starter`
//! does with them. `main.rs` and the tests call these same functions.

use anyhow::{Context, Result};
use samples_helper::{Connected, Workers};
use temporalio_client::{Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions};

use crate::EagerWorkflow;

// ANCHOR: lesson
/// Starts `EagerWorkflow(name)` asking for an eager start; returns its handle.
///
/// The request only becomes eager when a worker for `task_queue`, built on this same `client`,
/// has a free workflow-task slot; otherwise the SDK sends a normal start.
pub async fn start_eagerly(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    name: &str,
) -> Result<WorkflowHandle<Client, EagerWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id)
        .enable_eager_workflow_start(true)
        .build();
    let handle = client
        .start_workflow(EagerWorkflow::run, name.to_owned(), options)
        .await
        .with_context(|| format!("cannot start `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for the workflow's result.
pub async fn result(client: &Client, workflow_id: &str) -> Result<String> {
    client
        .get_workflow_handle::<EagerWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("`{workflow_id}` did not complete"))
}

/// How the first workflow task reached a worker, read from history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstTask {
    /// The server accepted the eager start (`eager_execution_accepted` on the started event):
    /// the task travelled back in the start response instead of through a poll.
    pub eager: bool,
    /// Identity on the first `WorkflowTaskStarted` event: the polling worker's, or empty when
    /// the start request itself started the task.
    pub started_by: String,
    /// Time between the first task being scheduled and started (its schedule-to-start
    /// latency): near zero when eager, a poll's round trip or more when not.
    pub schedule_to_start: std::time::Duration,
}

/// Reads [`FirstTask`] from the history of `workflow_id`.
pub async fn first_task(client: &Client, workflow_id: &str) -> Result<FirstTask> {
    use temporalio_protos::temporal::api::history::v1::history_event::Attributes;
    let handle = client.get_workflow_handle::<EagerWorkflow>(workflow_id);
    let events = handle
        .fetch_history(Default::default())
        .into_events()
        .await
        .with_context(|| format!("cannot fetch the history of `{workflow_id}`"))?;
    let mut eager = None;
    let mut scheduled = None;
    for event in events {
        match event.attributes {
            Some(Attributes::WorkflowExecutionStartedEventAttributes(a)) => {
                eager = Some(a.eager_execution_accepted);
            }
            Some(Attributes::WorkflowTaskScheduledEventAttributes(_)) if scheduled.is_none() => {
                scheduled = event.event_time;
            }
            Some(Attributes::WorkflowTaskStartedEventAttributes(a)) => {
                let (Some(from), Some(to)) = (scheduled, event.event_time) else {
                    anyhow::bail!("`{workflow_id}`: the first workflow task has no timestamps");
                };
                let nanos =
                    (to.seconds - from.seconds) * 1_000_000_000 + i64::from(to.nanos - from.nanos);
                return Ok(FirstTask {
                    eager: eager.unwrap_or(false),
                    started_by: a.identity,
                    schedule_to_start: std::time::Duration::from_nanos(
                        u64::try_from(nanos).unwrap_or(0),
                    ),
                });
            }
            _ => {}
        }
    }
    anyhow::bail!("`{workflow_id}`: no workflow task has started yet (is a worker running?)")
}
// ANCHOR_END: lesson

// ANCHOR: starter
/// What the starter does: run a worker on this client while it starts the workflow eagerly and
/// waits for the result (with `no_worker`, only start and wait: the start cannot be eager then),
/// and print what the history says about the first workflow task.
pub async fn starter(
    connected: &Connected,
    task_queue: &str,
    workflow_id: &str,
    name: &str,
    no_worker: bool,
) -> Result<String> {
    let c = &connected.client;
    let run = async {
        let handle = start_eagerly(c, task_queue, workflow_id, name).await?;
        connected.print_handle(&handle);
        result(c, workflow_id).await
    };
    let result = if no_worker {
        run.await?
    } else {
        // The worker must run on this same client: that is how the start request finds a
        // workflow-task slot to hand the first task to.
        Workers::new(c, crate::worker_options(task_queue)?)
            .run_while(run)
            .await??
    };
    let first = first_task(c, workflow_id).await?;
    println!("Workflow eagerly started: {}", first.eager);
    println!(
        "First workflow task: scheduled-to-started in {:.1} ms, started by {}",
        first.schedule_to_start.as_secs_f64() * 1000.0,
        if first.started_by.is_empty() {
            "the start request (no poll)".to_owned()
        } else {
            format!("a poll from worker `{}`", first.started_by)
        }
    );
    println!("{result}");
    Ok(result)
}
// ANCHOR_END: starter
