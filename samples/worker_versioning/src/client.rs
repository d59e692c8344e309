//! The client half: wait for a version's workers to appear and make it current (what a deploy
//! pipeline does), start and signal the two workflows, read which version each ran on.
//! `main.rs` and the tests call these same functions.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use temporalio_client::{
    Client, NamespacedClient, WorkflowDescribeOptions, WorkflowGetResultOptions,
    WorkflowSignalOptions, WorkflowStartOptions, grpc::WorkflowService,
};
use temporalio_protos::temporal::api::{
    enums::v1::{RoutingConfigUpdateState, VersioningBehavior},
    workflowservice::v1::{
        DescribeWorkerDeploymentRequest, SetWorkerDeploymentCurrentVersionRequest,
    },
};

use crate::workflows::{AutoUpgradingV1, PinnedV1};

/// Whether a call failed because the server was unreachable or slow for a moment (restarting,
/// say) rather than because of what was asked: such a call can simply be made again.
fn transient(status: &tonic::Status) -> bool {
    matches!(
        status.code(),
        tonic::Code::Unavailable | tonic::Code::DeadlineExceeded
    ) || [
        "Timeout expired",
        "transport error",
        "h2 protocol error",
        "connection reset",
    ]
    .iter()
    .any(|m| status.message().contains(m))
}

