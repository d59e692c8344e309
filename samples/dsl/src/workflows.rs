//! The interpreter: walks the definition, calling activities by name.

use std::{collections::BTreeMap, time::Duration};

use futures::future::LocalBoxFuture;
use temporalio_common::data_converters::MultiArgs2;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, ApplicationFailure, WorkflowContext, WorkflowResult, workflows::join_all,
};

use crate::{
    INVALID_DEFINITION,
    activities::DslActivities,
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
        if let Err(invalid) = validate(&input) {
            return Err(ApplicationFailure::builder(anyhow::anyhow!("{invalid}"))
                .type_name(INVALID_DEFINITION.to_owned())
                .non_retryable(true)
                .build()
                .into());
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
    let options = ActivityOptions::start_to_close_timeout(Duration::from_secs(60));
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    // A definition names its activities with strings; the match turns each name into the
    // typed call. `validate` has already refused any other name.
    let result = match invocation.name.as_str() {
        "activity1" => {
            ctx.execute_activity(DslActivities::activity1, arg(0), options)
                .await?
        }
        "activity2" => {
            ctx.execute_activity(DslActivities::activity2, arg(0), options)
                .await?
        }
        "activity3" => {
            ctx.execute_activity(
                DslActivities::activity3,
                MultiArgs2(arg(0), arg(1)),
                options,
            )
            .await?
        }
        "activity4" => {
            ctx.execute_activity(DslActivities::activity4, arg(0), options)
                .await?
        }
        "activity5" => {
            ctx.execute_activity(
                DslActivities::activity5,
                MultiArgs2(arg(0), arg(1)),
                options,
            )
            .await?
        }
        other => {
            return Err(
                ApplicationFailure::builder(anyhow::anyhow!("unknown activity `{other}`"))
                    .type_name(INVALID_DEFINITION.to_owned())
                    .non_retryable(true)
                    .build()
                    .into(),
            );
        }
    };
    if let Some(name) = &invocation.result {
        ctx.state_mut(|s| {
            s.variables
                .insert(name.clone(), serde_json::Value::String(result))
        });
    }
    Ok(())
}
// ANCHOR_END: lesson
