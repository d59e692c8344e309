//! Plumbing shared by the Temporal Rust samples.
//!
//! Every sample needs to connect to a Temporal server, set up logging, run a worker until
//! Ctrl-C, and — in its tests — get hold of a real dev server. None of that teaches anything
//! about the sample's pattern, so it lives here, once:
//!
//! - [`ConnectArgs`]: `--address`, `--namespace`, TLS and API-key flags with the same names and
//!   `TEMPORAL_*` environment variables as the `temporal` CLI, plus `temporal.toml` profiles,
//!   loaded through the SDK's envconfig (flags over environment over profile).
//! - [`codec`]: install a payload codec into the data converter shared by a client and every
//!   worker built from it.
//! - [`init_tracing`] and [`run_worker`]: logging with `RUST_LOG`, and a worker that drains
//!   gracefully on Ctrl-C or SIGTERM.
//! - [`devserver`] and [`testing`]: a `temporal server start-dev` on free ports for tests and the
//!   demo runner, and small helpers for end-to-end tests.
//! - [`replay`]: recording workflow histories from tests and replaying them against current code
//!   (the determinism guard).
//!
//! This crate deliberately holds no workflow or activity code: a reader of one sample should
//! see the whole pattern in that sample.

#![warn(missing_docs)]

pub mod codec;
mod connect;
pub mod devserver;
pub mod replay;
pub mod testing;
mod worker;

pub use connect::{ClientSetup, ConnectArgs, Connected, DEFAULT_UI_URL};
pub use worker::{
    WORKER_READY_MARKER, exit_report, init_tracing, run_worker, run_worker_while,
    run_worker_while_on, run_workers, run_workers_on, run_workers_while, run_workers_while_on,
    wait_for_signal,
};
