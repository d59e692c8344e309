//! How cost grows for the patterns users pick for scale, each run with the sample's own
//! workflows in a worker process of its own (so its CPU and memory are measured alone):
//!
//! - **Batch sliding window** (`batch_sliding_window`): N records, each a child workflow, a few
//!   windows in parallel, each continuing as new after a page. Wall time, records per second,
//!   the worker's peak RSS and CPU, the largest single run's history (events and bytes, from
//!   visibility) — continue-as-new must keep it bounded whatever N is — and that every record was
//!   processed exactly once: the batch's total is N and visibility holds exactly N completed
//!   record workflows on the run's task queue (ids are per record, so a record processed twice
//!   would be a second execution).
//! - **Long-lived entity** (`entity`): N `add_points` updates, one after another, to one
//!   `CustomerRewardAccount` that continues as new when its history passes the sample's default
//!   threshold. Update latency p50/p99 per thousand updates, the worker's RSS after each
//!   thousand, the runs so far, and that the balance is N at the end (no update lost).

use std::{
    collections::BTreeSet,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use futures::StreamExt;
use samples_helper::{ConnectArgs, Workers, testing::unique};
use temporalio_client::Client;

use crate::{WorkerProcess, median, proc_rss_mib, proc_stat, spawn_process};

/// The sample workers this module runs (`bench pattern-worker`).
#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq, Debug)]
pub(crate) enum Pattern {
    /// batch_sliding_window's worker with a record loader of `--records` records.
    Batch,
    /// entity's worker.
    Entity,
}

/// The worker process body: the sample's own worker options, run by the helper.
pub(crate) async fn worker(
    pattern: Pattern,
    address: &str,
    task_queue: &str,
    records: u64,
) -> Result<()> {
    let connected = ConnectArgs::for_address(address).connect().await?;
    let options = match pattern {
        Pattern::Batch => batch_sliding_window::worker_options(
            task_queue,
            batch_sliding_window::RecordLoader {
                record_count: records,
            },
        )?,
        Pattern::Entity => {
            entity::worker_options(task_queue, entity::activities::RewardActivities::default())?
        }
    };
    Workers::new(&connected.client, options).run().await
}

async fn spawn(
    pattern: Pattern,
    address: &str,
    task_queue: &str,
    records: u64,
) -> Result<WorkerProcess> {
    let mut command = tokio::process::Command::new(std::env::current_exe()?);
    command
        .arg("pattern-worker")
        .arg("--pattern")
        .arg(match pattern {
            Pattern::Batch => "batch",
            Pattern::Entity => "entity",
        })
        .args(["--address", address, "--task-queue", task_queue])
        .args(["--records", &records.to_string()]);
    spawn_process(command, &format!("{pattern:?} worker")).await
}

/// Options of the batch benchmark.
#[derive(Clone, Debug)]
pub(crate) struct BatchShape {
    pub(crate) page_size: u32,
    pub(crate) window: u32,
    pub(crate) partitions: u32,
    pub(crate) record_ms: u64,
}

/// One batch run.
pub(crate) struct BatchRun {
    pub(crate) records: u64,
    pub(crate) wall: Duration,
    pub(crate) worker_cpu: Duration,
    pub(crate) peak_rss_mib: f64,
    pub(crate) server_cores: Option<f64>,
    /// Runs of the window workflows (continue-as-new included).
    pub(crate) window_runs: usize,
    pub(crate) max_events: i64,
    pub(crate) max_bytes: i64,
    /// The batch's total (records counted by the windows).
    pub(crate) total: u64,
    /// Record workflows that completed, and all record workflows, on the run's task queue.
    pub(crate) completed: usize,
    pub(crate) executions: usize,
}

impl BatchRun {
    pub(crate) fn exactly_once(&self) -> bool {
        let n = usize::try_from(self.records).unwrap_or(usize::MAX);
        self.total == self.records && self.completed == n && self.executions == n
    }
}

pub(crate) async fn batch(
    client: &Client,
    address: &str,
    records: u64,
    shape: &BatchShape,
) -> Result<BatchRun> {
    let task_queue = unique("bench-batch");
    let mut worker = spawn(Pattern::Batch, address, &task_queue, records).await?;
    let server = crate::ServerCpu::start(address);
    let (cpu_before, _) = proc_stat(worker.pid)?;
    let started = Instant::now();
    let workflow_id = unique("bench-batch");
    let input = batch_sliding_window::ProcessBatchWorkflowInput {
        page_size: shape.page_size,
        sliding_window_size: shape.window,
        partitions: shape.partitions,
        max_processing_ms: Some(shape.record_ms),
    };
    batch_sliding_window::client::start(client, &task_queue, &workflow_id, input).await?;
    let total = batch_sliding_window::client::result(client, &workflow_id).await?;
    let wall = started.elapsed();
    let (cpu_after, peak_kib) = proc_stat(worker.pid)?;
    let server_cores = server.cores(wall);
    let _ = worker.child.kill().await;

    // Every window run's history, from visibility (runs that continued as new are closed).
    let windows = format!("TaskQueue = '{task_queue}' AND WorkflowType = 'SlidingWindowWorkflow'");
    let (mut window_runs, mut max_events, mut max_bytes) = (0, 0, 0);
    let expected_runs = settled_count(client, &windows, None).await?;
    let mut listed = client.list_workflows(windows.clone(), Default::default());
    while let Some(run) = listed.next().await {
        let run = run.context("cannot list the window runs")?;
        window_runs += 1;
        max_events = max_events.max(run.history_length());
        max_bytes = max_bytes.max(run.raw().history_size_bytes);
    }
    anyhow::ensure!(
        window_runs == expected_runs,
        "listed {window_runs} window runs, counted {expected_runs}"
    );
    let records_query =
        format!("TaskQueue = '{task_queue}' AND WorkflowType = 'RecordProcessorWorkflow'");
    let n = usize::try_from(records)?;
    let executions = settled_count(client, &records_query, Some(n)).await?;
    let completed = settled_count(
        client,
        &format!("{records_query} AND ExecutionStatus = 'Completed'"),
        Some(n),
    )
    .await?;
    Ok(BatchRun {
        records,
        wall,
        worker_cpu: cpu_after - cpu_before,
        peak_rss_mib: peak_kib as f64 / 1024.0,
        server_cores,
        window_runs,
        max_events,
        max_bytes,
        total,
        completed,
        executions,
    })
}

/// What visibility counts for `query` once it has caught up: `expected` as soon as it counts
/// that, else the count once it has not moved for 3 s (at most 60 s).
async fn settled_count(client: &Client, query: &str, expected: Option<usize>) -> Result<usize> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let (mut last, mut since) = (usize::MAX, Instant::now());
    loop {
        let n = client
            .count_workflows(query.to_owned(), Default::default())
            .await
            .with_context(|| format!("cannot count `{query}`"))?
            .count();
        if Some(n) == expected || (n == last && since.elapsed() > Duration::from_secs(3)) {
            return Ok(n);
        }
        if n != last {
            (last, since) = (n, Instant::now());
        }
        if Instant::now() > deadline {
            return Ok(n);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// One thousand (or the last, shorter, slice) of entity updates.
pub(crate) struct EntitySlice {
    pub(crate) updates: usize,
    pub(crate) p50: Duration,
    pub(crate) p99: Duration,
    pub(crate) rss_mib: f64,
    pub(crate) runs: usize,
}

pub(crate) struct EntityRun {
    pub(crate) slices: Vec<EntitySlice>,
    pub(crate) wall: Duration,
    pub(crate) worker_cpu: Duration,
    pub(crate) peak_rss_mib: f64,
    pub(crate) points: i64,
    pub(crate) runs: usize,
    pub(crate) max_events: i64,
}

pub(crate) async fn entity(client: &Client, address: &str, updates: usize) -> Result<EntityRun> {
    let task_queue = unique("bench-entity");
    let mut worker = spawn(Pattern::Entity, address, &task_queue, 0).await?;
    let user_id = unique("bench-user");
    entity::client::open(
        client,
        &task_queue,
        entity::CustomerRewardAccountInput::new(&user_id),
    )
    .await?;
    let (cpu_before, _) = proc_stat(worker.pid)?;
    let started = Instant::now();
    let mut run_ids = BTreeSet::new();
    run_ids.insert(entity::client::current_run_id(client, &user_id).await?);
    let mut slices = Vec::new();
    let mut latencies = Vec::with_capacity(1000);
    let mut points = 0;
    for i in 1..=updates {
        let t0 = Instant::now();
        points = entity::client::add_points(client, &user_id, 1)
            .await?
            .points;
        latencies.push(t0.elapsed().as_secs_f64());
        if i % 1000 == 0 || i == updates {
            run_ids.insert(entity::client::current_run_id(client, &user_id).await?);
            let mut sorted = std::mem::take(&mut latencies);
            sorted.sort_by(f64::total_cmp);
            let pick = |q: f64| {
                Duration::from_secs_f64(sorted[((sorted.len() as f64 - 1.0) * q).round() as usize])
            };
            slices.push(EntitySlice {
                updates: i,
                p50: pick(0.5),
                p99: pick(0.99),
                rss_mib: proc_rss_mib(worker.pid)?,
                runs: run_ids.len(),
            });
        }
    }
    let wall = started.elapsed();
    let (cpu_after, peak_kib) = proc_stat(worker.pid)?;
    let status = entity::client::status(client, &user_id).await?;
    anyhow::ensure!(
        status.points == points,
        "the query says {} points, the last update {points}",
        status.points
    );
    let _ = worker.child.kill().await;
    // Every run's history length, from visibility.
    let query = format!("WorkflowId = '{}'", entity::workflow_id(&user_id));
    let mut max_events = 0;
    let mut listed = client.list_workflows(query, Default::default());
    while let Some(run) = listed.next().await {
        max_events = max_events.max(
            run.context("cannot list the account's runs")?
                .history_length(),
        );
    }
    if slices.is_empty() {
        bail!("no updates were sent");
    }
    Ok(EntityRun {
        wall,
        worker_cpu: cpu_after - cpu_before,
        peak_rss_mib: peak_kib as f64 / 1024.0,
        points: status.points,
        runs: run_ids.len(),
        max_events,
        slices,
    })
}

/// The batch section of the report.
pub(crate) fn batch_report(shape: &BatchShape, runs: &[BatchRun]) -> String {
    let mut out = format!(
        "### Batch sliding window (the sample's workflows: {} windows, {} children in flight, \
         {} records per run before continue-as-new, records of 1–{} ms)\n\n",
        shape.partitions, shape.window, shape.page_size, shape.record_ms
    );
    out += "| records | wall time | records/s | worker CPU per record | worker peak RSS | server CPU | window runs | largest run's history | every record exactly once |\n|---|---|---|---|---|---|---|---|---|\n";
    for r in runs {
        out += &format!(
            "| {} | {:.1} s | {:.0} | {:.0} µs | {:.1} MiB | {} | {} | {} events, {:.1} KiB | {} |\n",
            r.records,
            r.wall.as_secs_f64(),
            r.records as f64 / r.wall.as_secs_f64(),
            r.worker_cpu.as_secs_f64() * 1e6 / r.records as f64,
            r.peak_rss_mib,
            r.server_cores.map_or("—".to_owned(), |c| format!("{c:.2}")),
            r.window_runs,
            r.max_events,
            r.max_bytes as f64 / 1024.0,
            if r.exactly_once() {
                format!(
                    "yes (total {}, {} completed record workflows)",
                    r.total, r.completed
                )
            } else {
                format!(
                    "**no**: total {}, {} completed of {} record workflows",
                    r.total, r.completed, r.executions
                )
            }
        );
    }
    if let (Some(small), Some(large)) = (runs.first(), runs.last())
        && large.records > small.records
    {
        out += &format!(
            "\n{}× the records: {:.2}× the wall time, {:.2}× the worker's peak RSS, {:.2}× the largest run's history.\n",
            large.records / small.records.max(1),
            large.wall.as_secs_f64() / small.wall.as_secs_f64(),
            large.peak_rss_mib / small.peak_rss_mib,
            large.max_events as f64 / small.max_events.max(1) as f64,
        );
    }
    out + "\n"
}

/// The entity section of the report.
pub(crate) fn entity_report(run: &EntityRun) -> String {
    let total = run.slices.last().map_or(0, |s| s.updates);
    let mut out = format!(
        "### Long-lived entity ({total} `add_points` updates, one at a time, to one account; \
         continue-as-new past {} history events)\n\n",
        entity::DEFAULT_HISTORY_THRESHOLD
    );
    out += "| updates | p50 latency | p99 latency | worker RSS | runs so far |\n|---|---|---|---|---|\n";
    for s in &run.slices {
        out += &format!(
            "| {} | {:.1} ms | {:.1} ms | {:.1} MiB | {} |\n",
            s.updates,
            s.p50.as_secs_f64() * 1e3,
            s.p99.as_secs_f64() * 1e3,
            s.rss_mib,
            s.runs
        );
    }
    let p50s: Vec<f64> = run.slices.iter().map(|s| s.p50.as_secs_f64()).collect();
    out += &format!(
        "\n{total} updates in {:.1} s ({:.0}/s), worker CPU {:.0} µs per update, peak RSS {:.1} MiB; \
         {} runs, the longest {} events; balance {} (every update counted). \
         p50 of the slowest thousand over the median thousand: {:.2}×.\n\n",
        run.wall.as_secs_f64(),
        total as f64 / run.wall.as_secs_f64(),
        run.worker_cpu.as_secs_f64() * 1e6 / total.max(1) as f64,
        run.peak_rss_mib,
        run.runs,
        run.max_events,
        run.points,
        p50s.iter().copied().fold(0.0, f64::max) / median(p50s.clone()),
    );
    out
}
