//! The caller workflows, and the small typed layer over the SDK's Nexus command.

use std::collections::HashMap;
use std::time::Duration;

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_repr::{Deserialize_repr, Serialize_repr};
use temporalio_common::protos::coresdk::nexus::{NexusOperationResult, nexus_operation_result};
use temporalio_common::protos::temporal::api::common::v1::Payload;
use temporalio_common::protos::temporal::api::failure::v1::Failure;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ApplicationFailure, NexusOperationCancellationType, NexusOperationOptions, WorkflowContext,
    WorkflowResult, WorkflowTermination,
};

// ANCHOR: lesson
/// hello_nexus's `MyInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyInput {
    /// Who to greet.
    pub name: String,
}

/// hello_nexus's `MyOutput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyOutput {
    /// The greeting.
    pub message: String,
}

/// nexus_cancel's `Language`, an `IntEnum` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize_repr, Deserialize_repr)]
#[repr(u8)]
pub enum Language {
    /// English.
    En = 0,
    /// French.
    Fr = 1,
    /// German.
    De = 2,
    /// Spanish.
    Es = 3,
    /// Turkish.
    Tr = 4,
}

/// nexus_cancel's `HelloInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelloInput {
    /// Who to greet.
    pub name: String,
    /// In which language.
    pub language: Language,
}

/// nexus_cancel's `HelloOutput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelloOutput {
    /// The greeting.
    pub message: String,
}

/// Calls hello_nexus's two operations: the synchronous one, then the workflow-run one.
#[workflow]
#[derive(Default)]
pub struct CallerWorkflow;

#[workflow_methods]
impl CallerWorkflow {
    /// Returns both outputs, as Python's `tuple[MyOutput, MyOutput]` (a JSON array).
    #[run(name = "CallerWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        name: String,
    ) -> WorkflowResult<(MyOutput, MyOutput)> {
        let service = Operation::new(crate::ENDPOINT, "MyNexusService");
        let input = MyInput { name };
        // Synchronous: the handler answers within the request (at most 10 s).
        let sync: MyOutput = service
            .execute(ctx, "my_sync_operation", &input, Duration::from_secs(60))
            .await?;
        // Workflow-run: the handler starts a workflow and the server delivers its result later.
        let run: MyOutput = service
            .execute(
                ctx,
                "my_workflow_run_operation",
                &input,
                Duration::from_secs(60),
            )
            .await?;
        Ok((sync, run))
    }
}

/// nexus_cancel's caller: asks for a greeting in five languages at once, keeps the first, and
/// cancels the others.
#[workflow]
#[derive(Default)]
pub struct HelloCallerWorkflow;

#[workflow_methods]
impl HelloCallerWorkflow {
    /// Returns the first greeting to arrive.
    #[run(name = "HelloCallerWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        let service = Operation::new(crate::CANCEL_ENDPOINT, "NexusService");
        let languages = [
            Language::En,
            Language::Fr,
            Language::De,
            Language::Es,
            Language::Tr,
        ];
        let mut started = Vec::new();
        for language in languages {
            let input = HelloInput {
                name: name.clone(),
                language,
            };
            started.push(
                service
                    .start(ctx, "hello", &input, Duration::from_secs(10))
                    .await?,
            );
        }
        // The first to finish wins: the SDK's deterministic select over the result futures.
        let results: Vec<_> = started.iter().map(|op| Box::pin(op.result())).collect();
        let (first, winner, _) = futures::future::select_all(results).await;
        // The losers keep running in the handler until told otherwise: cancel them, and (with
        // WaitRequested) wait until the handler has accepted each cancellation.
        for (index, op) in started.iter().enumerate() {
            if index != winner {
                op.cancel();
            }
        }
        for (index, op) in started.iter().enumerate() {
            if index != winner {
                let _cancelled = op.result().await;
            }
        }
        let output: HelloOutput = decode(first)?;
        Ok(output.message)
    }
}

/// One service behind one endpoint: the endpoint, service and operation names and JSON payloads,
/// which is all a caller knows of the handler.
pub struct Operation {
    endpoint: &'static str,
    service: &'static str,
}

impl Operation {
    fn new(endpoint: &'static str, service: &'static str) -> Self {
        Self { endpoint, service }
    }

    fn options(
        &self,
        operation: &str,
        input: &impl Serialize,
        timeout: Duration,
    ) -> WorkflowResult<NexusOperationOptions> {
        let data =
            serde_json::to_vec(input).map_err(|e| ApplicationFailure::new(anyhow::anyhow!(e)))?;
        let payload = Payload {
            metadata: HashMap::from([("encoding".to_owned(), b"json/plain".to_vec())]),
            data,
            ..Payload::default()
        };
        Ok(NexusOperationOptions::builder()
            .endpoint(self.endpoint.to_owned())
            .service(self.service.to_owned())
            .operation(operation.to_owned())
            .input(payload)
            .schedule_to_close_timeout(timeout)
            .cancellation_type(NexusOperationCancellationType::WaitCancellationRequested)
            .build())
    }

    /// Starts `operation`; returns once the handler has accepted it (a workflow-run operation
    /// has started its workflow; a synchronous one has already answered).
    async fn start<W>(
        &self,
        ctx: &WorkflowContext<W>,
        operation: &str,
        input: &impl Serialize,
        timeout: Duration,
    ) -> WorkflowResult<temporalio_sdk::StartedNexusOperation> {
        let options = self.options(operation, input, timeout)?;
        ctx.start_nexus_operation(options)
            .await
            .map_err(|failure| fail(operation, &failure))
    }

    /// Starts `operation` and waits for its result.
    async fn execute<W, O: DeserializeOwned>(
        &self,
        ctx: &WorkflowContext<W>,
        operation: &str,
        input: &impl Serialize,
        timeout: Duration,
    ) -> WorkflowResult<O> {
        let started = self.start(ctx, operation, input, timeout).await?;
        decode(started.result().await)
    }
}

/// The operation's output, or its failure (with the handler's cause) as the workflow's.
fn decode<O: DeserializeOwned>(result: NexusOperationResult) -> WorkflowResult<O> {
    match result.status {
        Some(nexus_operation_result::Status::Completed(payload)) => {
            serde_json::from_slice(&payload.data).map_err(|e| {
                ApplicationFailure::new(anyhow::anyhow!("unexpected operation output: {e}")).into()
            })
        }
        Some(nexus_operation_result::Status::Failed(f))
        | Some(nexus_operation_result::Status::Cancelled(f))
        | Some(nexus_operation_result::Status::TimedOut(f)) => Err(fail("the operation", &f)),
        None => {
            Err(ApplicationFailure::new(anyhow::anyhow!("the operation returned nothing")).into())
        }
    }
}

/// A failed operation as a non-retryable workflow failure whose message carries every cause.
fn fail(operation: &str, failure: &Failure) -> WorkflowTermination {
    let mut chain = vec![failure.message.clone()];
    let mut cause = failure.cause.as_deref();
    while let Some(c) = cause {
        chain.push(c.message.clone());
        cause = c.cause.as_deref();
    }
    ApplicationFailure::builder(anyhow::anyhow!("{operation} failed: {}", chain.join(": ")))
        .type_name("NexusOperationFailed".to_owned())
        .non_retryable(true)
        .build()
        .into()
}
// ANCHOR_END: lesson
