//! Logging and the worker lifecycle.

use anyhow::{Result, anyhow};
use temporalio_client::Client;
use temporalio_sdk::{Runtime, Worker, WorkerOptions};
use tracing_subscriber::EnvFilter;

use samples_process::{WORKER_READY_MARKER, wait_for_signal};

/// Installs a `tracing` subscriber that honours `RUST_LOG`.
///
/// The default shows the samples' own `info` logs and only warnings from the SDK, whose
/// internals are chatty at `info`. Calling it twice is harmless.
pub fn init_tracing() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new("info,temporalio_sdk_core=warn,temporalio_sdk=warn,temporalio_client=warn")
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .try_init();
}

/// Builds a worker from `client` and `options` and runs it until Ctrl-C or SIGTERM, then shuts
/// it down gracefully.
///
/// On a signal the worker stops polling for new tasks and waits for the tasks it already holds
/// to finish (the SDK's graceful drain), so an activity in flight completes and reports its
/// result instead of being retried elsewhere after a timeout.
pub async fn run_worker(client: &Client, options: WorkerOptions) -> Result<()> {
    run_workers(client, vec![options]).await
}

/// Like [`run_worker`], for several workers (e.g. one per task queue) in one process.
pub async fn run_workers(client: &Client, options: Vec<WorkerOptions>) -> Result<()> {
    let runtime = Runtime::from_current_tokio(Default::default())
        .map_err(|e| anyhow!("cannot create the SDK runtime: {e}"))?;
    run_workers_on(&runtime, client, options).await
}

/// Like [`run_workers`], on a runtime the caller configured (e.g. with a metrics exporter).
pub async fn run_workers_on(
    runtime: &Runtime,
    client: &Client,
    options: Vec<WorkerOptions>,
) -> Result<()> {
    let mut workers = options
        .into_iter()
        .map(|o| {
            Worker::new(runtime, client.clone(), o)
                .map_err(|e| anyhow!("cannot create the worker: {e}"))
        })
        .collect::<Result<Vec<_>>>()?;
    let shutdowns: Vec<_> = workers.iter().map(Worker::shutdown_handle).collect();
    for worker in &workers {
        println!(
            "{WORKER_READY_MARKER}: polling task queue `{}`. Press Ctrl-C to stop.",
            worker.task_queue()
        );
    }
    let signal = async {
        match wait_for_signal().await {
            Ok(name) => {
                println!(
                    "{name} received: draining the worker (in-flight tasks finish first; press Ctrl-C again to abort)…"
                );
                shutdowns.iter().for_each(|shutdown| shutdown());
                // A second signal abandons the drain.
                let _ = wait_for_signal().await;
            }
            Err(e) => {
                tracing::warn!("cannot listen for shutdown signals: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    let run_all = futures::future::join_all(workers.iter_mut().map(Worker::run));
    tokio::select! {
        results = run_all => {
            for res in results {
                res.map_err(|e| anyhow!("the worker stopped with an error: {e}"))?;
            }
        }
        () = signal => anyhow::bail!("worker aborted before its in-flight tasks finished"),
    }
    println!("Worker stopped.");
    Ok(())
}

/// Runs a worker with `options` only while `body` runs, then drains it: for a program that
/// needs a worker for one task (a walkthrough, a test) rather than until Ctrl-C.
///
/// Fails if the worker stops on its own before `body` completes.
pub async fn run_worker_while<F: std::future::Future>(
    client: &Client,
    options: WorkerOptions,
    body: F,
) -> Result<F::Output> {
    let runtime = Runtime::from_current_tokio(Default::default())
        .map_err(|e| anyhow!("cannot create the SDK runtime: {e}"))?;
    run_worker_while_on(&runtime, client, options, body).await
}

/// Like [`run_worker_while`], on a runtime the caller configured.
pub async fn run_worker_while_on<F: std::future::Future>(
    runtime: &Runtime,
    client: &Client,
    options: WorkerOptions,
    body: F,
) -> Result<F::Output> {
    run_workers_while_on(runtime, client, vec![options], body).await
}

/// Like [`run_worker_while`], for several workers (e.g. one per task queue).
pub async fn run_workers_while<F: std::future::Future>(
    client: &Client,
    options: Vec<WorkerOptions>,
    body: F,
) -> Result<F::Output> {
    let runtime = Runtime::from_current_tokio(Default::default())
        .map_err(|e| anyhow!("cannot create the SDK runtime: {e}"))?;
    run_workers_while_on(&runtime, client, options, body).await
}

/// Like [`run_workers_while`], on a runtime the caller configured.
pub async fn run_workers_while_on<F: std::future::Future>(
    runtime: &Runtime,
    client: &Client,
    options: Vec<WorkerOptions>,
    body: F,
) -> Result<F::Output> {
    let mut workers = options
        .into_iter()
        .map(|o| {
            Worker::new(runtime, client.clone(), o)
                .map_err(|e| anyhow!("cannot create the worker: {e}"))
        })
        .collect::<Result<Vec<_>>>()?;
    let shutdowns: Vec<_> = workers.iter().map(Worker::shutdown_handle).collect();
    let mut run = std::pin::pin!(futures::future::join_all(
        workers.iter_mut().map(Worker::run)
    ));
    let mut body = std::pin::pin!(body);
    let output = tokio::select! {
        res = &mut run => anyhow::bail!("the worker stopped before its task finished: {res:?}"),
        out = &mut body => out,
    };
    shutdowns.iter().for_each(|shutdown| shutdown());
    for res in run.await {
        res.map_err(|e| anyhow!("the worker failed while shutting down: {e}"))?;
    }
    Ok(output)
}
