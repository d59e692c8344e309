//! The client half: a client with the interceptor, and the calls the starter makes inside a
//! user's context. `main.rs` and the tests call these same functions.

use std::sync::Arc;

use anyhow::{Context, Result};
use samples_helper::{ClientSetup, ConnectArgs, Connected, query_until_answered};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowQueryOptions, WorkflowSignalOptions,
    WorkflowStartOptions,
};

use crate::{SayHelloWorkflow, propagation::UserIdClientInterceptor, workflows::SeenUserIds};

// ANCHOR: lesson
/// The setup of a client that propagates the user id: the interceptor is the only addition.
pub fn client_setup() -> ClientSetup {
    ClientSetup {
        interceptors: vec![Arc::new(UserIdClientInterceptor)],
        ..ClientSetup::default()
    }
}

/// Connects with [`client_setup`].
pub async fn connect(args: &ConnectArgs) -> Result<Connected> {
    args.connect_with_setup(client_setup()).await
}

/// Starts `SayHelloWorkflow(name)`; returns its handle. The start carries the current user id.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    name: &str,
) -> Result<WorkflowHandle<Client, SayHelloWorkflow>> {
    let handle = client
        .start_workflow(
            SayHelloWorkflow::run,
            name.to_owned(),
            WorkflowStartOptions::new(task_queue, workflow_id).build(),
        )
        .await
        .with_context(|| format!("cannot start `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Sends `signal_complete`. The signal carries the current user id (which may differ from the
/// starter's).
pub async fn signal_complete(client: &Client, workflow_id: &str) -> Result<()> {
    client
        .get_workflow_handle::<SayHelloWorkflow>(workflow_id)
        .signal(
            SayHelloWorkflow::signal_complete,
            (),
            WorkflowSignalOptions::default(),
        )
        .await
        .with_context(|| format!("cannot signal `{workflow_id}`"))
}

/// Waits for the workflow's result.
pub async fn result(client: &Client, workflow_id: &str) -> Result<String> {
    client
        .get_workflow_handle::<SayHelloWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("`{workflow_id}` did not complete"))
}

/// Starts the workflow, signals it and waits for its result, as the Python starter does. Call
/// it inside [`crate::propagation::with_user_id`] and every call carries that user id.
pub async fn say_hello(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    name: &str,
) -> Result<(String, String)> {
    let handle = start(client, task_queue, workflow_id, name).await?;
    signal_complete(client, workflow_id).await?;
    let run_id = handle.run_id().unwrap_or_default().to_owned();
    Ok((run_id, result(client, workflow_id).await?))
}

/// Who the workflow saw as the starter and the signaller.
pub async fn seen_user_ids(client: &Client, workflow_id: &str) -> Result<SeenUserIds> {
    let handle = client.get_workflow_handle::<SayHelloWorkflow>(workflow_id);
    // Asked again if the worker that ran the workflow has just died (see the helper).
    query_until_answered(|| {
        handle.query(
            SayHelloWorkflow::seen_user_ids,
            (),
            WorkflowQueryOptions::default(),
        )
    })
    .await
    .with_context(|| format!("cannot query `{workflow_id}`"))
}
// ANCHOR_END: lesson
