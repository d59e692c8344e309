//! The determinism guard for a code change: which stage's code can replay which stage's
//! recorded histories, and what an unguarded change does. Needs no server. Re-record with
//! `RECORD_HISTORIES=1 cargo xtask test`.

use std::time::Duration;

use anyhow::{Result, anyhow};
use patching::{
    InitialWorkflow, PatchCompleteWorkflow, PatchDeprecatedWorkflow, PatchedWorkflow,
    PatchingActivities, Stage,
};
use temporalio_client::WorkflowHistory;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, WorkflowContext, WorkflowContextView, WorkflowResult,
    workflow_replayer::{WorkflowReplayer, WorkflowReplayerOptions},
};

/// The tempting but wrong change: stage 1 edited in place to call the new activity, no patch.
#[workflow]
#[derive(Default)]
struct UnguardedChange {
    result: String,
}

#[workflow_methods]
impl UnguardedChange {
    #[run(name = "MyWorkflow")]
    async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<()> {
        let options =
            ActivityOptions::with_schedule_to_close_timeout(Duration::from_secs(300)).build();
        let result = ctx
            .execute_activity(PatchingActivities::post_patch_activity, (), options)
            .await?;
        ctx.state_mut(|s| s.result = result);
        Ok(())
    }

    #[query(name = "result")]
    fn result(&self, _ctx: &WorkflowContextView) -> String {
        self.result.clone()
    }
}

/// Which code to replay with.
#[derive(Clone, Copy, Debug)]
enum Code {
    Stage(Stage),
    Unguarded,
}

/// Replays the recorded history of `history`'s stage with `code`; `Err` holds the SDK's message.
async fn replay(code: Code, history: Stage) -> Result<Result<(), String>> {
    let options = WorkflowReplayerOptions::new();
    let options = match code {
        Code::Stage(Stage::Initial) => options.register_workflow::<InitialWorkflow>()?,
        Code::Stage(Stage::Patched) => options.register_workflow::<PatchedWorkflow>()?,
        Code::Stage(Stage::PatchDeprecated) => {
            options.register_workflow::<PatchDeprecatedWorkflow>()?
        }
        Code::Stage(Stage::PatchComplete) => {
            options.register_workflow::<PatchCompleteWorkflow>()?
        }
        Code::Unguarded => options.register_workflow::<UnguardedChange>()?,
    };
    let replayer = WorkflowReplayer::new(options.build())?;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/histories")
        .join(format!("{}.json", history.name()));
    let bytes = std::fs::read(&path).map_err(|e| anyhow!("cannot read {}: {e}", path.display()))?;
    let history = WorkflowHistory::from_json(&bytes).map_err(|e| anyhow!("{e}"))?;
    Ok(replayer
        .replay_workflow(history)
        .await
        .map_err(|e| e.to_string()))
}

#[tokio::test]
async fn replay_matrix_each_stage_replays_exactly_the_histories_it_must() -> Result<()> {
    use Stage::*;
    // (code, history) → replays? Each stage must replay its own and every history that can
    // still exist when it is deployed; the table shows why the stages must come in order.
    let table = [
        (Initial, [true, false, false, false]),
        // Rolling back from stage 4 to stage 2 is not safe: stage-4 histories have no marker,
        // so the patched code takes the old path on replay.
        (Patched, [true, true, true, false]),
        (PatchDeprecated, [false, true, true, true]),
        (PatchComplete, [false, false, true, true]),
    ];
    for (code, expected) in table {
        for (history, replays) in Stage::ALL.into_iter().zip(expected) {
            let outcome = replay(Code::Stage(code), history).await?;
            assert_eq!(
                outcome.is_ok(),
                replays,
                "{} code replaying the {} history: {outcome:?}",
                code.name(),
                history.name()
            );
            if let Err(message) = outcome {
                assert!(message.contains("Nondeterminism"), "{message}");
            }
        }
    }
    Ok(())
}

#[tokio::test]
async fn replay_an_unguarded_change_breaks_every_execution_started_before_it() -> Result<()> {
    let Err(message) = replay(Code::Unguarded, Stage::Initial).await? else {
        panic!("an unguarded change must not replay the initial history");
    };
    assert!(
        message.contains(
            "Activity type of scheduled event 'pre_patch_activity' does not match activity type of activity command 'post_patch_activity'"
        ),
        "{message}"
    );
    // It is indistinguishable from stage 4 for new executions — the difference is only what it
    // does to old ones.
    assert!(replay(Code::Unguarded, Stage::PatchComplete).await?.is_ok());
    Ok(())
}
