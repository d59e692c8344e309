//! Runs the sample's Python workers (`python/*.py`) for the tests, against the tests' server.
//! Needs Python 3 with the Temporal SDK; without it the tests fail saying how to install it.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// A running Python worker; dropping it kills the process.
pub(crate) struct PythonWorker {
    _child: Child,
}

/// Starts `python/<script>` on `task_queue` and waits until it polls.
pub(crate) async fn start(script: &str, address: &str, task_queue: &str) -> Result<PythonWorker> {
    let sdk = Command::new("python3")
        .args(["-c", "import temporalio"])
        .output()
        .await
        .context(
            "cannot run `python3`: install Python 3, then `python3 -m pip install temporalio`",
        )?;
    if !sdk.status.success() {
        bail!(
            "the Python SDK is missing (`import temporalio` failed): install it with \
             `python3 -m pip install temporalio`"
        );
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("python")
        .join(script);
    let mut child = Command::new("python3")
        .arg("-u")
        .arg(&path)
        .args(["--task-queue", task_queue])
        .env("TEMPORAL_ADDRESS", address)
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("cannot start `{}`", path.display()))?;
    let stdout = child.stdout.take().context("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await? {
            if line.starts_with("Worker ready") {
                return Ok(());
            }
        }
        bail!("`{script}` exited before it was ready")
    })
    .await
    .with_context(|| format!("`{script}` was not ready within 30 s"))??;
    Ok(PythonWorker { _child: child })
}
