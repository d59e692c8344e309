//! # Mutual TLS
//!
//! Temporal Cloud and most self-hosted clusters require *mutual* TLS: the server proves who it is
//! with a certificate the client checks against a CA, and the client proves who it is with its own
//! certificate, which the server checks against its CA. The client needs four things: its
//! certificate and private key, the CA that signed the server's certificate, and (when the address
//! is not the name on the certificate) the server name to verify.
//!
//! The lesson is in [`client`]: [`client::tls_options`] builds the SDK's `TlsOptions` from those
//! four (certificate, key, CA, server name) and [`client::connect`] dials with them, explaining
//! which side refused when it fails. In production the same four usually come from the
//! environment instead — the shared `--tls-*` flags, `TEMPORAL_TLS_*` variables or a
//! `temporal.toml` profile, read through the SDK's envconfig — and `main.rs` shows that route
//! too when `--certs` is not given. The workflow and activity are `hello_activity`'s, unchanged
//! (as in Python, where they are hello activity's greeting): TLS is the connection's business
//! only.
//!
//! To try it locally, this sample adds a script that makes a throwaway CA and certificates
//! (`gen-certs.sh`, next to this crate's `Cargo.toml`) and a real TLS front — nginx, terminating
//! TLS, **requiring a client certificate** and proxying gRPC to a dev server ([`TlsFront`],
//! support code).
//!
//! Read on: [`client`].
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p mtls gen-certs --out samples/mtls/certs
//! cargo run -p mtls tls-front --certs samples/mtls/certs --listen 127.0.0.1:7443
//! cargo run -p mtls worker --certs samples/mtls/certs --address 127.0.0.1:7443
//! cargo run -p mtls starter --certs samples/mtls/certs --address 127.0.0.1:7443
//! ```

pub mod client;
pub mod support;

use std::path::Path;

use hello_activity::ActivityKind;
use temporalio_sdk::WorkerOptions;

pub use client::MtlsFiles;
pub use hello_activity::GreetingWorkflow;
pub use support::front::TlsFront;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "hello-mtls-task-queue";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "hello-mtls-workflow-id";
/// The certificate script, embedded so `gen-certs` works from any directory.
pub const GEN_CERTS_SCRIPT: &str = include_str!("../gen-certs.sh");

/// Runs `gen-certs.sh` into `dir`.
pub fn generate_certs(dir: &Path) -> anyhow::Result<()> {
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(GEN_CERTS_SCRIPT)
        .arg("gen-certs.sh")
        .arg(dir)
        .status()
        .map_err(|e| anyhow::anyhow!("cannot run sh: {e}"))?;
    anyhow::ensure!(
        status.success(),
        "gen-certs.sh failed ({status}); is openssl installed?"
    );
    Ok(())
}

/// Worker options: `hello_activity`'s greeting workflow and its `async fn` activity.
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    hello_activity::worker_options(task_queue, ActivityKind::Async)
}
