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
    crate::exit_report((|| {
        let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
        runtime.block_on(app(cli.flags, cli.command))
    })())
}
