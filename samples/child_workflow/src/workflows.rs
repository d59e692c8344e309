//! The parents and their children.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ApplicationFailure, ChildWorkflowOptions, ParentClosePolicy, SignalWorkflowOptions,
    SyncWorkflowContext, WorkflowContext, WorkflowResult,
};

use crate::{ComposeGreetingInput, SignalChildInput, child_id_for};

// ANCHOR: lesson
/// The child's failure type for an empty name.
pub const INVALID_NAME_ERROR: &str = "InvalidNameError";

/// The child: composes a greeting.
#[workflow]
#[derive(Default)]
pub struct ComposeGreetingWorkflow;

#[workflow_methods]
impl ComposeGreetingWorkflow {
    /// Returns `{greeting}, {name}!`; fails (`InvalidNameError`) for an empty name.
    #[run(name = "ComposeGreetingWorkflow")]
    pub async fn run(
        _ctx: &mut WorkflowContext<Self>,
        input: ComposeGreetingInput,
    ) -> WorkflowResult<String> {
        if input.name.trim().is_empty() {
            // An application failure fails the child; the parent sees it as the cause of a
            // child-workflow failure and, here, fails with it.
            return Err(
                ApplicationFailure::builder(anyhow::anyhow!("cannot greet an empty name"))
                    .type_name(INVALID_NAME_ERROR.to_owned())
                    .non_retryable(true)
                    .build()
                    .into(),
            );
        }
        Ok(format!("{}, {}!", input.greeting, input.name))
    }
}

/// The parent: runs the child and returns its result.
#[workflow]
#[derive(Default)]
pub struct GreetingWorkflow;

#[workflow_methods]
impl GreetingWorkflow {
    /// Returns the child's greeting for `name`.
    #[run(name = "GreetingWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        let options = ChildWorkflowOptions::workflow_id(child_id_for(ctx.workflow_id()));
        let input = ComposeGreetingInput {
            greeting: "Hello".to_owned(),
            name,
        };
        // Starting resolves once the server has started the child (or refused, e.g. because a
        // workflow with that id is already running); the result resolves when the child closes.
        let child = ctx
            .start_child_workflow(ComposeGreetingWorkflow::run, input, options)
            .await?;
        Ok(child.result().await?)
    }
}

/// A child that waits for its parent to signal the greeting to use.
#[workflow]
pub struct WaitForGreetingWorkflow {
    name: String,
    greeting: Option<String>,
}

#[workflow_methods]
impl WaitForGreetingWorkflow {
    #[init]
    fn new(_ctx: &temporalio_sdk::WorkflowContextView, name: String) -> Self {
        Self {
            name,
            greeting: None,
        }
    }

    /// Returns `{greeting}, {name}!` once the greeting has been signalled.
    #[run(name = "WaitForGreetingWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<String> {
        // Resolves when the signal has arrived. If the workflow is cancelled meanwhile (e.g. by
        // its parent's close policy), `?` ends it as cancelled.
        ctx.wait_condition(|s| s.greeting.is_some()).await?;
        Ok(ctx.state(|s| format!("{}, {}!", s.greeting.as_deref().unwrap_or_default(), s.name)))
    }

    /// Sets the greeting.
    #[signal(name = "set_greeting")]
    pub fn set_greeting(&mut self, _ctx: &mut SyncWorkflowContext<Self>, greeting: String) {
        self.greeting = Some(greeting);
    }
}

/// The parent of the handle variant: start, signal, then await the child.
#[workflow]
#[derive(Default)]
pub struct SignalChildWorkflow;

#[workflow_methods]
impl SignalChildWorkflow {
    /// Returns the child's greeting.
    #[run(name = "SignalChildWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        input: SignalChildInput,
    ) -> WorkflowResult<String> {
        let options = ChildWorkflowOptions::builder()
            .workflow_id(child_id_for(ctx.workflow_id()))
            // If this parent closes while the child still waits, ask the child to cancel rather
            // than leaving it waiting forever (Abandon) or killing it outright (Terminate).
            .parent_close_policy(ParentClosePolicy::RequestCancel)
            .build();
        let child = ctx
            .start_child_workflow(WaitForGreetingWorkflow::run, input.name, options)
            .await?;
        if input.signal_delay_ms > 0 {
            ctx.timer(Duration::from_millis(input.signal_delay_ms))
                .await;
        }
        // The handle lets the parent talk to its running child.
        child
            .signal(
                WaitForGreetingWorkflow::set_greeting,
                input.greeting,
                SignalWorkflowOptions::default(),
            )
            .await?;
        Ok(child.result().await?)
    }
}
// ANCHOR_END: lesson
