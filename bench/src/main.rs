//! Benchmarks, run with `cargo xtask bench` (which builds this in release mode).
//!
//! 1. **Worker efficiency**: N greeting workflows (one activity each), C at a time, through one
//!    worker process — built on the samples' helper crate, on the bare SDK, and a Python SDK
//!    worker serving the same workflow and activity names (`bench/python_worker.py`) — reporting
//!    throughput, p50/p99 start-to-result latency, the worker's CPU time per workflow and its peak
//!    RSS, plus its CPU use while idle.
//!    The same workload at growing sizes (`--scale`, default 100, 1,000 and 10,000 workflows)
//!    shows how each worker's cost grows, and whether its memory stays flat (a bounded
//!    workflow cache); and each worker's start-up: process start to its ready line, and to the
//!    result of a workflow queued before it started. A TypeScript SDK worker
//!    (`bench/typescript_worker/`, `@temporalio/worker`) is the second peer. All three SDKs run on
//!    the same Rust core, so the ratios measure the language layer above it. All three gzip every
//!    gRPC message by default; the workers on the helper, Python and TypeScript run the rounds
//!    again with it off (`BENCH_WORKER_VARIANT=no-gzip`), so they also compare at equal settings.
//! 2. **Batch sliding window** (`--batch-records`, default 1,000 and 10,000): the sample's own
//!    workflows, in a worker process of their own: wall time, records/s, the worker's CPU and
//!    peak RSS, the largest single run's history, and every record exactly once (see
//!    `patterns.rs`).
//! 3. **Long-lived entity** (`--entity-updates`, default 10,000): updates to one reward account
//!    across continue-as-new, latency p50/p99 and worker RSS per thousand (`patterns.rs`).
//! 4. **Profile** (`--profile-workflows`): the Rust worker under `perf`, its samples per crate, and
//!    what its settings (pollers, cache, gzip, runtime threads) change (`profile.rs`).
//! 5. **Fan-out**: N activities that each wait D, run concurrently (`join_all`, the
//!    parallel_activity pattern) versus one after another.
//! 6. **Data pipeline**: the data_pipeline sample against its fixture server (30 posts, 100 ms per
//!    request), with bounded concurrency versus sequential fetching.
//!
//! A smaller run: `cargo xtask bench --rounds 1 --scale 100,1000 --batch-records 1000
//! --entity-updates 2000 --profile-workflows 300`; a larger one: `--batch-records
//! 1000,10000,100000` (100,000 records add 51 minutes on 2 cores: the dev server runs about 33
//! record workflows a second).
//!
//! The dev server this starts (without `TEMPORAL_ADDRESS`) keeps its store in a SQLite file in a
//! temporary directory, removed afterwards (`--server-store memory` for the dev server's default):
//! in memory, a batch of 100,000 records took all of this machine's memory.
//!
//! Figures are medians over rounds; comparisons are ratios measured in the same run. The report
//! replaces the part of `bench/RESULTS.md` between its `bench:start` and `bench:end` markers;
//! the build figures above them come from `bench/build-figures.sh`.

use std::{
    path::PathBuf,
    process::{ExitCode, Stdio},
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use samples_helper::{ConnectArgs, devserver::DevServer, testing::unique};
use temporalio_client::{Client, WorkflowGetResultOptions, WorkflowStartOptions};
use temporalio_macros::{activities, workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, Runtime, Worker, WorkerOptions, WorkflowContext, WorkflowResult,
    activities::{ActivityContext, ActivityError},
    runtime::PollerBehavior,
    workflows::join_all,
};
use tokio::io::{AsyncBufReadExt, BufReader};

mod patterns;
mod profile;

/// The benchmark's workflows' activities.
struct BenchActivities;

#[activities]
impl BenchActivities {
    #[activity(name = "bench_greet")]
    async fn greet(_ctx: ActivityContext, name: String) -> Result<String, ActivityError> {
        Ok(format!("Hello, {name}!"))
    }

    #[activity(name = "bench_wait")]
    async fn wait(_ctx: ActivityContext, millis: u64) -> Result<u64, ActivityError> {
        tokio::time::sleep(Duration::from_millis(millis)).await;
        Ok(millis)
    }
}

/// One activity: the unit of work for the throughput benchmark.
#[workflow]
#[derive(Default)]
struct BenchGreetingWorkflow;

#[workflow_methods]
impl BenchGreetingWorkflow {
    #[run(name = "BenchGreetingWorkflow")]
    async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        let options = ActivityOptions::start_to_close_timeout(Duration::from_secs(10));
        Ok(ctx
            .execute_activity(BenchActivities::greet, name, options)
            .await?)
    }
}

/// N activities of D ms, concurrently or one by one.
#[workflow]
#[derive(Default)]
struct BenchFanOutWorkflow;

#[workflow_methods]
impl BenchFanOutWorkflow {
    #[run(name = "BenchFanOutWorkflow")]
    async fn run(ctx: &mut WorkflowContext<Self>, input: (u32, u64, bool)) -> WorkflowResult<u32> {
        let (count, millis, parallel) = input;
        let options = ActivityOptions::start_to_close_timeout(Duration::from_secs(60));
        if parallel {
            let all = (0..count)
                .map(|_| ctx.execute_activity(BenchActivities::wait, millis, options.clone()));
            for r in join_all(all).await {
                r?;
            }
        } else {
            for _ in 0..count {
                ctx.execute_activity(BenchActivities::wait, millis, options.clone())
                    .await?;
            }
        }
        Ok(count)
    }
}

