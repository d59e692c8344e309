//! Logging and the worker lifecycle: one way to run workers, [`Workers`].

use std::future::Future;

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

/// One or more workers built from one client, run until Ctrl-C ([`Workers::run`]) or while a
/// future runs ([`Workers::run_while`]), and always drained gracefully.
///
/// ```no_run
/// # async fn demo(client: &temporalio_client::Client, options: temporalio_sdk::WorkerOptions)
/// # -> anyhow::Result<()> {
/// samples_helper::Workers::new(client, options).run().await
/// # }
/// ```
///
/// Draining means the workers stop polling for new tasks and wait for the tasks they already
/// hold to finish, so an activity in flight completes and reports its result instead of being
/// retried elsewhere after a timeout.
///
/// On Linux with glibc, the first workers of a process also tell the allocator to keep freed
/// memory for reuse instead of returning it to the kernel at once: the SDK's gzip allocates
/// about 300 KB per message, and a worker otherwise spends about 15 % of its CPU faulting those
/// pages in again (`src/allocator.rs` has the details and the memory it costs).
#[must_use = "workers do nothing until `run` or `run_while` is awaited"]
pub struct Workers<'a> {
    client: &'a Client,
    options: Vec<WorkerOptions>,
    runtime: Option<&'a Runtime>,
}

impl<'a> Workers<'a> {
    /// One worker with `options`.
    pub fn new(client: &'a Client, options: WorkerOptions) -> Self {
        Self::all(client, [options])
    }

    /// A worker for each of `options` (e.g. one per task queue), in one process.
    pub fn all(client: &'a Client, options: impl IntoIterator<Item = WorkerOptions>) -> Self {
        Self {
            client,
            options: options.into_iter().collect(),
            runtime: None,
        }
    }

    /// Runs on a runtime the caller configured (e.g. with a metrics exporter) instead of a
    /// default one on the current Tokio runtime.
    pub fn on(mut self, runtime: &'a Runtime) -> Self {
        self.runtime = Some(runtime);
        self
    }

    /// Runs the workers until Ctrl-C or SIGTERM, then drains them. A second signal abandons
    /// the drain.
    pub async fn run(self) -> Result<()> {
        // The runtime (when it is this call's own) lives as long as the workers.
        let (_runtime, mut workers) = self.build()?;
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

    /// Runs the workers only while `body` runs, then drains them and returns `body`'s output:
    /// for a program that needs a worker for one task (a walkthrough, a test).
    ///
    /// Fails if a worker stops on its own before `body` completes.
    pub async fn run_while<F: Future>(self, body: F) -> Result<F::Output> {
        let (_runtime, mut workers) = self.build()?;
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
}

impl Workers<'_> {
    /// The workers, and the runtime they run on when it is a default one of this call's own.
    fn build(self) -> Result<(Option<Runtime>, Vec<Worker>)> {
        crate::allocator::keep_freed_memory_for_reuse();
        let owned = match self.runtime {
            Some(_) => None,
            None => Some(
                Runtime::from_current_tokio(Default::default())
                    .map_err(|e| anyhow!("cannot create the SDK runtime: {e}"))?,
            ),
        };
        let Some(runtime) = self.runtime.or(owned.as_ref()) else {
            anyhow::bail!("no runtime to run the workers on");
        };
        let workers = self
            .options
            .into_iter()
            .map(|o| {
                Worker::new(runtime, self.client.clone(), o)
                    .map_err(|e| anyhow!("cannot create the worker: {e}"))
            })
            .collect::<Result<_>>()?;
        Ok((owned, workers))
    }
}
