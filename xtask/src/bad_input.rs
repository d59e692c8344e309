//! `cargo xtask bad-input`: every sample's table of invalid command lines
//! (`[[bad_input]]` in its `demo.toml`), run against a dev server of its
//! own that nothing else uses. Each command must exit non-zero — not by a panic, a signal or a
//! timeout — with exactly one `error:` line on standard error that contains the row's text, and
//! the server must afterwards hold no workflow and no schedule: bad input starts nothing.

use std::{
    path::Path,
    process::Stdio,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use samples_process::devserver::{DevServer, find_temporal_cli};
use tokio::process::Command;

use crate::samples::{BadInput, Sample};

/// How long one invalid command may take: enough to connect and be refused, far less than a
/// starter waiting on a workflow that no worker runs.
const ROW_TIMEOUT: Duration = Duration::from_secs(30);

/// One row that did not behave.
pub(crate) struct Problem {
    pub(crate) sample: String,
    pub(crate) args: String,
    pub(crate) what: String,
}

/// Runs every row of every sample in `samples` (binaries in `bin_dir`); returns the problems
/// and how many rows ran.
pub(crate) async fn check(samples: &[&Sample], bin_dir: &Path) -> Result<(Vec<Problem>, usize)> {
    let missing: Vec<&str> = samples
        .iter()
        .filter(|s| s.demo.bad_input.is_empty())
        .map(|s| s.name.as_str())
        .collect();
    if !missing.is_empty() {
        bail!(
            "these samples have no `[[bad_input]]` rows in their `demo.toml` (every sample \
             lists the invalid command lines it refuses): {}",
            missing.join(", ")
        );
    }
    // Its own server, never TEMPORAL_ADDRESS's: "starts nothing" is checked by counting
    // everything on it.
    let server = DevServer::start().await?;
    let cli = find_temporal_cli()?;
    let scratch = std::env::temp_dir().join(format!("temporal-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let mut problems = Vec::new();
    let mut rows = 0;
    for sample in samples {
        let sample_dir = crate::workspace_root().join("samples").join(&sample.name);
        let binary = bin_dir.join(&sample.name);
        for row in &sample.demo.bad_input {
            rows += 1;
            let expand = |a: &str| {
                a.replace("{scratch}", &scratch.display().to_string())
                    .replace("{sample_dir}", &sample_dir.display().to_string())
            };
            let args: Vec<String> = row.args.iter().map(|a| expand(a)).collect();
            let row = BadInput {
                args: args.clone(),
                error: expand(&row.error),
            };
            let shown = args.join(" ");
            let started = Instant::now();
            let verdict = run_row(&binary, &args, server.address(), &row).await;
            println!(
                "[{}] $ {} {shown}  ({:.1} s): {}",
                sample.name,
                sample.name,
                started.elapsed().as_secs_f64(),
                match &verdict {
                    Ok(line) => format!("ok — {line}"),
                    Err(e) => format!("WRONG — {e:#}"),
                }
            );
            if let Err(e) = verdict {
                problems.push(Problem {
                    sample: sample.name.clone(),
                    args: shown,
                    what: format!("{e:#}"),
                });
            }
        }
        // Anything a row started, this sample's rows started: the server had nothing before.
        let started = count_started(&cli, server.address()).await?;
        if !started.is_empty() {
            problems.push(Problem {
                sample: sample.name.clone(),
                args: "(its rows together)".into(),
                what: format!("the server now holds {}", started.join(" and ")),
            });
            // What later samples' rows would start could not be told apart from it.
            println!(
                "[{}] its invalid commands started something: the samples after it are not \
                 checked",
                sample.name
            );
            break;
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok((problems, rows))
}

/// Runs one row; on success, returns its `error:` line.
async fn run_row(binary: &Path, args: &[String], address: &str, row: &BadInput) -> Result<String> {
    let child = Command::new(binary)
        .args(args)
        .env("TEMPORAL_ADDRESS", address)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(ROW_TIMEOUT, child)
        .await
        .map_err(|_| {
            anyhow::anyhow!(
                "still running after {ROW_TIMEOUT:?}: it accepted the input and is waiting on \
                 something"
            )
        })?
        .with_context(|| format!("cannot run `{}`", binary.display()))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    match output.status.code() {
        Some(0) => bail!(
            "exited 0: the input was accepted (stdout: {})",
            first_line(&stdout)
        ),
        Some(101) => bail!("panicked: {}", first_line(&stderr)),
        Some(_) => {}
        None => bail!("killed by a signal ({})", output.status),
    }
    if stderr.contains("panicked at") {
        bail!("panicked: {}", first_line(&stderr));
    }
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    match errors.as_slice() {
        [line] if line.contains(row.error.as_str()) => Ok((*line).to_owned()),
        [line] => bail!("its error line does not say `{}`: {line}", row.error),
        [] => bail!(
            "no `error:` line on standard error (it printed: {})",
            first_line(&stderr)
        ),
        many => bail!("{} `error:` lines: {}", many.len(), many.join(" / ")),
    }
}

fn first_line(text: &str) -> &str {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("nothing")
}

/// What is on the server: workflows (any status) and schedules, described; empty when nothing.
async fn count_started(cli: &Path, address: &str) -> Result<Vec<String>> {
    // Visibility is written shortly after a start; give it a moment before concluding.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let run = |args: &[&str]| {
        let mut command = Command::new(cli);
        command
            .args(args)
            .args(["--address", address, "--output", "json"])
            .args(["--disable-config-env", "--disable-config-file"])
            .kill_on_drop(true);
        command
    };
    let workflows = run(&["workflow", "count"])
        .output()
        .await
        .context("cannot run `temporal workflow count`")?;
    if !workflows.status.success() {
        bail!(
            "`temporal workflow count` failed: {}",
            String::from_utf8_lossy(&workflows.stderr).trim()
        );
    }
    let count: serde_json::Value = serde_json::from_slice(&workflows.stdout)
        .context("`temporal workflow count --output json` printed something else")?;
    let count = count
        .get("count")
        .and_then(|c| {
            c.as_str()
                .map(str::to_owned)
                .or_else(|| Some(c.to_string()))
        })
        .unwrap_or_default();
    let schedules = run(&["schedule", "list"])
        .output()
        .await
        .context("cannot run `temporal schedule list`")?;
    let listed = String::from_utf8_lossy(&schedules.stdout);
    let schedule_count = serde_json::from_str::<serde_json::Value>(&listed)
        .ok()
        .and_then(|v| v.as_array().map(Vec::len))
        .unwrap_or(0);
    let mut found = Vec::new();
    if !matches!(count.trim_matches('"'), "0" | "" | "null") {
        found.push(format!("{count} workflow(s)"));
    }
    if schedule_count > 0 {
        found.push(format!("{schedule_count} schedule(s)"));
    }
    Ok(found)
}
