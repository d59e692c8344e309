//! Plumbing shared by the Temporal Rust samples.
//!
//! Every sample needs to connect to a Temporal server, set up logging, run a worker until
//! Ctrl-C, and — in its tests — get hold of a real dev server. None of that teaches anything
//! about the sample's pattern, so it lives here, once:
//!
//! - [`run_cli`]: a sample's whole `main` shell — its subcommands plus the connection flags,
//!   logging, connecting, and an `error:` line and exit code when something fails.
//! - [`ConnectArgs`]: `--address`, `--namespace`, TLS and API-key flags with the same names and
//!   `TEMPORAL_*` environment variables as the `temporal` CLI, plus `temporal.toml` profiles,
//!   loaded through the SDK's envconfig (flags over environment over profile).
//! - [`codec`]: install a payload codec into the data converter shared by a client and every
//!   worker built from it.
//! - [`init_tracing`] and [`Workers`]: logging with `RUST_LOG`, and workers that run until
//!   Ctrl-C or SIGTERM (or while a future runs) and drain gracefully (and, with glibc, an
//!   allocator setting that spares a worker about 15 % of its CPU).
//! - [`failure`]: a workflow failure's chain of causes, for starters to print and tests to check.
//! - [`query_until_answered`]: a query asked again when no worker answered it in time (its
//!   worker had just died).
//! - [`process`]: helper processes (nginx, collectors) that stop when this process ends
//!   (re-exported from `samples_process`, with [`wait_for_signal`], [`exit_report`] and
//!   [`WORKER_READY_MARKER`]).
//! - `devserver` and `testing`, behind the `testing` feature (the samples enable it for their
//!   tests only): a `temporal server start-dev` on free ports for tests and the demo runner
//!   (from `samples_process`), and small helpers for end-to-end tests.
//! - `replay`, also behind `testing`: recording workflow histories from tests and replaying them
//!   against current code (the determinism guard).
//!
//! This crate deliberately holds no workflow or activity code: a reader of one sample should
//! see the whole pattern in that sample.

#![warn(missing_docs)]

mod allocator;
mod cli;
pub mod codec;
mod connect;
pub mod failure;
mod query;
#[cfg(feature = "testing")]
pub mod replay;
#[cfg(feature = "testing")]
pub mod testing;
mod worker;

pub use cli::{RUNTIME_ENV, run_cli, runtime};
pub use connect::{
    CONNECTIONS_LOG_ENV, ClientSetup, ConnectArgs, Connected, DEFAULT_UI_URL, log_connection,
};
pub use failure::{FailureLink, failure_chain};
pub use query::query_until_answered;
pub use worker::{Workers, init_tracing};

// The process plumbing lives in `samples_process` (no SDK dependency, so the task runner builds
// without the SDK); the samples reach it from here.
#[cfg(feature = "testing")]
pub use samples_process::devserver;
pub use samples_process::{WORKER_READY_MARKER, exit_report, process, wait_for_signal};
