//! Support for end-to-end tests against a real Temporal server.
//!
//! - [`test_client`] connects to `TEMPORAL_ADDRESS` when it is set; otherwise the first call
//!   starts a [`DevServer`] that every test of the binary shares and that stops when the test
//!   process exits. With neither a server nor the `temporal` CLI, it fails with install
//!   instructions: tests never pass by skipping.
//! - [`unique`] gives each test its own task queue and workflow ids, so tests run in parallel
//!   against one server without stealing each other's tasks.
//! - [`crate::Workers::run_while`] runs a worker in-process for the duration of a future.
//! - [`heap`] counts the heap of a test binary, for tests that a worker's memory is bounded.

use crate::{ClientSetup, ConnectArgs, Connected, devserver::DevServer};
use anyhow::{Result, anyhow};
use temporalio_client::{Client, NamespacedClient, WorkflowExecutionInfo};
use temporalio_common::data_converters::DataConverter;
pub use temporalio_protos::temporal::api::{
    enums::v1::EventType,
    history::v1::{HistoryEvent, history_event::Attributes},
};
use tokio::sync::OnceCell;

pub mod heap;

static SERVER_ADDRESS: OnceCell<String> = OnceCell::const_new();

/// The address of the server the tests use, starting a dev server on first use if needed.
pub async fn server_address() -> Result<String> {
    let address = SERVER_ADDRESS
        .get_or_try_init(|| async {
            if let Ok(address) = std::env::var("TEMPORAL_ADDRESS")
                && !address.is_empty()
            {
                return Ok::<_, anyhow::Error>(address);
            }
            let server = DevServer::start().await?;
            let address = server.address().to_owned();
            // Keep the server for the rest of the test process. Its watchdog stops it when the
            // process exits, since static values are never dropped.
            std::mem::forget(server);
            Ok(address)
        })
        .await?;
    Ok(address.clone())
}

/// A client for tests, connected to [`server_address`] with the default data converter.
pub async fn test_client() -> Result<Connected> {
    test_client_with(DataConverter::default()).await
}

/// A client for tests with a custom data converter (e.g. one with a codec).
pub async fn test_client_with(data_converter: DataConverter) -> Result<Connected> {
    ConnectArgs::for_address(server_address().await?)
        .connect_with(data_converter)
        .await
}

/// A client for tests with a full [`ClientSetup`] (metrics meter, plugins, converter).
pub async fn test_client_with_setup(setup: ClientSetup) -> Result<Connected> {
    ConnectArgs::for_address(server_address().await?)
        .connect_with_setup(setup)
        .await
}

pub use samples_process::unique;

/// Every event in the history of a workflow's latest run.
pub async fn history(client: &Client, workflow_id: &str) -> Result<Vec<HistoryEvent>> {
    history_of_run(client, workflow_id, None).await
}

/// Every event in the history of one run of a workflow (the latest when `run_id` is `None`).
pub async fn history_of_run(
    client: &Client,
    workflow_id: &str,
    run_id: Option<&str>,
) -> Result<Vec<HistoryEvent>> {
    let handle = WorkflowExecutionInfo::builder()
        .namespace(client.namespace())
        .workflow_id(workflow_id)
        .maybe_run_id(run_id.map(str::to_owned))
        .build()
        .bind_untyped(client.clone());
    handle
        .fetch_history(Default::default())
        .into_events()
        .await
        .map_err(|e| anyhow!("cannot fetch the history of `{workflow_id}`: {e}"))
}

/// The event types in the history of a workflow's latest run, in order.
pub async fn event_types(client: &Client, workflow_id: &str) -> Result<Vec<EventType>> {
    Ok(history(client, workflow_id)
        .await?
        .iter()
        .map(|e| EventType::try_from(e.event_type).unwrap_or(EventType::Unspecified))
        .collect())
}

/// For every activity scheduled, in the order they were scheduled: its type and the attempt
/// it was on when it last started (0 if it never started). Retries are not separate events: the
/// started event records the final attempt, and is written when the attempt ends.
pub async fn activity_attempts(client: &Client, workflow_id: &str) -> Result<Vec<(String, i32)>> {
    let mut scheduled: Vec<(i64, String, i32)> = Vec::new();
    for e in history(client, workflow_id).await? {
        match e.attributes {
            Some(Attributes::ActivityTaskScheduledEventAttributes(a)) => {
                scheduled.push((
                    e.event_id,
                    a.activity_type.map(|t| t.name).unwrap_or_default(),
                    0,
                ));
            }
            Some(Attributes::ActivityTaskStartedEventAttributes(a)) => {
                if let Some(entry) = scheduled
                    .iter_mut()
                    .find(|(id, ..)| *id == a.scheduled_event_id)
                {
                    entry.2 = a.attempt;
                }
            }
            _ => {}
        }
    }
    Ok(scheduled
        .into_iter()
        .map(|(_, name, attempt)| (name, attempt))
        .collect())
}

/// A Python worker a sample ships (its handler or workers written with the Python SDK), run for
/// a test. Dropping it kills the process.
pub struct PythonWorker {
    _child: tokio::process::Child,
}

/// Runs `python3 -u <script> <args…>` against the tests' server and waits for the line starting
/// with `Worker ready`. Needs Python 3 with the Temporal SDK; without it, fails saying how to
/// install it (never skips).
pub async fn start_python_worker(script: &std::path::Path, args: &[&str]) -> Result<PythonWorker> {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let sdk = tokio::process::Command::new("python3")
        .args(["-c", "import temporalio"])
        .output()
        .await
        .map_err(|e| {
            anyhow!("cannot run `python3` ({e}): install Python 3, then `python3 -m pip install temporalio`")
        })?;
    if !sdk.status.success() {
        return Err(anyhow!(
            "the Python SDK is missing (`import temporalio` failed): install it with \
             `python3 -m pip install temporalio`"
        ));
    }
    let mut child = tokio::process::Command::new("python3")
        .arg("-u")
        .arg(script)
        .args(args)
        .env("TEMPORAL_ADDRESS", server_address().await?)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| anyhow!("cannot start `{}`: {e}", script.display()))?;
    let stdout = child.stdout.take().ok_or_else(|| anyhow!("no stdout"))?;
    let mut lines = BufReader::new(stdout).lines();
    let ready = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await? {
            if line.starts_with("Worker ready") {
                return Ok(());
            }
        }
        Err(anyhow!("`{}` exited before it was ready", script.display()))
    })
    .await
    .map_err(|_| anyhow!("`{}` was not ready within 30 s", script.display()))?;
    ready?;
    // Keep reading its output, so that a full pipe never blocks it.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok(PythonWorker { _child: child })
}