fn bench_worker_options(task_queue: &str) -> Result<WorkerOptions> {
    bench_worker_options_variant(task_queue, "default")
}

/// The worker's options with one of [`profile::VARIANTS`]' settings changed (`a+b`: both).
fn bench_worker_options_variant(task_queue: &str, variant: &str) -> Result<WorkerOptions> {
    let parts: Vec<&str> = variant.split('+').collect();
    if let Some(unknown) = parts.iter().find(|part| {
        ![
            "default",
            "pollers-2",
            "cache-100",
            "no-gzip",
            "multi-thread",
        ]
        .contains(part)
    }) {
        bail!("unknown worker variant `{unknown}`");
    }
    // `no-gzip` and `multi-thread` change the connection and the runtime, not these options.
    let mut options = WorkerOptions::new(task_queue)
        .register_workflow::<BenchGreetingWorkflow>()?
        .register_workflow::<BenchFanOutWorkflow>()?
        .register_activities(BenchActivities)
        .build();
    if parts.contains(&"pollers-2") {
        // Unset, the SDK uses 5 (and may enrol the worker in poller autoscaling).
        options.workflow_task_poller_behavior = Some(PollerBehavior::SimpleMaximum(2));
        options.activity_task_poller_behavior = Some(PollerBehavior::SimpleMaximum(2));
    }
    if parts.contains(&"cache-100") {
        options.max_cached_workflows = 100;
    }
    Ok(options)
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
enum Mode {
    /// Connect and run through the samples' helper crate, as every sample does.
    Helper,
    /// Connect and run with the SDK alone.
    Bare,
    /// The Python SDK, serving the same workflow and activity names.
    Python,
    /// The TypeScript SDK, serving the same workflow and activity names.
    TypeScript,
}

impl Mode {
    fn label(self) -> &'static str {
        match self {
            Mode::Helper => "Rust, samples_helper",
            Mode::Bare => "Rust, bare SDK",
            Mode::Python => "Python SDK",
            Mode::TypeScript => "TypeScript SDK",
        }
    }
}

/// The Python worker script, next to this crate's `Cargo.toml`.
const PYTHON_WORKER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/python_worker.py");

/// The TypeScript worker's folder (its `package.json`, `worker.js`, workflows and activities).
const TYPESCRIPT_WORKER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/typescript_worker");

#[derive(Parser)]
#[command(about = "Benchmarks for the Temporal Rust samples")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run all benchmarks against TEMPORAL_ADDRESS (or a dev server it starts).
    Run(Settings),
    /// (internal) A sample's own worker (batch_sliding_window, entity) for the pattern
    /// benchmarks.
    PatternWorker {
        /// Which sample.
        #[arg(long, value_enum)]
        pattern: patterns::Pattern,
        /// Server address.
        #[arg(long)]
        address: String,
        /// Task queue to poll.
        #[arg(long)]
        task_queue: String,
        /// The batch's record count.
        #[arg(long, default_value_t = 0)]
        records: u64,
    },
    /// (internal) A worker process for the throughput benchmark.
    Worker {
        /// How the worker is built.
        #[arg(long, value_enum)]
        mode: Mode,
        /// Server address.
        #[arg(long)]
        address: String,
        /// Task queue to poll.
        #[arg(long)]
        task_queue: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Each process on the runtime it stands for: a worker built through the helper (and the
    // samples' own workers) on the helper's runtime, as every sample runs, unless its variant
    // asks for the multi-threaded one; the bare SDK worker and this driver on the multi-threaded
    // runtime of the SDK's examples (`#[tokio::main]`).
    let multi_thread = || {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| anyhow::anyhow!("cannot start the async runtime: {e}"))
    };
    let runtime = match &cli.command {
        Command::Worker {
            mode: Mode::Helper, ..
        } if std::env::var("BENCH_WORKER_VARIANT")
            .is_ok_and(|v| v.split('+').any(|part| part == "multi-thread")) =>
        {
            multi_thread()
        }
        Command::Worker {
            mode: Mode::Helper, ..
        }
        | Command::PatternWorker { .. } => samples_helper::runtime(),
        Command::Worker { .. } | Command::Run(_) => multi_thread(),
    };
    samples_helper::exit_report(runtime.and_then(|runtime| runtime.block_on(app(cli))))
}

async fn app(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Worker {
            mode,
            address,
            task_queue,
        } => worker(mode, &address, &task_queue).await,
        Command::PatternWorker {
            pattern,
            address,
            task_queue,
            records,
        } => patterns::worker(pattern, &address, &task_queue, records).await,
        Command::Run(settings) => run(settings).await,
    }
}

