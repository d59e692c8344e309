//! The client half: create the endpoints, run the caller workflows. `main.rs` and the tests call
//! these same functions.

use anyhow::{Context, Result, bail};
use temporalio_client::{
    Client, NamespacedClient, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions,
    grpc::OperatorService,
};
use temporalio_protos::temporal::api::nexus::v1::{EndpointSpec, EndpointTarget, endpoint_target};
use temporalio_protos::temporal::api::operatorservice::v1::{
    CreateNexusEndpointRequest, ListNexusEndpointsRequest,
};

use crate::workflows::MyOutput;
use crate::{CallerWorkflow, HelloCallerWorkflow};

// ANCHOR: lesson
/// Registers `endpoint` on the server, routing to the handler's `task_queue` in this client's
/// namespace (what `temporal operator nexus endpoint create` does). Idempotent: an endpoint that
/// already routes there is left alone; one that routes elsewhere is an error that says where.
pub async fn ensure_endpoint(
    client: &Client,
    endpoint: &str,
    task_queue: &str,
) -> Result<&'static str> {
    let target = endpoint_target::Worker {
        namespace: client.namespace(),
        task_queue: task_queue.to_owned(),
    };
    let listed = OperatorService::list_nexus_endpoints(
        &mut client.clone(),
        tonic::Request::new(ListNexusEndpointsRequest {
            name: endpoint.to_owned(),
            ..Default::default()
        }),
    )
    .await
    .context("cannot list the Nexus endpoints")?
    .into_inner();
    if let Some(existing) = listed.endpoints.first() {
        let routes_to = existing
            .spec
            .as_ref()
            .and_then(|s| s.target.as_ref())
            .and_then(|t| t.variant.as_ref());
        return match routes_to {
            Some(endpoint_target::Variant::Worker(w)) if *w == target => Ok("exists"),
            other => bail!(
                "endpoint `{endpoint}` exists but routes to {other:?}, not to task queue \
                 `{task_queue}` in namespace `{}`: delete it (`temporal operator nexus endpoint \
                 delete --name {endpoint}`) or point the handler there",
                target.namespace
            ),
        };
    }
    let spec = EndpointSpec {
        name: endpoint.to_owned(),
        target: Some(EndpointTarget {
            variant: Some(endpoint_target::Variant::Worker(target)),
        }),
        ..Default::default()
    };
    let created = OperatorService::create_nexus_endpoint(
        &mut client.clone(),
        tonic::Request::new(CreateNexusEndpointRequest { spec: Some(spec) }),
    )
    .await;
    match created {
        Ok(_) => Ok("created"),
        // Another setup created it between the list and the create: check it again.
        Err(e) if e.code() == tonic::Code::AlreadyExists => {
            Box::pin(ensure_endpoint(client, endpoint, task_queue)).await
        }
        Err(e) => Err(e).with_context(|| format!("cannot create the Nexus endpoint `{endpoint}`")),
    }
}

/// Runs `CallerWorkflow` (hello_nexus) and returns both operations' outputs.
pub async fn call_both(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    name: &str,
) -> Result<(MyOutput, MyOutput)> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let started = client
        .start_workflow(CallerWorkflow::run, name.to_owned(), options)
        .await
        .with_context(|| format!("cannot start `{workflow_id}`"))?;
    let handle: WorkflowHandle<Client, CallerWorkflow> =
        WorkflowHandle::new(client.clone(), started.info().clone());
    handle
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("workflow `{workflow_id}` failed"))
}

/// Runs `HelloCallerWorkflow` (nexus_cancel) and returns the first greeting.
pub async fn first_greeting(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    name: &str,
) -> Result<String> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    client
        .start_workflow(HelloCallerWorkflow::run, name.to_owned(), options)
        .await
        .with_context(|| format!("cannot start `{workflow_id}`"))?
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("workflow `{workflow_id}` failed"))
}
// ANCHOR_END: lesson
