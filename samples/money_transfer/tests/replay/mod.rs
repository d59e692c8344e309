//! The determinism guard at work: a reordered workflow fails to replay the recorded histories
//! (the replay test itself is one line in `tests/main.rs`). Needs no server.

use std::time::Duration;

use anyhow::Result;
use money_transfer::{BankActivities, PaymentDetails};
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, WorkflowContext, WorkflowResult,
    workflow_replayer::{WorkflowReplayer, WorkflowReplayerOptions},
};

/// `MoneyTransfer` with an unsafe change: a deposit *before* the withdrawal. Deployed as is, it
/// would break every transfer in flight.
#[workflow]
#[derive(Default)]
struct ReorderedMoneyTransfer;

#[workflow_methods]
impl ReorderedMoneyTransfer {
    #[run(name = "MoneyTransfer")]
    async fn run(
        ctx: &mut WorkflowContext<Self>,
        details: PaymentDetails,
    ) -> WorkflowResult<String> {
        let options = ActivityOptions::start_to_close_timeout(Duration::from_secs(5));
        let deposit = ctx
            .execute_activity(BankActivities::deposit, details.clone(), options.clone())
            .await?;
        let withdrawal = ctx
            .execute_activity(BankActivities::withdraw, details, options)
            .await?;
        Ok(format!(
            "Transfer complete (transaction IDs: {withdrawal}, {deposit})"
        ))
    }
}

#[tokio::test]
async fn the_guard_catches_a_non_deterministic_change() -> Result<()> {
    let options = WorkflowReplayerOptions::new()
        .register_workflow::<ReorderedMoneyTransfer>()?
        .build();
    let error = samples_helper::replay::replay_recorded(
        &WorkflowReplayer::new(options)?,
        env!("CARGO_MANIFEST_DIR"),
    )
    .await
    .expect_err("replaying with reordered activities must fail");
    let message = format!("{error:#}");
    // The SDK's own diagnosis (not words the helper adds): the nondeterminism error code and
    // the mismatch — history scheduled `withdraw` where the new code asks for `deposit`.
    assert!(
        message.contains("[TMPRL1100] Nondeterminism error"),
        "{message}"
    );
    assert!(
        message.contains(
            "Activity type of scheduled event 'withdraw' does not match activity type of activity command 'deposit'"
        ),
        "{message}"
    );
    // Every recorded history fails, and each is named.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/histories");
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        assert!(message.contains(&name), "{name} is not named: {message}");
    }
    Ok(())
}
