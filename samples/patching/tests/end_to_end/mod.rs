//! End-to-end test against a real dev server: the four deployments in order, and what each one
//! can still answer about the executions before it.

use anyhow::Result;
use patching::{Stage, client};
use samples_helper::testing::{EventType, event_types, test_client, unique};

#[tokio::test]
async fn each_stage_serves_exactly_the_executions_it_should() -> Result<()> {
    let c = test_client().await?.client;
    let suffix = unique("run");
    let reports = client::walkthrough(&c, &unique("patching"), &suffix).await?;
    let id = |stage: Stage| format!("{}-workflow-id-{suffix}", stage.name());

    // (stage deployed, execution queried) → the answer, or a piece of the error.
    let expected = [
        (Stage::Initial, vec![Ok("pre-patch")]),
        (Stage::Patched, vec![Ok("pre-patch"), Ok("post-patch")]),
        (
            Stage::PatchDeprecated,
            vec![
                Err(
                    "Activity type of scheduled event 'pre_patch_activity' does not match activity type of activity command 'post_patch_activity'",
                ),
                Ok("post-patch"),
                Ok("post-patch"),
            ],
        ),
        (
            Stage::PatchComplete,
            vec![
                Err("Activity type of scheduled event 'pre_patch_activity'"),
                Err("Non-deprecated patch marker encountered for change my-patch"),
                Ok("post-patch"),
                Ok("post-patch"),
            ],
        ),
    ];
    assert_eq!(reports.len(), expected.len());
    for (report, (stage, answers)) in reports.iter().zip(expected) {
        assert_eq!(report.stage, stage);
        assert_eq!(report.queries.len(), answers.len(), "{report:?}");
        for ((queried, got), (n, want)) in report.queries.iter().zip(answers.iter().enumerate()) {
            assert_eq!(*queried, id(Stage::ALL[n]));
            match (got, want) {
                (Ok(got), Ok(want)) => assert_eq!(got, want, "{} queried {queried}", stage.name()),
                (Err(got), Err(want)) => {
                    assert!(got.contains("[TMPRL1100] Nondeterminism error"), "{got}");
                    assert!(
                        got.contains(want),
                        "{} queried {queried}: {got}",
                        stage.name()
                    );
                }
                _ => panic!(
                    "{} queried {queried}: got {got:?}, expected {want:?}",
                    stage.name()
                ),
            }
        }
    }

    // Only the patched stage's new execution carries the patch marker.
    for stage in Stage::ALL {
        let markers = event_types(&c, &id(stage))
            .await?
            .into_iter()
            .filter(|e| *e == EventType::MarkerRecorded)
            .count();
        let expected = usize::from(matches!(stage, Stage::Patched | Stage::PatchDeprecated));
        assert_eq!(markers, expected, "{}", stage.name());
        samples_helper::replay::record(
            &c,
            env!("CARGO_MANIFEST_DIR"),
            stage.name(),
            &id(stage),
            None,
        )
        .await?;
    }
    Ok(())
}

/// Runs the sample's binary against the tests' server; returns (exit code, stdout, stderr).
async fn run_binary(args: &[&str]) -> Result<(Option<i32>, String, String)> {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_patching"))
        .args(args)
        .env(
            "TEMPORAL_ADDRESS",
            samples_helper::testing::server_address().await?,
        )
        .output()
        .await?;
    Ok((
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[tokio::test]
async fn bad_input_exits_non_zero_with_one_error_that_says_what_was_wrong() -> Result<()> {
    // An unknown stage: refused before anything connects, naming the stages there are.
    let (code, _, stderr) = run_binary(&["worker", "--workflow", "bogus"]).await?;
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("invalid value 'bogus' for '--workflow <WORKFLOW>'")
            && stderr.contains("initial, patched, patch-deprecated, patch-complete"),
        "{stderr}"
    );

    // Querying a workflow that was never started: an error saying so, with the id, and nothing
    // started.
    let missing = unique("never-started");
    let (code, stdout, stderr) = run_binary(&["starter", "--query-workflow", &missing]).await?;
    assert_ne!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stderr.starts_with(&format!("error: cannot query workflow `{missing}`"))
            && stderr.contains("Workflow not found"),
        "{stderr}"
    );
    let c = test_client().await?.client;
    assert!(
        event_types(&c, &missing).await.is_err(),
        "querying started `{missing}`"
    );
    Ok(())
}