async fn worker(mode: Mode, address: &str, task_queue: &str) -> Result<()> {
    match mode {
        Mode::Python => bail!("the Python worker is `{PYTHON_WORKER}`, not this binary"),
        Mode::TypeScript => {
            bail!("the TypeScript worker is in `{TYPESCRIPT_WORKER}`, not this binary")
        }
        Mode::Helper => {
            let variant =
                std::env::var("BENCH_WORKER_VARIANT").unwrap_or_else(|_| "default".to_owned());
            let client = if variant.split('+').any(|part| part == "no-gzip") {
                // The helper's connection with the SDK's default gzip turned off.
                let url = temporalio_client::Url::parse(&format!("http://{address}"))?;
                let options = temporalio_client::ConnectionOptions::new(url)
                    .grpc_compression(temporalio_client::GrpcCompression::None)
                    .build();
                let connection = temporalio_client::Connection::connect(options).await?;
                Client::new(
                    connection,
                    temporalio_client::ClientOptions::new("default").build(),
                )?
            } else {
                ConnectArgs::for_address(address).connect().await?.client
            };
            let options = bench_worker_options_variant(task_queue, &variant)?;
            samples_helper::Workers::new(&client, options).run().await
        }
        Mode::Bare => {
            // What the SDK's own examples do, and nothing more.
            let url = temporalio_client::Url::parse(&format!("http://{address}"))?;
            let connection = temporalio_client::Connection::connect(
                temporalio_client::ConnectionOptions::new(url).build(),
            )
            .await?;
            let client = Client::new(
                connection,
                temporalio_client::ClientOptions::new("default").build(),
            )?;
            let runtime = Runtime::from_current_tokio(Default::default())?;
            let mut worker = Worker::new(&runtime, client, bench_worker_options(task_queue)?)?;
            println!(
                "{}: bare worker on {task_queue}",
                samples_helper::WORKER_READY_MARKER
            );
            worker.run().await?;
            Ok(())
        }
    }
}

/// A worker process and how to read its resource use.
struct WorkerProcess {
    child: tokio::process::Child,
    pid: u32,
}

fn proc_stat(pid: u32) -> Result<(Duration, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .context("stat")?
        .1
        .split_whitespace()
        .collect();
    // utime and stime, in clock ticks (100 per second on Linux).
    let ticks: u64 = fields[11].parse::<u64>()? + fields[12].parse::<u64>()?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let peak_kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    Ok((Duration::from_millis(ticks * 10), peak_kib))
}

/// The process's resident memory now (`VmRSS`), in MiB.
fn proc_rss_mib(pid: u32) -> Result<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmRSS")?;
    Ok(kib as f64 / 1024.0)
}

async fn spawn_worker(
    mode: Mode,
    settings: &Settings,
    address: &str,
    task_queue: &str,
) -> Result<WorkerProcess> {
    spawn_worker_with(mode, settings, address, task_queue, &[]).await
}

/// [`spawn_worker`] with extra environment variables.
async fn spawn_worker_with(
    mode: Mode,
    settings: &Settings,
    address: &str,
    task_queue: &str,
    envs: &[(&str, &str)],
) -> Result<WorkerProcess> {
    let mut command = match mode {
        Mode::Python => {
            let mut c = tokio::process::Command::new(&settings.python);
            c.arg(PYTHON_WORKER);
            c
        }
        Mode::TypeScript => {
            let mut c = tokio::process::Command::new(&settings.node);
            c.arg(format!("{TYPESCRIPT_WORKER}/worker.js"));
            c
        }
        Mode::Helper | Mode::Bare => {
            let mut c = tokio::process::Command::new(std::env::current_exe()?);
            c.args(["worker", "--mode"]).arg(if mode == Mode::Helper {
                "helper"
            } else {
                "bare"
            });
            c
        }
    };
    command
        .args(["--address", address, "--task-queue", task_queue])
        .envs(envs.iter().copied());
    spawn_process(command, mode.label()).await
}

/// Starts a worker process and waits for its ready line.
async fn spawn_process(mut command: tokio::process::Command, label: &str) -> Result<WorkerProcess> {
    let mut child = command
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()?;
    let pid = child.id().context("worker pid")?;
    let mut lines = BufReader::new(child.stdout.take().context("stdout")?).lines();
    while let Some(line) = lines.next_line().await? {
        if line.contains(samples_helper::WORKER_READY_MARKER) {
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            return Ok(WorkerProcess { child, pid });
        }
    }
    bail!("the {label} worker exited before it was ready")
}

struct Throughput {
    /// The dev server's CPU over the round, in cores (1.0 = one core busy throughout), when the
    /// server runs on this machine.
    server_cores: Option<f64>,
    per_second: f64,
    p50: Duration,
    p99: Duration,
    cpu_per_workflow: Duration,
    peak_rss_mib: f64,
    idle_cpu_percent: f64,
}

/// One throughput round of `workflows` greeting workflows on a fresh worker process of `mode`,
/// with `BENCH_WORKER_VARIANT=variant` (`default`, or `no-gzip`, which every worker knows).
async fn throughput(
    client: &Client,
    address: &str,
    (mode, variant): (Mode, &str),
    settings: &Settings,
    workflows: usize,
) -> Result<Throughput> {
    let concurrency = settings.concurrency;
    let task_queue = unique("bench");
    let envs = [("BENCH_WORKER_VARIANT", variant)];
    let mut worker = spawn_worker_with(mode, settings, address, &task_queue, &envs).await?;
    // Idle: nothing to do for two seconds.
    let (idle_before, _) = proc_stat(worker.pid)?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (idle_after, _) = proc_stat(worker.pid)?;
    let idle_cpu_percent = (idle_after - idle_before).as_secs_f64() / 2.0 * 100.0;

    let server = ServerCpu::start(address);
    let (cpu_before, _) = proc_stat(worker.pid)?;
    let started = Instant::now();
    let mut latencies = drive_greetings(client, &task_queue, workflows, concurrency).await?;
    let elapsed = started.elapsed();
    let (cpu_after, peak_kib) = proc_stat(worker.pid)?;
    let server_cores = server.cores(elapsed);
    let _ = worker.child.kill().await;
    latencies.sort();
    let pick = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q).round() as usize];
    Ok(Throughput {
        server_cores,
        per_second: workflows as f64 / elapsed.as_secs_f64(),
        p50: pick(0.5),
        p99: pick(0.99),
        cpu_per_workflow: (cpu_after - cpu_before) / u32::try_from(workflows)?,
        peak_rss_mib: peak_kib as f64 / 1024.0,
        idle_cpu_percent,
    })
}

