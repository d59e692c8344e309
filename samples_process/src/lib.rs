//! The processes around the samples, with no Temporal SDK dependency:
//!
//! - [`devserver`]: a throwaway `temporal server start-dev` on free ports, for tests and the
//!   demo runner.
//! - [`process`]: helper processes (the dev server, nginx, a collector) that stop when this
//!   process ends, however it ends.
//! - [`wait_for_signal`], [`exit_report`] and [`WORKER_READY_MARKER`]: how every binary here
//!   stops, reports an error and tells a runner its worker is polling.
//!
//! The samples reach all of it through `samples_helper`, which re-exports it. It is a crate of
//! its own so that the task runner (`cargo xtask`, built alone by `cargo run -p xtask`) needs no
//! SDK: otherwise the SDK would be compiled twice, once with the runner's feature set and once
//! with the tests'.

#![warn(missing_docs)]

pub mod devserver;
pub mod process;

use anyhow::Result;

/// A name no other test or run uses: `prefix-<uuid>`. Use it for task queues and workflow ids
/// (`samples_helper::testing::unique` is this).
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4().simple())
}

/// The line a worker prints once it is polling; the demo runner and the tests wait for it.
pub const WORKER_READY_MARKER: &str = "Worker ready";

/// Waits for Ctrl-C or (on Unix) SIGTERM; returns which arrived.
#[cfg(unix)]
pub async fn wait_for_signal() -> std::io::Result<&'static str> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    Ok(tokio::select! {
        _ = term.recv() => "SIGTERM",
        _ = int.recv() => "Ctrl-C",
    })
}

/// Waits for Ctrl-C or (on Unix) SIGTERM; returns which arrived.
#[cfg(not(unix))]
pub async fn wait_for_signal() -> std::io::Result<&'static str> {
    tokio::signal::ctrl_c().await?;
    Ok("Ctrl-C")
}

/// Turns `main`'s result into an exit code, printing an error as `error: …` plus its causes.
///
/// Use it instead of returning `anyhow::Result` from `main`, which prints `Debug` output and,
/// when `RUST_BACKTRACE` is set, a backtrace: users need the message, not our stack.
pub fn exit_report(result: Result<()>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            // Error types often repeat their source's message; print each distinct one once.
            let mut last = err.to_string();
            for cause in err.chain().skip(1) {
                let message = cause.to_string();
                if !last.contains(&message) {
                    eprintln!("  caused by: {message}");
                }
                last = message;
            }
            std::process::ExitCode::FAILURE
        }
    }
}
