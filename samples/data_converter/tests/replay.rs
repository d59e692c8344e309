//! Determinism guard: the recorded histories in `tests/histories/` must replay against the
//! current workflow code. Needs no server. Re-record with `RECORD_HISTORIES=1 cargo xtask test`.

use anyhow::Result;
use data_converter::{BadgeWorkflow, PydanticWorkflow};
use temporalio_sdk::workflow_replayer::{WorkflowReplayer, WorkflowReplayerOptions};

#[tokio::test]
async fn recorded_histories_replay_against_the_current_code() -> Result<()> {
    let options = WorkflowReplayerOptions::new()
        .register_workflow::<PydanticWorkflow>()?
        .register_workflow::<BadgeWorkflow>()?
        .build();
    let replayer = WorkflowReplayer::new(options)?;
    let replayed =
        samples_helper::replay::replay_recorded(&replayer, env!("CARGO_MANIFEST_DIR")).await?;
    assert!(
        replayed >= 3,
        "expected at least 3 recorded histories, found {replayed}"
    );
    Ok(())
}
