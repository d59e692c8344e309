//! Determinism guard: the recorded histories in `tests/histories/` must replay against the
//! current workflow code. Needs no server. Re-record with `RECORD_HISTORIES=1 cargo xtask test`.

use anyhow::Result;
use polling::{frequent, infrequent, periodic};
use temporalio_sdk::workflow_replayer::{WorkflowReplayer, WorkflowReplayerOptions};

#[tokio::test]
async fn recorded_histories_replay_against_the_current_code() -> Result<()> {
    // The three variants register different workflows under the same type name, so each
    // replays its own histories with its own replayer.
    let dir = env!("CARGO_MANIFEST_DIR");
    let frequent = WorkflowReplayerOptions::new()
        .register_workflow::<frequent::GreetingWorkflow>()?
        .build();
    let infrequent = WorkflowReplayerOptions::new()
        .register_workflow::<infrequent::GreetingWorkflow>()?
        .build();
    let periodic = WorkflowReplayerOptions::new()
        .register_workflow::<periodic::GreetingWorkflow>()?
        .register_workflow::<periodic::ChildWorkflow>()?
        .build();
    let mut replayed = 0;
    for (options, prefix) in [
        (frequent, "frequent"),
        (infrequent, "infrequent"),
        (periodic, "periodic"),
    ] {
        replayed += samples_helper::replay::replay_recorded_matching(
            &WorkflowReplayer::new(options)?,
            dir,
            prefix,
        )
        .await?;
    }
    assert!(
        replayed >= 4,
        "expected at least 4 recorded histories, found {replayed}"
    );
    Ok(())
}