/// Runs `workflows` greeting workflows on `task_queue`, `concurrency` at a time; returns each
/// one's start-to-result latency.
async fn drive_greetings(
    client: &Client,
    task_queue: &str,
    workflows: usize,
    concurrency: usize,
) -> Result<Vec<Duration>> {
    let semaphore = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let runs = (0..workflows).map(|i| {
        let semaphore = semaphore.clone();
        async move {
            let _permit = semaphore.acquire().await?;
            let t0 = Instant::now();
            let options =
                WorkflowStartOptions::new(task_queue, format!("{task_queue}-{i}")).build();
            let handle = client
                .start_workflow(BenchGreetingWorkflow::run, format!("user{i}"), options)
                .await?;
            handle
                .get_result(WorkflowGetResultOptions::default())
                .await?;
            anyhow::Ok(t0.elapsed())
        }
    });
    futures::future::try_join_all(runs).await
}

/// The dev server's CPU time from a starting point, when it runs on this machine.
struct ServerCpu(Option<(u32, Duration)>);

impl ServerCpu {
    fn start(address: &str) -> Self {
        Self(server_pid(address).and_then(|pid| Some((pid, proc_stat(pid).ok()?.0))))
    }

    /// Its CPU since the start, in cores over `elapsed` (1.0 = one core busy throughout).
    fn cores(&self, elapsed: Duration) -> Option<f64> {
        let (pid, before) = self.0?;
        let after = proc_stat(pid).ok()?.0;
        Some((after - before).as_secs_f64() / elapsed.as_secs_f64())
    }
}

/// The process of the dev server listening at `address`, when it runs on this machine: the
/// `temporal server start-dev` whose command line names the address's port.
fn server_pid(address: &str) -> Option<u32> {
    let port = address.rsplit(':').next()?.trim_end_matches('/');
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
            let has = |word: &str| args.contains(&word.as_bytes());
            // Not the watchdog shell that the test helper starts the server under (`sh -c … temporal
            // server start-dev …`), whose command line names the same arguments.
            let shell = args.first().is_some_and(|a| a.ends_with(b"sh"));
            (!shell && has("start-dev") && has("--port") && has(port)).then_some(pid)
        })
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The median server CPU of some rounds, in cores, or "n/a" when the server is elsewhere.
fn server_cores(list: &[Throughput]) -> String {
    let known: Vec<f64> = list.iter().filter_map(|t| t.server_cores).collect();
    if known.is_empty() {
        "n/a".to_owned()
    } else {
        format!("{:.2}", median(known))
    }
}

/// What `bench run` was asked for.
#[derive(Args)]
struct Settings {
    /// Workflows per throughput round.
    #[arg(long, default_value_t = 300)]
    workflows: usize,
    /// Workflows in flight at once.
    #[arg(long, default_value_t = 20)]
    concurrency: usize,
    /// Rounds (figures are medians).
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Fan-out: activities per workflow.
    #[arg(long, default_value_t = 20)]
    fan_out: u32,
    /// Fan-out: how long each activity waits, in ms.
    #[arg(long, default_value_t = 200)]
    wait_ms: u64,
    /// Where to write the markdown results.
    #[arg(long, default_value = "bench/RESULTS.md")]
    output: PathBuf,
    /// Python interpreter with the Python SDK, for the Python worker.
    #[arg(long, env = "PYTHON", default_value = "python3")]
    python: String,
    /// Leave the Python worker out (it needs `pip install temporalio`).
    #[arg(long)]
    no_python: bool,
    /// Node.js, for the TypeScript worker.
    #[arg(long, env = "NODE", default_value = "node")]
    node: String,
    /// Leave the TypeScript worker out (it needs Node.js and npm).
    #[arg(long)]
    no_typescript: bool,
    /// Where the dev server this starts keeps its store (unused with TEMPORAL_ADDRESS).
    #[arg(long, value_enum, default_value_t = Store::Disk)]
    server_store: Store,
    /// Sizes for the scaling curve, in workflows (one round each, every worker; none: skip).
    #[arg(long, value_delimiter = ',', num_args = 0.., default_value = "100,1000,10000")]
    scale: Vec<usize>,
    /// Batch sliding window: record counts, one run each (none: skip).
    #[arg(long, value_delimiter = ',', num_args = 0.., default_value = "1000,10000")]
    batch_records: Vec<u64>,
    /// Batch sliding window: records one window run starts before it continues as new.
    #[arg(long, default_value_t = 200)]
    batch_page_size: u32,
    /// Batch sliding window: children in flight at once, over all windows.
    #[arg(long, default_value_t = 100)]
    batch_window: u32,
    /// Batch sliding window: windows in parallel.
    #[arg(long, default_value_t = 4)]
    batch_partitions: u32,
    /// Batch sliding window: the longest a record takes, in ms (each takes a tenth of it up to
    /// all of it).
    #[arg(long, default_value_t = 10)]
    batch_record_ms: u64,
    /// Long-lived entity: updates to one account (0: skip).
    #[arg(long, default_value_t = 10_000)]
    entity_updates: usize,
    /// Profile: greeting workflows per profiled round and per settings round (0: skip).
    #[arg(long, default_value_t = 500)]
    profile_workflows: usize,
}

