//! Replay tests: the auto-upgrading workflow's code must replay its whole history, across the
//! versions it moved through; the pinned workflow's 2.0 code could not replay a 1.0 run — which
//! is why such a change needs pinning. Needs no server. Re-record with
//! `RECORD_HISTORIES=1 cargo xtask test`.

use anyhow::{Result, anyhow};
use temporalio_client::WorkflowHistory;
use temporalio_sdk::workflow_replayer::{WorkflowReplayer, WorkflowReplayerOptions};
use worker_versioning::workflows::{AutoUpgradingV1b, PinnedV1, PinnedV2};

fn history(name: &str) -> Result<WorkflowHistory> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/histories")
        .join(format!("{name}.json"));
    let bytes = std::fs::read(&path).map_err(|e| anyhow!("cannot read {}: {e}", path.display()))?;
    WorkflowHistory::from_json(&bytes).map_err(|e| anyhow!("{e}"))
}

#[tokio::test]
async fn replay_the_latest_code_of_each_workflow_replays_what_it_must() -> Result<()> {
    // AutoUpgrading's current code (1.1 and 2.0) replays the run that moved from 1.0.
    let auto = WorkflowReplayer::new(
        WorkflowReplayerOptions::new()
            .register_workflow::<AutoUpgradingV1b>()?
            .build(),
    )?;
    auto.replay_workflow(history("auto-upgrading")?).await?;
    // Pinned's 1.0 code replays the pinned run; 2.0's replays the run started on 2.0.
    let pinned_1 = WorkflowReplayer::new(
        WorkflowReplayerOptions::new()
            .register_workflow::<PinnedV1>()?
            .build(),
    )?;
    pinned_1.replay_workflow(history("pinned-1.0")?).await?;
    let pinned_2 = WorkflowReplayer::new(
        WorkflowReplayerOptions::new()
            .register_workflow::<PinnedV2>()?
            .build(),
    )?;
    pinned_2.replay_workflow(history("pinned-2.0")?).await?;
    Ok(())
}

#[tokio::test]
async fn replay_pinned_2_0_code_cannot_run_a_1_0_execution() -> Result<()> {
    let pinned_2 = WorkflowReplayer::new(
        WorkflowReplayerOptions::new()
            .register_workflow::<PinnedV2>()?
            .build(),
    )?;
    let error = pinned_2
        .replay_workflow(history("pinned-1.0")?)
        .await
        .expect_err("2.0's pinned code is incompatible with a 1.0 history")
        .to_string();
    assert!(error.contains("Nondeterminism"), "{error}");
    Ok(())
}
