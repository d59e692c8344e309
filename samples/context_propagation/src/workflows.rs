//! The workflow: waits for a signal, then greets through an activity. The user id reaches it,
//! its signal handler and its activity without appearing in any input.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, SyncWorkflowContext, WorkflowContext, WorkflowContextView, WorkflowResult,
};

use crate::{activities::GreetingActivities, propagation::UserId};

// ANCHOR: lesson
/// Who the workflow's code saw as the caller, per entry point (an addition to the Python
/// sample, which only logs it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenUserIds {
    /// The user id that started the workflow.
    pub run: Option<String>,
    /// The user id that sent `signal_complete`.
    pub signal: Option<String>,
}

/// Waits for `signal_complete`, then says hello through an activity.
#[workflow]
#[derive(Default)]
pub struct SayHelloWorkflow {
    complete: bool,
    seen: SeenUserIds,
}

#[workflow_methods]
impl SayHelloWorkflow {
    /// Returns `Hello, {name}` once signalled.
    #[run(name = "SayHelloWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        // Set by the workflow interceptor from the start's header; `None` if the caller sent
        // none.
        let user_id = ctx.context_value::<UserId>().map(|u| (*u).clone());
        if !ctx.is_replaying() {
            tracing::info!(
                "Workflow called by user {}",
                user_id.as_deref().unwrap_or("<none>")
            );
        }
        ctx.state_mut(|s| s.seen.run = user_id);

        ctx.wait_condition(|s| s.complete).await?;
        // The interceptor copies the run's user id into this activity's header.
        Ok(ctx
            .execute_activity(
                GreetingActivities::say_hello_activity,
                name,
                ActivityOptions::start_to_close_timeout(Duration::from_secs(300)),
            )
            .await?)
    }

    /// Lets the workflow go on. Its user id is the *signaller's*, from the signal's header.
    #[signal(name = "signal_complete")]
    pub fn signal_complete(&mut self, ctx: &mut SyncWorkflowContext<Self>) {
        let user_id = ctx.context_value::<UserId>().map(|u| (*u).clone());
        if !ctx.is_replaying() {
            tracing::info!(
                "Signal called by user {}",
                user_id.as_deref().unwrap_or("<none>")
            );
        }
        self.seen.signal = user_id;
        self.complete = true;
    }

    /// Who started and who signalled, as the workflow saw them.
    #[query(name = "seen_user_ids")]
    pub fn seen_user_ids(&self, _ctx: &WorkflowContextView) -> SeenUserIds {
        self.seen.clone()
    }
}
// ANCHOR_END: lesson