// ANCHOR: lesson
/// Waits until workers of `build_id` have polled (the version appears in the deployment), then
/// makes it the deployment's current version: new workflows start there, auto-upgrading ones
/// move there.
pub async fn make_current_when_ready(
    client: &Client,
    deployment_name: &str,
    build_id: &str,
    within: Duration,
) -> Result<()> {
    let deadline = Instant::now() + within;
    loop {
        let request = DescribeWorkerDeploymentRequest {
            namespace: client.namespace(),
            deployment_name: deployment_name.to_owned(),
        };
        let found = match WorkflowService::describe_worker_deployment(
            &mut client.clone(),
            tonic::Request::new(request),
        )
        .await
        {
            Ok(response) => response
                .into_inner()
                .worker_deployment_info
                .is_some_and(|info| {
                    info.version_summaries.iter().any(|v| {
                        v.deployment_version
                            .as_ref()
                            .is_some_and(|dv| dv.build_id == build_id)
                    })
                }),
            // The deployment does not exist until its first worker polls.
            Err(status) if status.code() == tonic::Code::NotFound => false,
            Err(status) if transient(&status) && Instant::now() < deadline => false,
            Err(status) => bail!(
                "cannot describe deployment `{deployment_name}`: {}",
                status.message()
            ),
        };
        if found {
            break;
        }
        if Instant::now() > deadline {
            bail!(
                "no worker of {deployment_name} {build_id} appeared within {within:?}: start one with \
                 `cargo run -p worker_versioning worker --build-id {build_id}`"
            );
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // A version is listed once one of its workers polls; the server refuses to make it current
    // until it polls every task queue the current version has. Retry until it does.
    loop {
        let request = SetWorkerDeploymentCurrentVersionRequest {
            namespace: client.namespace(),
            deployment_name: deployment_name.to_owned(),
            build_id: build_id.to_owned(),
            ..Default::default()
        };
        match WorkflowService::set_worker_deployment_current_version(
            &mut client.clone(),
            tonic::Request::new(request),
        )
        .await
        {
            Ok(_) => break,
            Err(status)
                if status.message().contains("missing active task queues")
                    && Instant::now() < deadline =>
            {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            // The server runs the change as a workflow of its own; while the server restarts,
            // the call can be cut off or time out. Making the same version current again is
            // harmless: ask again.
            Err(status) if transient(&status) && Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(status) => bail!("cannot make {build_id} current: {}", status.message()),
        }
    }
    // The new routing reaches the task queues asynchronously; until it has, tasks still go to
    // the previous version. Wait for the server to report it complete.
    loop {
        let request = DescribeWorkerDeploymentRequest {
            namespace: client.namespace(),
            deployment_name: deployment_name.to_owned(),
        };
        let state = match WorkflowService::describe_worker_deployment(
            &mut client.clone(),
            tonic::Request::new(request),
        )
        .await
        {
            Ok(response) => response
                .into_inner()
                .worker_deployment_info
                .map(|info| info.routing_config_update_state)
                .unwrap_or_default(),
            Err(status) if transient(&status) && Instant::now() < deadline => {
                RoutingConfigUpdateState::InProgress as i32
            }
            Err(status) => bail!(
                "cannot describe deployment `{deployment_name}`: {}",
                status.message()
            ),
        };
        if state != RoutingConfigUpdateState::InProgress as i32 {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the routing to {deployment_name} {build_id} did not complete within {within:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Starts `AutoUpgrading` (the client names the type, never a version).
pub async fn start_auto_upgrading(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
) -> Result<()> {
    client
        .start_workflow(
            AutoUpgradingV1::run,
            (),
            WorkflowStartOptions::new(task_queue, workflow_id).build(),
        )
        .await
        .with_context(|| format!("cannot start `{workflow_id}`"))?;
    Ok(())
}

/// Starts `Pinned`.
pub async fn start_pinned(client: &Client, task_queue: &str, workflow_id: &str) -> Result<()> {
    client
        .start_workflow(
            PinnedV1::run,
            (),
            WorkflowStartOptions::new(task_queue, workflow_id).build(),
        )
        .await
        .with_context(|| format!("cannot start `{workflow_id}`"))?;
    Ok(())
}

/// Signal `do_next_signal` (same name and shape on both workflow types).
pub async fn signal(client: &Client, workflow_id: &str, signal: &str) -> Result<()> {
    client
        .get_workflow_handle::<AutoUpgradingV1>(workflow_id)
        .signal(
            AutoUpgradingV1::do_next_signal,
            signal.to_owned(),
            WorkflowSignalOptions::default(),
        )
        .await
        .with_context(|| format!("cannot signal `{workflow_id}`"))
}

/// Waits for the workflow to finish.
pub async fn wait(client: &Client, workflow_id: &str) -> Result<()> {
    Ok(client
        .get_workflow_handle::<AutoUpgradingV1>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await?)
}

/// The version a workflow's last task ran on, and its versioning behavior, as the server
/// records them (what the Web UI shows).
pub async fn version_of(client: &Client, workflow_id: &str) -> Result<(String, &'static str)> {
    let description = client
        .get_workflow_handle::<AutoUpgradingV1>(workflow_id)
        .describe(WorkflowDescribeOptions::default())
        .await?;
    // No versioning info yet: no workflow task has completed on a versioned worker.
    let Some(info) = description
        .raw()
        .workflow_execution_info
        .as_ref()
        .and_then(|i| i.versioning_info.as_ref())
    else {
        return Ok((String::new(), "unversioned"));
    };
    let build_id = info
        .deployment_version
        .as_ref()
        .map(|v| v.build_id.clone())
        .unwrap_or_default();
    let behavior = match VersioningBehavior::try_from(info.behavior) {
        Ok(VersioningBehavior::Pinned) => "pinned",
        Ok(VersioningBehavior::AutoUpgrade) => "auto-upgrade",
        _ => "unversioned",
    };
    Ok((build_id, behavior))
}

/// Polls until `condition` holds for the workflow's version (workflow tasks run asynchronously).
pub async fn wait_for_version(client: &Client, workflow_id: &str, build_id: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (current, _) = version_of(client, workflow_id).await?;
        if current == build_id {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("{workflow_id} is on {current:?}, not {build_id}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The executions the walkthrough drives.
#[derive(Debug, Clone)]
pub struct Executions {
    /// The auto-upgrading workflow started on 1.0.
    pub auto_upgrading: String,
    /// The pinned workflow started on 1.0.
    pub pinned: String,
    /// The pinned workflow started on 2.0.
    pub pinned_2: String,
}

impl Executions {
    /// Fresh ids, with the Python sample's prefixes.
    pub fn new() -> Self {
        let id = |prefix: &str| format!("{prefix}_{}", uuid::Uuid::new_v4());
        Self {
            auto_upgrading: id("worker-versioning-versioning-autoupgrade"),
            pinned: id("worker-versioning-versioning-pinned"),
            pinned_2: id("worker-versioning-versioning-pinned-2"),
        }
    }
}

impl Default for Executions {
    fn default() -> Self {
        Self::new()
    }
}

/// Where the walkthrough runs: the deployment and its two task queues.
#[derive(Debug, Clone)]
pub struct Setup {
    /// Deployment name.
    pub deployment_name: String,
    /// Task queue of `AutoUpgrading`.
    pub task_queue: String,
    /// Task queue of `Pinned`.
    pub pinned_task_queue: String,
    /// How long to wait for a version's workers to appear.
    pub wait_for_workers: Duration,
}

/// One line of the walkthrough's report: after a step, each execution's version and behavior.
pub type Report = Vec<(String, Vec<(String, String, &'static str)>)>;

async fn snapshot(client: &Client, step: &str, ids: &[&str], report: &mut Report) -> Result<()> {
    let mut line = Vec::new();
    for id in ids {
        let (build_id, behavior) = version_of(client, id).await?;
        line.push(((*id).to_owned(), build_id, behavior));
    }
    report.push((step.to_owned(), line));
    Ok(())
}

/// Three "do-activity" signals to the auto-upgrading workflow, three others to the pinned one.
async fn advance(client: &Client, e: &Executions) -> Result<()> {
    for _ in 0..3 {
        signal(client, &e.auto_upgrading, "do-activity").await?;
        signal(client, &e.pinned, "some-signal").await?;
    }
    Ok(())
}

/// Step 1: make 1.0 current, start both workflows, drive them.
pub async fn step_1(client: &Client, s: &Setup, e: &Executions, report: &mut Report) -> Result<()> {
    make_current_when_ready(client, &s.deployment_name, "1.0", s.wait_for_workers).await?;
    start_auto_upgrading(client, &s.task_queue, &e.auto_upgrading).await?;
    start_pinned(client, &s.pinned_task_queue, &e.pinned).await?;
    advance(client, e).await?;
    wait_for_version(client, &e.auto_upgrading, "1.0").await?;
    wait_for_version(client, &e.pinned, "1.0").await?;
    snapshot(
        client,
        "1.0 current",
        &[&e.auto_upgrading, &e.pinned],
        report,
    )
    .await
}

/// Step 2: make 1.1 current and drive them again: the auto-upgrading one moves, the pinned one
/// stays.
pub async fn step_2(client: &Client, s: &Setup, e: &Executions, report: &mut Report) -> Result<()> {
    make_current_when_ready(client, &s.deployment_name, "1.1", s.wait_for_workers).await?;
    advance(client, e).await?;
    wait_for_version(client, &e.auto_upgrading, "1.1").await?;
    snapshot(
        client,
        "1.1 current",
        &[&e.auto_upgrading, &e.pinned],
        report,
    )
    .await
}

/// Step 3: make 2.0 current, start a second pinned workflow (it starts on 2.0), and conclude
/// all three.
pub async fn step_3(client: &Client, s: &Setup, e: &Executions, report: &mut Report) -> Result<()> {
    make_current_when_ready(client, &s.deployment_name, "2.0", s.wait_for_workers).await?;
    start_pinned(client, &s.pinned_task_queue, &e.pinned_2).await?;
    for id in [&e.auto_upgrading, &e.pinned, &e.pinned_2] {
        signal(client, id, "conclude").await?;
        wait(client, id).await?;
    }
    snapshot(
        client,
        "2.0 current, all concluded",
        &[&e.auto_upgrading, &e.pinned, &e.pinned_2],
        report,
    )
    .await
}

/// The three steps with in-process workers: each version's workers start before its step and
/// keep running to the end (a pinned workflow needs its version's workers until it finishes).
pub async fn walkthrough_in_process(client: &Client, s: &Setup, e: &Executions) -> Result<Report> {
    let mut report = Report::new();
    let report_ref = &mut report;
    with_version(client, s, "1.0", async move {
        step_1(client, s, e, report_ref).await?;
        with_version(client, s, "1.1", async move {
            step_2(client, s, e, report_ref).await?;
            with_version(client, s, "2.0", step_3(client, s, e, report_ref)).await?
        })
        .await?
    })
    .await??;
    Ok(report)
}

/// Runs `body` while both workers of `build_id` run.
async fn with_version<F: std::future::Future>(
    client: &Client,
    s: &Setup,
    build_id: &str,
    body: F,
) -> Result<F::Output> {
    let [auto, pinned] = crate::worker_options(
        &s.deployment_name,
        build_id,
        &s.task_queue,
        &s.pinned_task_queue,
    )?;
    // Boxed: six nested worker futures are too large for a thread's stack in a debug build.
    Box::pin(
        samples_helper::Workers::new(client, auto).run_while(Box::pin(
            samples_helper::Workers::new(client, pinned).run_while(Box::pin(body)),
        )),
    )
    .await?
}
// ANCHOR_END: lesson
