//! Determinism guard: the recorded histories in `tests/histories/` must replay against the
//! current workflow code. Needs no server. Re-record with `RECORD_HISTORIES=1 cargo xtask test`.

use anyhow::Result;
use encryption::{GreetingWorkflow, KeyRing, ReportWorkflow};
use temporalio_sdk::workflow_replayer::{WorkflowReplayer, WorkflowReplayerOptions};

#[tokio::test]
async fn recorded_histories_replay_against_the_current_code() -> Result<()> {
    let options = WorkflowReplayerOptions::new()
        // The tests recorded these histories with key `x` = 32 bytes of x's first byte.
        .data_converter(encryption::data_converter(KeyRing::new(
            "b",
            [("a".to_owned(), [b'a'; 32]), ("b".to_owned(), [b'b'; 32])],
        )?))
        .register_workflow::<GreetingWorkflow>()?
        .register_workflow::<ReportWorkflow>()?
        .build();
    let replayer = WorkflowReplayer::new(options)?;
    let replayed =
        samples_helper::replay::replay_recorded(&replayer, env!("CARGO_MANIFEST_DIR")).await?;
    assert!(
        replayed >= 2,
        "expected at least 2 recorded histories, found {replayed}"
    );
    Ok(())
}
