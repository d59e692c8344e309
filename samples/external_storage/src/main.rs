//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p external_storage worker
//! cargo run -p external_storage starter [--order-count 2000]
//! cargo run -p external_storage codec-server        # for the Web UI
//! ```
//!
//! All three take `--store <directory or s3://bucket>` (default: a directory under the system's
//! temporary directory) and `--store-option key=value` for S3 settings; they must share a store.

use std::{net::SocketAddr, process::ExitCode};

use anyhow::{Context, Result};
use clap::Subcommand;
use external_storage::{
    DEFAULT_THRESHOLD, ORDER_COUNT, OrderBatchRequest, Store, TASK_QUEUE,
    activities::MAX_ORDERS,
    client,
    support::{report, store},
};
use samples_helper::{ConnectArgs, Workers};

#[derive(clap::Args)]
struct Flags {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(flatten)]
    store: StoreArgs,
}

#[derive(clap::Args)]
#[command(next_help_heading = "Payload store")]
struct StoreArgs {
    /// Where large payloads go: a directory, or `s3://<bucket>` [default: a directory under the
    /// system's temporary directory]
    #[arg(long, env = "EXTERNAL_STORAGE", global = true)]
    store: Option<String>,
    /// An S3 setting, `key=value`, with object_store's names (`aws_endpoint`,
    /// `aws_access_key_id`, `aws_secret_access_key`, `aws_region`, …); repeatable. `AWS_*`
    /// environment variables are read too.
    #[arg(long = "store-option", value_parser = parse_option, global = true)]
    options: Vec<(String, String)>,
    /// Payloads at least this many bytes after compression go to the store.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD, global = true)]
    threshold: usize,
}

fn parse_option(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| {
            format!("`{text}` is not key=value (e.g. aws_endpoint=http://localhost:5000)")
        })
}

#[derive(Subcommand)]
enum Command {
    /// Run a worker for the workflow and its activities.
    Worker,
    /// Start a batch, print its summary and what its history holds.
    Starter {
        /// Orders in the batch (about 3 KB each).
        #[arg(long, default_value_t = ORDER_COUNT, allow_negative_numbers = true)]
        order_count: i64,
        /// The batch id [default: BATCH-<local time>, as the Python starter names it].
        #[arg(long)]
        batch_id: Option<String>,
        /// Workflow id [default: external-storage-<local time>].
        #[arg(long)]
        workflow_id: Option<String>,
    },
    /// Serve /encode, /decode and /download for the Web UI and the CLI.
    CodecServer {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8081")]
        listen: SocketAddr,
        /// Origins allowed to call from a browser (repeatable).
        #[arg(long = "allow-origin", default_values = ["http://localhost:8233", "http://127.0.0.1:8233"])]
        allowed_origins: Vec<String>,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal external storage sample: large payloads by claim check",
        app,
    )
}

async fn app(flags: Flags, command: Command) -> Result<()> {
    // Check what was asked before connecting to anything: a bad request starts nothing.
    if let Command::Starter { order_count, .. } = &command {
        anyhow::ensure!(
            (1..=MAX_ORDERS).contains(order_count),
            "--order-count must be between 1 and {MAX_ORDERS} (got {order_count})"
        );
    }
    let location = flags
        .store
        .store
        .clone()
        .unwrap_or_else(|| external_storage::default_store_dir().display().to_string());
    let store: Store = store::open(&location, &flags.store.options)?;
    store.probe().await?;
    let (_, namespace) = flags.connect.resolve()?;
    let codec = external_storage::ClaimCheckCodec::new(store, &namespace, flags.store.threshold);
    let converter = external_storage::data_converter(codec.clone());
    match command {
        Command::Worker => {
            println!(
                "Payloads of {} bytes or more go to {location}",
                flags.store.threshold
            );
            let connected = flags.connect.connect_with(converter).await?;
            Workers::new(
                &connected.client,
                external_storage::worker_options(TASK_QUEUE)?,
            )
            .run()
            .await
        }
        Command::Starter {
            order_count,
            batch_id,
            workflow_id,
        } => {
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
            let workflow_id = workflow_id.unwrap_or_else(|| format!("external-storage-{stamp}"));
            let request = OrderBatchRequest {
                batch_id: batch_id.unwrap_or_else(|| format!("BATCH-{stamp}")),
                order_count,
            };
            println!(
                "Starting workflow {workflow_id} (batch_id={}, order_count={})",
                request.batch_id, request.order_count
            );
            let connected = flags.connect.connect_with(converter).await?;
            let c = &connected.client;
            let handle = client::start(c, TASK_QUEUE, &workflow_id, request).await?;
            connected.print_started(&workflow_id, handle.run_id().unwrap_or_default());
            let summary = client::result(&handle)
                .await
                .map_err(|e| anyhow::anyhow!(samples_helper::failure::describe(&e)))?;
            report::print_summary(&summary);
            report::print_history(&client::stored_history(c, &codec, &workflow_id).await?);
            Ok(())
        }
        Command::CodecServer {
            listen,
            allowed_origins,
        } => {
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            println!("Codec server on http://{listen}, resolving references from {location}");
            println!("Use it: temporal workflow show -w <id> --codec-endpoint http://{listen}");
            axum::serve(
                listener,
                external_storage::server::router(codec, allowed_origins),
            )
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
            Ok(())
        }
    }
}
