//! The shell of every sample's `main`: flags, logging, the runtime, and the exit report.

use std::{future::Future, process::ExitCode};

use anyhow::{Context, Result};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

#[cfg(doc)]
use crate::ConnectArgs;

/// The flags every subcommand accepts (the connection flags, and a sample's own global flags
/// when it has any), and the sample's own subcommands.
#[derive(Parser)]
struct Cli<A: Args, C: Subcommand> {
    #[command(flatten)]
    flags: A,
    #[command(subcommand)]
    command: C,
}

/// Runs a sample's command line: parses the flags `A` — [`ConnectArgs`], or a sample's own
/// `clap::Args` struct that flattens `ConnectArgs` beside flags of its own — and the sample's
/// subcommands `C` (a `clap::Subcommand` enum; `about` is the first line of `--help`), sets up
/// logging, and calls `app` with the flags and the subcommand. `app` connects when its
/// subcommand needs a server (`connect.connect().await?`, or `connect_with` to install a data
/// converter); subcommands that need none (key generation, a fixture server) do not.
///
/// A command line clap rejects prints clap's error and usage; an error from `app` (an
/// unreachable server included) prints one `error:` line with its causes; either way the exit
/// code says it failed. So a sample's `main` is:
///
/// ```ignore
/// fn main() -> ExitCode {
///     samples_helper::run_cli("Temporal hello activity sample", app)
/// }
///
/// async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
///     let connected = connect.connect().await?;
///     match command { /* … */ }
/// }
/// ```
pub fn run_cli<A, C, F, Fut>(about: &'static str, app: F) -> ExitCode
where
    A: Args,
    C: Subcommand,
    F: FnOnce(A, C) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    crate::init_tracing();
    // Parsed before the runtime exists, so `--help` and a bad flag answer at once. clap names
    // the program in usage lines after the file it was run as (`hello_activity`).
    let matches = Cli::<A, C>::command().about(about).get_matches();
    let cli = match Cli::<A, C>::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
    crate::exit_report((|| runtime()?.block_on(app(cli.flags, cli.command)))())
}

/// The environment variable that picks a sample's Tokio runtime: `current-thread` (the default)
/// or `multi-thread`.
pub const RUNTIME_ENV: &str = "SAMPLES_RUNTIME";

/// The Tokio runtime a sample's process runs on ([`run_cli`] builds it): single-threaded unless
/// [`RUNTIME_ENV`] is `multi-thread`.
///
/// Why one thread: the SDK already runs every workflow of a worker on one thread (a `LocalSet`
/// on the thread that runs the worker), so what a multi-threaded runtime adds is core's pollers
/// and gRPC tasks on other threads, and a cross-thread hand-off for every activation and every
/// completion. On one thread a greeting workflow costs the worker about a fifth less CPU
/// (`bench/RESULTS.md`), and the samples' tests have always run their workers this way (a
/// `#[tokio::test]` runtime is single-threaded). It is the Python SDK's model: one event loop
/// for workflows and `async` activities. A plain `fn` activity still runs on Tokio's blocking
/// threads, in parallel with everything else; what must not happen on one thread is CPU-heavy
/// work inside an `async fn` activity (it would hold up the worker's polls and heartbeats). A
/// worker whose `async` activities need more than one core: `SAMPLES_RUNTIME=multi-thread`.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    let multi_thread = match std::env::var(RUNTIME_ENV) {
        Err(std::env::VarError::NotPresent) => false,
        Ok(value) if value == "current-thread" => false,
        Ok(value) if value == "multi-thread" => true,
        Ok(value) => anyhow::bail!(
            "{RUNTIME_ENV} is `{value}`: set it to `current-thread` (the default) or \
             `multi-thread`, or unset it"
        ),
        Err(std::env::VarError::NotUnicode(_)) => anyhow::bail!(
            "{RUNTIME_ENV} is not valid UTF-8: set it to `current-thread` or `multi-thread`, or \
             unset it"
        ),
    };
    let mut builder = if multi_thread {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    builder
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}
