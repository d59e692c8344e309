//! Three small workflows whose histories the replayer checks, and the change that breaks one.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, WorkflowContext, WorkflowResult};

use crate::activities::{ComposeGreetingInput, GreetingActivities};

/// How long the timers sleep: Python's `asyncio.sleep(0.1)`.
pub const NAP: Duration = Duration::from_millis(100);

// ANCHOR: lesson
/// Calls `compose_greeting` once. Its history: the activity scheduled, started, completed.
#[workflow]
#[derive(Default)]
pub struct JustActivity;

#[workflow_methods]
impl JustActivity {
    /// Returns `Hello, {name}!`.
    #[run(name = "JustActivity")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        if !ctx.is_replaying() {
            tracing::info!("Running just activity workflow with parameter {name}");
        }
        greet(ctx, name).await
    }
}

/// Sleeps on a durable timer. Its history: the timer started and fired.
#[workflow]
#[derive(Default)]
pub struct JustTimer;

#[workflow_methods]
impl JustTimer {
    /// Returns `Slept`.
    #[run(name = "JustTimer")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        if !ctx.is_replaying() {
            tracing::info!("Running just timer workflow with parameter {name}");
        }
        ctx.timer(NAP).await;
        Ok("Slept".to_owned())
    }
}

/// A timer, then the activity.
#[workflow]
#[derive(Default)]
pub struct TimerThenActivity;

#[workflow_methods]
impl TimerThenActivity {
    /// Returns `Hello, {name}!`, a little later.
    #[run(name = "TimerThenActivity")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        if !ctx.is_replaying() {
            tracing::info!("Running timer then activity workflow with parameter {name}");
        }
        ctx.timer(NAP).await;
        greet(ctx, name).await
    }
}

/// The change the Python sample's README asks you to try: `JustActivity` with a timer added
/// before its activity. New workflows would run it happily; a worker replaying a `JustActivity`
/// history recorded by the code above finds the timer where history has the activity, and
/// cannot go on (nondeterminism). The replayer catches it before deployment. Kept as code, under
/// the same workflow type name, so that `replayer --with-incompatible-change` shows the failure.
#[workflow]
#[derive(Default)]
pub struct JustActivityWithTimerFirst;

#[workflow_methods]
impl JustActivityWithTimerFirst {
    /// Returns `Hello, {name}!`, after a timer the old code did not have.
    #[run(name = "JustActivity")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        ctx.timer(NAP).await;
        greet(ctx, name).await
    }
}

async fn greet<W>(ctx: &mut WorkflowContext<W>, name: String) -> WorkflowResult<String> {
    let input = ComposeGreetingInput {
        greeting: "Hello".to_owned(),
        name,
    };
    let options = ActivityOptions::start_to_close_timeout(Duration::from_secs(10));
    Ok(ctx
        .execute_activity(GreetingActivities::compose_greeting, input, options)
        .await?)
}
// ANCHOR_END: lesson
