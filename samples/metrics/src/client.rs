//! The client half: run each workflow to its result, inside an application span so that the
//! whole request is one trace, and read what the client recorded about its own requests.
//! `main.rs` and the tests call these functions.
//!
//! Nothing here mentions metrics or spans per call: the client was connected with the
//! telemetry's setup (its Prometheus meter and the tracing plugin), so every request it makes is
//! counted and traced.

use anyhow::{Context as _, Result};
use opentelemetry::{
    Context,
    trace::{TraceContextExt as _, TraceId, Tracer as _, TracerProvider as _},
};
use opentelemetry_sdk::trace::SdkTracerProvider;
use temporalio_client::{Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions};

use crate::{
    GreetingWorkflow, StartTwoActivitiesWorkflow,
    support::scrape::{self, Sample},
    telemetry::TRACER_NAME,
};

// ANCHOR: lesson
/// Starts `GreetingWorkflow`; returns its handle.
pub async fn start_greeting(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    name: &str,
) -> Result<WorkflowHandle<Client, GreetingWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(GreetingWorkflow::run, name.to_owned(), options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for the greeting (or the failure a blank name causes).
pub async fn greeting(client: &Client, workflow_id: &str) -> Result<String> {
    client
        .get_workflow_handle::<GreetingWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("workflow `{workflow_id}` failed"))
}

/// Starts `StartTwoActivitiesWorkflow`; returns its handle.
pub async fn start_two_activities(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
) -> Result<WorkflowHandle<Client, StartTwoActivitiesWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(StartTwoActivitiesWorkflow::run, (), options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for `StartTwoActivitiesWorkflow` to finish (it returns nothing).
pub async fn two_activities_done(client: &Client, workflow_id: &str) -> Result<()> {
    client
        .get_workflow_handle::<StartTwoActivitiesWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("workflow `{workflow_id}` failed"))
}

/// Opens an application span named `name`. Run the Temporal calls inside its context
/// (`opentelemetry::trace::FutureExt::with_context`): the tracing plugin's client span becomes
/// its child, so this process, the workflow and its activities are one trace, whose id is
/// returned. End the span (`cx.span().end()`) when the calls are done.
pub fn root_span(provider: &SdkTracerProvider, name: &'static str) -> (Context, TraceId) {
    let span = provider.tracer(TRACER_NAME).start(name);
    let cx = Context::current_with_span(span);
    let trace_id = cx.span().span_context().trace_id();
    (cx, trace_id)
}

/// The `temporal_request` series the client recorded about its own RPCs, read from its metrics
/// endpoint the way Prometheus would.
pub async fn request_metrics(metrics_url: &str) -> Result<Vec<Sample>> {
    Ok(scrape::scrape(metrics_url)
        .await?
        .into_iter()
        .filter(|s| s.name == "temporal_request")
        .collect())
}
// ANCHOR_END: lesson