impl Settings {
    /// The workers to compare, in the order their rounds alternate.
    fn modes(&self) -> Vec<Mode> {
        let mut modes = vec![Mode::Helper, Mode::Bare];
        if !self.no_python {
            modes.push(Mode::Python);
        }
        if !self.no_typescript {
            modes.push(Mode::TypeScript);
        }
        modes
    }
}

/// Where the benchmark's own dev server keeps its store.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
enum Store {
    /// A SQLite file in a temporary directory, written without waiting for the disk (WAL,
    /// `synchronous=off`): as fast as memory here, and a long batch cannot run the machine out
    /// of memory (100,000 records took 2.4 GB of disk; in memory the server stopped at 76,547
    /// records with 23.6 GB).
    Disk,
    /// The dev server's default: everything in memory, gone when it stops.
    Memory,
}

/// The server to benchmark against: `TEMPORAL_ADDRESS`, or a dev server of this run's own (kept
/// alive by the returned guard, its store removed afterwards), and how the report names it.
async fn bench_server(store: Store) -> Result<(String, Option<BenchServer>, String)> {
    if let Ok(address) = std::env::var("TEMPORAL_ADDRESS")
        && !address.is_empty()
    {
        let name = format!("the server at {address}");
        return Ok((address, None, name));
    }
    let dir = std::env::temp_dir().join(format!("bench-store-{}", std::process::id()));
    let server = match store {
        Store::Memory => DevServer::start().await?,
        Store::Disk => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
            let db = dir.join("temporal.db");
            let db = db
                .to_str()
                .context("the temporary directory's path is not UTF-8")?;
            DevServer::start_with(&[
                "--db-filename",
                db,
                "--sqlite-pragma",
                "journal_mode=wal",
                "--sqlite-pragma",
                "synchronous=off",
            ])
            .await?
        }
    };
    let address = server.address().to_owned();
    let what = match store {
        Store::Memory => "`temporal server start-dev` (store in memory)",
        Store::Disk => "`temporal server start-dev` (store: a SQLite file, WAL, `synchronous=off`)",
    };
    Ok((address, Some(BenchServer { server, dir }), what.to_owned()))
}

/// The benchmark's own dev server; dropping it stops the server and removes its store.
struct BenchServer {
    server: DevServer,
    dir: PathBuf,
}

