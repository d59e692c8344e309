//! The interpreter: walks the definition, calling activities by name.

use std::{collections::BTreeMap, time::Duration};

use futures::future::LocalBoxFuture;
use temporalio_common::{
    UntypedActivity,
    data_converters::{
        GenericPayloadConverter, RawValue, SerializationContext, SerializationContextData,
    },
};
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, ApplicationFailure, WorkflowContext, WorkflowResult, WorkflowTermination,
    workflows::join_all,
};

use crate::{
    INVALID_DEFINITION,
    definition::{ActivityInvocation, DslInput, Statement, validate},
};

// ANCHOR: lesson
/// Runs a [`DslInput`]; returns the variables at the end.
#[workflow]
#[derive(Default)]
pub struct DslWorkflow {
    variables: BTreeMap<String, serde_json::Value>,
}

#[workflow_methods]
impl DslWorkflow {
    /// Interprets `input.root` and returns every variable, the starting ones and each result.
    #[run(name = "DSLWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        input: DslInput,
    ) -> WorkflowResult<BTreeMap<String, serde_json::Value>> {
        // Checked again here: any client may start this workflow. A bad definition fails the
        // workflow at once (non-retryable: running it again cannot fix it), before any
        // activity is scheduled.
        if let Err(problem) = validate(&input) {
            return Err(invalid(problem.to_string()));
        }
        ctx.state_mut(|s| s.variables = input.variables.clone());
        execute(ctx, &input.root).await?;
        Ok(ctx.state(|s| s.variables.clone()))
    }
}

/// Runs one statement. Boxed, because statements nest.
fn execute<'a>(
    ctx: &'a WorkflowContext<DslWorkflow>,
    statement: &'a Statement,
) -> LocalBoxFuture<'a, WorkflowResult<()>> {
    Box::pin(async move {
        match statement {
            Statement::Activity(invocation) => call(ctx, invocation).await,
            Statement::Sequence(sequence) => {
                for element in &sequence.elements {
                    execute(ctx, element).await?;
                }
                Ok(())
            }
            Statement::Parallel(parallel) => {
                // The SDK's deterministic join: every branch runs to its end; the first error
                // (in branch order) fails the statement, as Python's `gather` does.
                let results = join_all(parallel.branches.iter().map(|b| execute(ctx, b))).await;
                results.into_iter().collect()
            }
        }
    })
}

/// Calls one activity with its arguments read from the variables, and stores its result.
async fn call(
    ctx: &WorkflowContext<DslWorkflow>,
    invocation: &ActivityInvocation,
) -> WorkflowResult<()> {
    // As in Python, a variable not set (yet) is passed as "".
    let args: Vec<String> = ctx.state(|s| {
        invocation
            .arguments
            .iter()
            .map(|name| match s.variables.get(name) {
                Some(serde_json::Value::String(text)) => text.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            })
            .collect()
    });
    // A definition names its activities with strings, so the call is by name: an untyped
    // activity, its arguments one JSON payload each (as Python's `execute_activity(name,
    // args=[…])` sends them) and its result read back as a string. The worker's registered
    // `DslActivities` answer to these names; `validate` has already refused any other name
    // and any wrong number of arguments.
    let converter = ctx.payload_converter();
    let context = SerializationContext::new(&SerializationContextData::None, converter);
    let payloads = args
        .iter()
        .map(|arg| converter.to_payload(&context, arg))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            invalid(format!(
                "cannot encode the arguments of `{}`: {e}",
                invocation.name
            ))
        })?;
    let options = ActivityOptions::start_to_close_timeout(Duration::from_secs(60));
    let output = ctx
        .execute_activity(
            UntypedActivity::new(&invocation.name),
            RawValue::new(payloads),
            options,
        )
        .await?;
    let result: String = converter
        .from_payloads(&context, output.payloads)
        .map_err(|e| {
            invalid(format!(
                "activity `{}` did not return a string: {e}",
                invocation.name
            ))
        })?;
    if let Some(name) = &invocation.result {
        ctx.state_mut(|s| {
            s.variables
                .insert(name.clone(), serde_json::Value::String(result))
        });
    }
    Ok(())
}

/// A non-retryable `InvalidDefinition` failure: running the definition again cannot fix it.
fn invalid(message: String) -> WorkflowTermination {
    ApplicationFailure::builder(anyhow::anyhow!(message))
        .type_name(INVALID_DEFINITION.to_owned())
        .non_retryable(true)
        .build()
        .into()
}
// ANCHOR_END: lesson
