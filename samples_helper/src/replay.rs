//! Determinism guard: record workflow histories from real runs, replay them against current code.
//!
//! A workflow must make the same decisions when it replays its history as when it first ran.
//! Change the order of activities, add a timer, rename a signal — and every workflow already
//! running breaks when a worker with the new code replays it. Replay tests catch that before it
//! ships: histories recorded from real runs are committed under each sample's
//! `tests/histories/`, and a test replays them with the sample's current workflow code.
//!
//! Recording happens inside the end-to-end tests: a test calls [`record`] with the workflow it
//! ran, which saves the history when `RECORD_HISTORIES=1` is set and does nothing otherwise.
//! Re-record everything with `RECORD_HISTORIES=1 cargo xtask test`.
//!
//! A sample's replay test is one line in its `tests/main.rs`, with [`replay_test!`](crate::replay_test):
//!
//! ```ignore
//! samples_helper::replay_test!(at_least = 2, [my_sample::GreetingWorkflow]);
//! ```

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use temporalio_client::{Client, NamespacedClient, WorkflowExecutionInfo, WorkflowHistory};
pub use temporalio_sdk::workflow_replayer::{WorkflowReplayer, WorkflowReplayerOptions};

/// Set this environment variable (to anything but `0`) to record histories.
pub const RECORD_ENV: &str = "RECORD_HISTORIES";

fn histories_dir(crate_dir: &str) -> PathBuf {
    Path::new(crate_dir).join("tests").join("histories")
}

fn recording() -> bool {
    std::env::var(RECORD_ENV).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Saves the history of `workflow_id` (its latest run, or `run_id`) as
/// `<crate_dir>/tests/histories/<name>.json` when recording is on. Pass
/// `env!("CARGO_MANIFEST_DIR")` as `crate_dir`.
pub async fn record(
    client: &Client,
    crate_dir: &str,
    name: &str,
    workflow_id: &str,
    run_id: Option<&str>,
) -> Result<()> {
    if !recording() {
        return Ok(());
    }
    let history = WorkflowExecutionInfo::builder()
        .namespace(client.namespace())
        .workflow_id(workflow_id)
        .maybe_run_id(run_id.map(str::to_owned))
        .build()
        .bind_untyped(client.clone())
        .fetch_history(Default::default());
    let json = history
        .to_json()
        .await
        .map_err(|e| anyhow!("cannot fetch the history of `{workflow_id}`: {e}"))?;
    // Pretty-printed, so that a re-recording shows up as a readable diff.
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_slice::<serde_json::Value>(&json)?)?;
    let dir = histories_dir(crate_dir);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, pretty + "\n")
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    println!("recorded {}", path.display());
    Ok(())
}

/// Replays every history in `<crate_dir>/tests/histories/` with `replayer`; returns how many.
///
/// Fails if there are none, or names each history the current code cannot replay and why.
pub async fn replay_recorded(replayer: &WorkflowReplayer, crate_dir: &str) -> Result<usize> {
    replay_recorded_matching(replayer, crate_dir, "").await
}

/// Like [`replay_recorded`], for the histories whose file name starts with `prefix` (for samples
/// whose variants register different workflows under the same type name).
pub async fn replay_recorded_matching(
    replayer: &WorkflowReplayer,
    crate_dir: &str,
    prefix: &str,
) -> Result<usize> {
    let dir = histories_dir(crate_dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("no recorded histories in `{}` (record them with `{RECORD_ENV}=1 cargo xtask test`)", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix)))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!(
            "no recorded histories `{prefix}*.json` in `{}`",
            dir.display()
        );
    }
    let mut failures = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file)?;
        let history = WorkflowHistory::from_json(&bytes)
            .map_err(|e| anyhow!("`{}` is not a history: {e}", file.display()))?;
        if let Err(e) = replayer.replay_workflow(history).await {
            failures.push(format!("{}: {e}", file.display()));
        }
    }
    if !failures.is_empty() {
        bail!(
            "the current workflow code cannot replay {} recorded histor{}:\n{}\n\
             If the change is intended, guard it with a patch (versioning) so running workflows \
             keep their old path, then re-record with `{RECORD_ENV}=1 cargo xtask test`.",
            failures.len(),
            if failures.len() == 1 { "y" } else { "ies" },
            failures.join("\n")
        );
    }
    Ok(files.len())
}

/// Replays the recorded histories of the crate at `crate_dir` whose file names start with
/// `prefix` against the workflows `options` registers, and fails unless every one replays and
/// there are at least `at_least` of them. [`replay_test!`](crate::replay_test) calls it.
pub async fn assert_replays(
    options: WorkflowReplayerOptions,
    crate_dir: &str,
    prefix: &str,
    at_least: usize,
) -> Result<()> {
    let replayer = WorkflowReplayer::new(options)
        .map_err(|e| anyhow!("cannot build the workflow replayer: {e}"))?;
    let replayed = replay_recorded_matching(&replayer, crate_dir, prefix).await?;
    if replayed < at_least {
        bail!(
            "expected at least {at_least} recorded histories `{prefix}*.json` in `{}`, found \
             {replayed}: a test that records one is missing (re-record with `{RECORD_ENV}=1 \
             cargo xtask test`)",
            histories_dir(crate_dir).display()
        );
    }
    Ok(())
}

/// Defines a sample's replay test: the histories its end-to-end tests recorded under
/// `tests/histories/` must replay against the current workflow code.
///
/// Name the workflows to register, or give the replayer options as an expression (for a data
/// converter, an interceptor or a factory); `prefix = "…"` limits the test to the histories
/// whose file names start with it, and `name = …` names the test (both for a sample with
/// several variants).
///
/// ```ignore
/// samples_helper::replay_test!(at_least = 4, [GreetingWorkflow, ComposeGreetingWorkflow]);
/// samples_helper::replay_test!(at_least = 2, |options| options
///     .data_converter(my_converter())
///     .register_workflow::<GreetingWorkflow>()?);
/// ```
#[macro_export]
macro_rules! replay_test {
    (at_least = $min:literal, [$($workflow:ty),+ $(,)?]) => {
        $crate::replay_test!(at_least = $min, |options| options $(.register_workflow::<$workflow>()?)+);
    };
    (at_least = $min:literal, |$options:ident| $setup:expr) => {
        $crate::replay_test!(
            name = recorded_histories_replay_against_the_current_code,
            prefix = "",
            at_least = $min,
            |$options| $setup
        );
    };
    (name = $name:ident, prefix = $prefix:literal, at_least = $min:literal, [$($workflow:ty),+ $(,)?]) => {
        $crate::replay_test!(
            name = $name,
            prefix = $prefix,
            at_least = $min,
            |options| options $(.register_workflow::<$workflow>()?)+
        );
    };
    (name = $name:ident, prefix = $prefix:literal, at_least = $min:literal, |$options:ident| $setup:expr) => {
        /// Determinism guard: the recorded histories in `tests/histories/` replay against the
        /// current workflow code. Needs no server.
        #[::tokio::test]
        async fn $name() -> ::anyhow::Result<()> {
            let $options = $crate::replay::WorkflowReplayerOptions::new();
            let options = $setup.build();
            $crate::replay::assert_replays(options, env!("CARGO_MANIFEST_DIR"), $prefix, $min).await
        }
    };
}