impl Drop for BenchServer {
    fn drop(&mut self) {
        // Stopped here, before its store is removed (fields drop only after this returns).
        self.server.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Fails early, with the fix, when the Python worker cannot run.
async fn check_python(python: &str) -> Result<()> {
    let out = tokio::process::Command::new(python)
        .args(["-c", "import temporalio"])
        .output()
        .await
        .with_context(|| {
            format!("cannot run `{python}` for the Python worker (or pass --no-python)")
        })?;
    if !out.status.success() {
        bail!(
            "the Python worker needs the Python SDK: `{python} -m pip install temporalio` \
             (or pass --no-python):\n{}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// Fails early, with the fix, when the TypeScript worker cannot run; installs its packages
/// (`npm ci`, from the committed lock file) when they are missing.
async fn check_typescript(node: &str) -> Result<()> {
    let version = tokio::process::Command::new(node)
        .arg("--version")
        .output()
        .await
        .with_context(|| {
            format!(
                "cannot run `{node}` for the TypeScript worker: install Node.js 18 or later (or \
                 pass --no-typescript)"
            )
        })?;
    if !version.status.success() {
        bail!("`{node} --version` failed (or pass --no-typescript)");
    }
    if !std::path::Path::new(TYPESCRIPT_WORKER)
        .join("node_modules/@temporalio/worker")
        .is_dir()
    {
        println!("Installing the TypeScript worker's packages (npm ci in {TYPESCRIPT_WORKER})…");
        let status = tokio::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel", "error"])
            .current_dir(TYPESCRIPT_WORKER)
            .status()
            .await
            .context("cannot run npm for the TypeScript worker (or pass --no-typescript)")?;
        if !status.success() {
            bail!(
                "`npm ci` in {TYPESCRIPT_WORKER} failed ({status}); run it by hand, or pass \
                 --no-typescript"
            );
        }
    }
    Ok(())
}

/// How long a worker takes to start: from spawning its process to its ready line, and to the
/// result of a workflow that was waiting on its task queue before the process started.
struct Startup {
    ready: Duration,
    first_workflow: Duration,
}

async fn startup(
    client: &Client,
    address: &str,
    mode: Mode,
    settings: &Settings,
) -> Result<Startup> {
    let task_queue = unique("bench-start");
    let options = WorkflowStartOptions::new(&task_queue, format!("{task_queue}-first")).build();
    let handle = client
        .start_workflow(BenchGreetingWorkflow::run, "first".to_owned(), options)
        .await?;
    let spawned = Instant::now();
    let mut worker = spawn_worker(mode, settings, address, &task_queue).await?;
    let ready = spawned.elapsed();
    handle
        .get_result(WorkflowGetResultOptions::default())
        .await?;
    let first_workflow = spawned.elapsed();
    let _ = worker.child.kill().await;
    Ok(Startup {
        ready,
        first_workflow,
    })
}

/// Writes `report` between the `bench:start` and `bench:end` markers of `path` (the build
/// figures around them stay), or as the whole file when it has no markers.
fn write_report(path: &PathBuf, report: &str) -> Result<()> {
    const START: &str = "<!-- bench:start -->\n";
    const END: &str = "<!-- bench:end -->";
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let new = match (old.find(START), old.find(END)) {
        (Some(a), Some(b)) if a < b => format!("{}{START}{report}{}", &old[..a], &old[b..]),
        _ => report.to_owned(),
    };
    std::fs::write(path, new).with_context(|| format!("cannot write `{}`", path.display()))
}

async fn run(settings: Settings) -> Result<()> {
    let run_started = Instant::now();
    let Settings {
        workflows,
        concurrency,
        rounds,
        fan_out,
        wait_ms,
        ref output,
        ..
    } = settings;
    let modes = settings.modes();
    if modes.contains(&Mode::Python) {
        check_python(&settings.python).await?;
    }
    if modes.contains(&Mode::TypeScript) {
        check_typescript(&settings.node).await?;
    }
    let (address, _server, server_name) = bench_server(settings.server_store).await?;
    let client = ConnectArgs::for_address(address.clone())
        .connect()
        .await?
        .client;
    let mut report = String::new();
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let machine = format!(
        "{} CPU(s), {}",
        std::thread::available_parallelism().map_or(0, usize::from),
        std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|c| c.lines().find_map(|l| l
                .strip_prefix("model name")
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())))
            .unwrap_or_else(|| "unknown CPU".into())
    );
    report += &format!(
        "Machine: {machine}; server: {server_name}; {build} build; medians of {rounds} rounds.\n\n"
    );

    // 1. Throughput, every worker, rounds alternating so that drift affects all alike.
    println!(
        "1/6 worker efficiency: {workflows} workflows, {concurrency} at a time, {rounds} rounds per worker…"
    );
    // Each worker at its SDK's defaults, and the workers built on the helper, Python and
    // TypeScript again with gzip off: all three SDKs gzip every gRPC message by default and can
    // turn it off, the one setting they share.
    let no_gzip: Vec<Mode> = modes.iter().copied().filter(|m| *m != Mode::Bare).collect();
    let mut results: Vec<((Mode, &str), Vec<Throughput>)> = modes
        .iter()
        .map(|m| ((*m, "default"), vec![]))
        .chain(no_gzip.iter().map(|m| ((*m, "no-gzip"), vec![])))
        .collect();
    for _ in 0..rounds {
        for (worker, list) in &mut results {
            list.push(throughput(&client, &address, *worker, &settings, workflows).await?);
        }
    }
    let (results, results_no_gzip): (Vec<_>, Vec<_>) = results
        .into_iter()
        .partition(|((_, variant), _)| *variant == "default");
    let results: Vec<(Mode, Vec<Throughput>)> = results
        .into_iter()
        .map(|((m, _), list)| (m, list))
        .collect();
    report += &format!(
        "### Worker efficiency ({workflows} greeting workflows, one activity each, {concurrency} in flight)\n\n"
    );
    report += "| worker | workflows/s | p50 latency | p99 latency | worker CPU per workflow | peak RSS | idle CPU | server CPU |\n|---|---|---|---|---|---|---|---|\n";
    let mut cpu = Vec::new();
    let mut rss = Vec::new();
    for (mode, list) in &results {
        let m = |f: &dyn Fn(&Throughput) -> f64| median(list.iter().map(f).collect());
        let cpu_us = m(&|t| t.cpu_per_workflow.as_secs_f64() * 1e6);
        cpu.push((*mode, cpu_us));
        rss.push((*mode, m(&|t| t.peak_rss_mib)));
        report += &format!(
            "| {} | {:.0} | {:.1} ms | {:.1} ms | {:.0} µs | {:.1} MiB | {:.2} % | {} |\n",
            mode.label(),
            m(&|t| t.per_second),
            m(&|t| t.p50.as_secs_f64() * 1e3),
            m(&|t| t.p99.as_secs_f64() * 1e3),
            cpu_us,
            m(&|t| t.peak_rss_mib),
            m(&|t| t.idle_cpu_percent),
            server_cores(list),
        );
    }
    let of = |list: &[(Mode, f64)], mode: Mode| list.iter().find(|(m, _)| *m == mode).map(|x| x.1);
    let helper_cpu = of(&cpu, Mode::Helper).unwrap_or(f64::NAN);
    let helper_rss = of(&rss, Mode::Helper).unwrap_or(f64::NAN);
    report += "\nServer CPU is the dev server's, in cores, over the same rounds (it shares this machine's cores with the worker and the benchmark's client).\n";
    report += "The helper-built worker runs on the helper's single-threaded Tokio runtime, as every sample does (`samples_helper::runtime`); the bare SDK worker on the multi-threaded runtime of the SDK's examples. All four workers run on the same Rust core (`temporalio-sdk-core`), so the ratios between them measure the language layer above it.\n";
    report += &format!(
        "\nHelper / bare CPU per workflow: {:.2}×\n",
        helper_cpu / of(&cpu, Mode::Bare).unwrap_or(f64::NAN)
    );
    for peer in [Mode::Python, Mode::TypeScript] {
        if let (Some(peer_cpu), Some(peer_rss)) = (of(&cpu, peer), of(&rss, peer)) {
            report += &format!(
                "{} / Rust (helper): CPU per workflow {:.2}×, peak RSS {:.2}×\n",
                peer.label(),
                peer_cpu / helper_cpu,
                peer_rss / helper_rss
            );
        }
    }
    report += "\n#### The same setting on every worker: gzip off\n\n\
               | worker | workflows/s | worker CPU per workflow | peak RSS | server CPU |\n\
               |---|---|---|---|---|\n";
    let mut cpu_no_gzip = Vec::new();
    for ((mode, _), list) in &results_no_gzip {
        let m = |f: &dyn Fn(&Throughput) -> f64| median(list.iter().map(f).collect());
        let cpu_us = m(&|t| t.cpu_per_workflow.as_secs_f64() * 1e6);
        cpu_no_gzip.push((*mode, cpu_us));
        report += &format!(
            "| {} | {:.0} | {cpu_us:.0} µs | {:.1} MiB | {} |\n",
            mode.label(),
            m(&|t| t.per_second),
            m(&|t| t.peak_rss_mib),
            server_cores(list),
        );
    }
    let helper_cpu_no_gzip = of(&cpu_no_gzip, Mode::Helper).unwrap_or(f64::NAN);
    report += &format!(
        "\nRust (helper), gzip off / at its defaults: CPU per workflow {:.2}×\n",
        helper_cpu_no_gzip / helper_cpu
    );
    for peer in [Mode::Python, Mode::TypeScript] {
        if let Some(peer_cpu) = of(&cpu_no_gzip, peer) {
            report += &format!(
                "{} / Rust (helper), both with gzip off: CPU per workflow {:.2}×\n",
                peer.label(),
                peer_cpu / helper_cpu_no_gzip
            );
        }
    }
    report += "\n";

    // Start-up, every worker, rounds alternating.
    println!("   start-up: process start to ready, and to a queued workflow's result…");
    let mut starts: Vec<(Mode, Vec<Startup>)> = modes.iter().map(|m| (*m, vec![])).collect();
    for _ in 0..rounds {
        for (mode, list) in &mut starts {
            list.push(startup(&client, &address, *mode, &settings).await?);
        }
    }
    report += "### Worker start-up (process start to ready line, and to the result of a workflow queued before it started)\n\n| worker | to ready | to first workflow's result |\n|---|---|---|\n";
    let mut first = Vec::new();
    for (mode, list) in &starts {
        let m = |f: &dyn Fn(&Startup) -> f64| median(list.iter().map(f).collect());
        let to_first = m(&|s| s.first_workflow.as_secs_f64() * 1e3);
        first.push((*mode, to_first));
        report += &format!(
            "| {} | {:.0} ms | {:.0} ms |\n",
            mode.label(),
            m(&|s| s.ready.as_secs_f64() * 1e3),
            to_first
        );
    }
    let helper_first = of(&first, Mode::Helper).unwrap_or(f64::NAN);
    for peer in [Mode::Python, Mode::TypeScript] {
        if let Some(peer_first) = of(&first, peer) {
            report += &format!(
                "\n{} / Rust (helper) time to the first result: {:.1}×",
                peer.label(),
                peer_first / helper_first
            );
        }
    }
    report += "\n\n";

    // The scaling curve: one round per size, every worker in turn.
    if !settings.scale.is_empty() {
        println!(
            "   scaling: {} workflows, {concurrency} at a time, one round per worker and size…",
            settings
                .scale
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
        report += &format!(
            "### How cost grows ({concurrency} in flight, one round per size)\n\n| worker | workflows | workflows/s | p50 latency | p99 latency | CPU per workflow | peak RSS | server CPU |\n|---|---|---|---|---|---|---|---|\n"
        );
        let mut peaks: Vec<(Mode, usize, f64)> = Vec::new();
        let mut rows = Vec::new();
        for &size in &settings.scale {
            for &mode in &modes {
                let t = throughput(&client, &address, (mode, "default"), &settings, size).await?;
                println!(
                    "   {} × {size}: {:.0}/s, {:.0} µs CPU per workflow, {:.1} MiB",
                    mode.label(),
                    t.per_second,
                    t.cpu_per_workflow.as_secs_f64() * 1e6,
                    t.peak_rss_mib
                );
                peaks.push((mode, size, t.peak_rss_mib));
                rows.push((mode, size, t));
            }
        }
        rows.sort_by_key(|(mode, size, _)| (modes.iter().position(|m| m == mode), *size));
        for (mode, size, t) in &rows {
            report += &format!(
                "| {} | {size} | {:.0} | {:.1} ms | {:.1} ms | {:.0} µs | {:.1} MiB | {} |\n",
                mode.label(),
                t.per_second,
                t.p50.as_secs_f64() * 1e3,
                t.p99.as_secs_f64() * 1e3,
                t.cpu_per_workflow.as_secs_f64() * 1e6,
                t.peak_rss_mib,
                server_cores(std::slice::from_ref(t)),
            );
        }
        let (smallest, largest) = (
            settings.scale.iter().min().copied().unwrap_or(0),
            settings.scale.iter().max().copied().unwrap_or(0),
        );
        // Against the smallest size, and against 1,000 (the figure: a bounded workflow
        // cache keeps the peak within 20 % from 1,000 to 10,000).
        for base in [smallest, 1000] {
            if largest <= base || !settings.scale.contains(&base) {
                continue;
            }
            report += &format!("\nPeak RSS at {largest} workflows over peak RSS at {base}: ");
            let ratios: Vec<String> = modes
                .iter()
                .filter_map(|&mode| {
                    let at = |n: usize| {
                        peaks
                            .iter()
                            .find(|(m, s, _)| *m == mode && *s == n)
                            .map(|p| p.2)
                    };
                    Some(format!("{} {:.2}×", mode.label(), at(largest)? / at(base)?))
                })
                .collect();
            report += &ratios.join(", ");
            report += "\n";
        }
        report += "\n";
    }

    // 2. Batch sliding window and 3. the long-lived entity, with the samples' own workers.
    if !settings.batch_records.is_empty() {
        let shape = patterns::BatchShape {
            page_size: settings.batch_page_size,
            window: settings.batch_window,
            partitions: settings.batch_partitions,
            record_ms: settings.batch_record_ms,
        };
        let mut runs = Vec::new();
        for &records in &settings.batch_records {
            println!("2/6 batch sliding window: {records} records…");
            let run = patterns::batch(&client, &address, records, &shape).await?;
            println!(
                "    {:.1} s, exactly once: {}",
                run.wall.as_secs_f64(),
                run.exactly_once()
            );
            runs.push(run);
        }
        report += &patterns::batch_report(&shape, &runs);
        if runs.iter().any(|r| !r.exactly_once()) {
            eprintln!("{report}");
            bail!("a batch run did not process every record exactly once (see the table)");
        }
    }
    if settings.entity_updates > 0 {
        println!(
            "3/6 long-lived entity: {} updates to one account…",
            settings.entity_updates
        );
        let run = patterns::entity(&client, &address, settings.entity_updates).await?;
        report += &patterns::entity_report(&run);
        let expected = i64::try_from(settings.entity_updates)?;
        if run.points != expected {
            eprintln!("{report}");
            bail!(
                "the account holds {} points after {expected} updates of 1",
                run.points
            );
        }
    }
    if settings.profile_workflows > 0 {
        println!(
            "4/6 profile: {} workflows under perf, then each worker setting…",
            settings.profile_workflows
        );
        report +=
            &profile::profile(&client, &address, &settings, settings.profile_workflows).await?;
    }

    // 5. Fan-out, in-process worker.
    println!("5/6 fan-out: {fan_out} activities of {wait_ms} ms, parallel vs sequential…");
    let task_queue = unique("bench-fanout");
    let (parallel, sequential) =
        samples_helper::Workers::new(&client, bench_worker_options(&task_queue)?)
            .run_while(async {
                let mut times = (Vec::new(), Vec::new());
                for round in 0..rounds {
                    for parallel in [true, false] {
                        let t0 = Instant::now();
                        let id = format!("{task_queue}-{round}-{parallel}");
                        let options = WorkflowStartOptions::new(&task_queue, &id).build();
                        let handle = client
                            .start_workflow(
                                BenchFanOutWorkflow::run,
                                (fan_out, wait_ms, parallel),
                                options,
                            )
                            .await?;
                        handle
                            .get_result(WorkflowGetResultOptions::default())
                            .await?;
                        let secs = t0.elapsed().as_secs_f64();
                        if parallel {
                            times.0.push(secs)
                        } else {
                            times.1.push(secs)
                        }
                    }
                }
                anyhow::Ok((median(times.0), median(times.1)))
            })
            .await??;
    report += &format!(
        "### Fan-out ({fan_out} activities × {wait_ms} ms)\n\n| run | wall time |\n|---|---|\n"
    );
    report += &format!(
        "| concurrently (`join_all`) | {parallel:.2} s |\n| one by one | {sequential:.2} s |\n"
    );
    report += &format!("\nSpeed-up: {:.1}×\n\n", sequential / parallel);

    // 6. Data pipeline against the fixture server.
    println!("6/6 data pipeline: 30 posts at 100 ms per request, concurrency 10 vs 1…");
    let fixture = data_pipeline::support::fixture::start(
        "127.0.0.1:0".parse()?,
        data_pipeline::support::fixture::FixtureOptions {
            latency: Duration::from_millis(100),
            ..Default::default()
        },
    )
    .await?;
    let mut pipeline = Vec::new();
    for concurrency in [10usize, 1] {
        let mut times = Vec::new();
        for _ in 0..rounds {
            let task_queue = unique("bench-pipeline");
            let http = data_pipeline::http_client(Duration::from_secs(10))?;
            let activities =
                data_pipeline::CommunityActivities::new(http, &fixture.url(), concurrency);
            let secs = samples_helper::Workers::new(
                &client,
                data_pipeline::worker_options(&task_queue, activities)?,
            )
            .run_while(async {
                let t0 = Instant::now();
                let options =
                    WorkflowStartOptions::new(&task_queue, unique("bench-pipeline-run")).build();
                let handle = client
                    .start_workflow(data_pipeline::TemporalCommunityWorkflow::run, (), options)
                    .await?;
                handle
                    .get_result(WorkflowGetResultOptions::default())
                    .await?;
                anyhow::Ok(t0.elapsed().as_secs_f64())
            })
            .await??;
            times.push(secs);
        }
        pipeline.push(median(times));
    }
    report +=
        "### Data pipeline (30 posts, 100 ms per request)\n\n| fetching | wall time |\n|---|---|\n";
    report += &format!(
        "| 10 at a time (the sample) | {:.2} s |\n| one by one (the tutorial) | {:.2} s |\n",
        pipeline[0], pipeline[1]
    );
    report += &format!("\nSpeed-up: {:.1}×\n", pipeline[1] / pipeline[0]);
    report += &format!(
        "\nThe whole run took {:.1} minutes.\n",
        run_started.elapsed().as_secs_f64() / 60.0
    );

    println!("\n{report}");
    write_report(output, &report)?;
    println!("Written to {}", output.display());
    Ok(())
}
