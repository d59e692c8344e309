//! The workspace's task runner. Run with:
//!
//! ```text
//! cargo xtask demo [SAMPLE...]   # run samples end to end (all of them by default)
//! cargo xtask test [ARGS...]     # run every test of the workspace against a real dev server
//! cargo xtask readme             # regenerate the sample index and layout figures in README.md
//! cargo xtask bench [ARGS...]    # benchmarks (release build); results in bench/RESULTS.md
//! cargo xtask interop [SAMPLE...] # Python clients vs Rust workers, Rust starters vs Python workers
//! cargo xtask book [--browser]   # build the book into target/book and check its links
//! ```
//!
//! `demo`, `interop` and `test` reuse the server at `TEMPORAL_ADDRESS` when it is set, and
//! otherwise start a `temporal server start-dev` on free ports and stop it when they finish (or are
//! interrupted). Samples declare how the demo runs them in their own `demo.toml`, beside their
//! manifest; nothing here lists samples by hand.

mod bad_input;
mod book;
mod chaos;
mod layout;
mod samples;
mod transcript;

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::{ExitCode, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use samples::{Sample, Step};
use samples_process::{WORKER_READY_MARKER, devserver::DevServer};
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
    sync::mpsc,
};

#[derive(Parser)]
#[command(about = "Task runner for the Temporal Rust samples workspace")]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Run samples end to end: worker, then the declared steps, then a summary table.
    Demo {
        /// Samples to run (default: all).
        samples: Vec<String>,
        /// Write each sample's `transcript.txt` from this run instead of checking against it.
        #[arg(long)]
        record: bool,
        #[command(flatten)]
        build: BuildFlags,
    },
    /// Run each sample's demo while its worker is SIGKILLed at random moments and restarted,
    /// and its dev server (on a persistent database) is SIGKILLed and restarted once; the
    /// steps' output must equal the fault-free transcript. Writes a results table.
    Chaos {
        /// Samples to run (default: all).
        samples: Vec<String>,
        /// Seed for the fault moments (default: from the clock; printed, to replay a run).
        #[arg(long)]
        seed: Option<u64>,
        /// Faults per sample: worker kills, one of them a server restart.
        #[arg(long, default_value_t = 3)]
        faults: u32,
        /// Kill only the worker, never the server.
        #[arg(long)]
        no_server: bool,
        /// Where to write the results table (default: bench/CHAOS.md for a run of every sample,
        /// nowhere for a subset).
        #[arg(long)]
        results: Option<PathBuf>,
        /// Replace these samples' rows in the results file (default bench/CHAOS.md), which must
        /// come from a run with the same seed; the file then says which rows were run again.
        #[arg(long)]
        merge: bool,
        #[command(flatten)]
        build: BuildFlags,
    },
    /// Run every test in the workspace against one shared dev server.
    Test {
        /// Extra arguments for `cargo test` (e.g. `--locked`, or `-p money_transfer`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Both directions, per sample: a Python SDK client against the Rust worker
    /// (`interop/python_client.py`), then the Rust starter against a Python SDK worker written as
    /// the Python sample's worker is (`interop/python_worker.py`).
    Interop {
        /// Samples to check (default: all; those without a Python counterpart are reported).
        samples: Vec<String>,
        #[command(flatten)]
        build: BuildFlags,
    },
    /// Run every sample's table of invalid command lines (`[[bad_input]]` in its `demo.toml`)
    /// against a fresh dev server: each must exit non-zero with one `error:` line saying what
    /// was wrong, and the server must hold no workflow and no schedule afterwards.
    BadInput {
        /// Samples to check (default: all).
        samples: Vec<String>,
        #[command(flatten)]
        build: BuildFlags,
    },
    /// Regenerate the sample index and the layout figures in the root README from the
    /// workspace members.
    Readme,
    /// Build the book (`book/`, mdBook) into `target/book/`, then check every link and anchor
    /// in it; `--browser` also opens pages in headless Chromium and checks what they show.
    Book {
        /// Open the index and two chapters in headless Chromium and check that the included code
        /// and a transcript are visible.
        #[arg(long)]
        browser: bool,
    },
    /// The book's mdBook preprocessor (mdBook runs it; see xtask/src/book.rs).
    #[command(hide = true)]
    BookPreprocess {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Build the benchmarks in release mode and run them (see bench/src/main.rs).
    Bench {
        /// A smoke run of the harness instead: the debug build (with `--reuse-test-build`, the
        /// tests' own), every section at a tiny size, the report in a temporary file. No figure
        /// from it means anything; it keeps the harness from rotting (CI runs it).
        #[arg(long)]
        smoke: bool,
        #[command(flatten)]
        build: BuildFlags,
        /// Arguments for `bench run` (e.g. `--workflows 500 --rounds 5`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

/// How `demo` and `interop` build the samples.
#[derive(clap::Args, Clone, Copy)]
struct BuildFlags {
    /// Build with `--locked` (CI does).
    #[arg(long)]
    locked: bool,
    /// Build what `cargo xtask test` builds (`--workspace --lib --bins --tests`), so that the build
    /// resolves the same features (the samples' dev-dependencies turn on test-only features of
    /// the SDK and the helper). Right after `cargo xtask test` nothing is compiled again; without
    /// it, the SDK and every sample are compiled a second time with the other feature set. CI
    /// does.
    #[arg(long)]
    reuse_test_build: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => return samples_process::exit_report(Err(e.into())),
    };
    runtime.block_on(async {
        let task = async {
            match cli.command {
                Task::Demo {
                    samples,
                    record,
                    build,
                } => summarize(&run_samples(&samples, build, Mode::Demo { record }).await?),
                Task::Interop { samples, build } => interop(&samples, build).await,
                Task::BadInput { samples, build } => bad_input(&samples, build).await,
                Task::Chaos {
                    samples,
                    seed,
                    faults,
                    no_server,
                    results,
                    merge,
                    build,
                } => {
                    let options = ChaosOptions {
                        seed,
                        faults,
                        server: !no_server,
                        results,
                        merge,
                    };
                    run_chaos(&samples, build, options).await
                }
                Task::Test { args } => test(&args).await,
                Task::Readme => samples::write_readme_index(&workspace_root()),
                Task::Book { browser } => build_book(browser).await,
                Task::BookPreprocess { args } => book::preprocess(&workspace_root(), &args),
                Task::Bench {
                    smoke: true,
                    build,
                    args,
                } => bench_smoke(build, &args).await,
                Task::Bench { args, .. } => bench(&args).await,
            }
        };
        // On Ctrl-C or SIGTERM the task future is dropped: every child was spawned with
        // `kill_on_drop` and the dev server stops when its handle drops, so nothing is orphaned.
        tokio::select! {
            res = task => samples_process::exit_report(res),
            name = interrupted() => {
                eprintln!("{name}: stopped; workers and the dev server are shut down.");
                ExitCode::from(130)
            }
        }
    })
}

async fn interrupted() -> &'static str {
    match samples_process::wait_for_signal().await {
        Ok(name) => name,
        // No signal handling at all: never report an interruption.
        Err(_) => std::future::pending().await,
    }
}

pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The server to use: `TEMPORAL_ADDRESS` if set, else a fresh dev server kept alive by the
/// returned handle.
async fn server() -> Result<(String, Option<DevServer>)> {
    if let Ok(address) = std::env::var("TEMPORAL_ADDRESS")
        && !address.is_empty()
    {
        println!("Using the Temporal server at {address} (TEMPORAL_ADDRESS)");
        return Ok((address, None));
    }
    print!("Starting a Temporal dev server… ");
    let server = DevServer::start().await?;
    println!("ready at {}", server.address());
    Ok((server.address().to_owned(), Some(server)))
}

async fn test(args: &[String]) -> Result<()> {
    let started = Instant::now();
    let (address, _server) = server().await?;
    // Every connection a test (or a sample binary a test runs) makes is logged with its package
    // name: afterwards, a sample whose tests never reached the server is a failure.
    let log = std::env::temp_dir().join(format!("samples-connections-{}", std::process::id()));
    let _ = std::fs::remove_file(&log);
    let status = cargo()
        .current_dir(workspace_root())
        .args(["test", "--workspace", "--no-fail-fast"])
        .args(args)
        .env("TEMPORAL_ADDRESS", &address)
        .env(samples_helper_connections_env(), &log)
        .kill_on_drop(true)
        .status()
        .await
        .context("cannot run cargo test")?;
    let secs = started.elapsed().as_secs_f64();
    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    let _ = std::fs::remove_file(&log);
    if !status.success() {
        bail!("xtask test: tests failed ({status}) after {secs:.0} s");
    }
    // Only for a run of the whole workspace (`-p x` runs part of it).
    if !args.iter().any(|a| a == "-p" || a.starts_with("--package")) {
        let mut connections: BTreeMap<&str, usize> = BTreeMap::new();
        for package in logged.lines() {
            *connections.entry(package).or_default() += 1;
        }
        let samples = samples::discover(&workspace_root())?;
        let silent: Vec<&str> = samples
            .iter()
            .map(|s| s.name.as_str())
            .filter(|name| !connections.contains_key(name))
            .collect();
        if !silent.is_empty() {
            bail!(
                "xtask test: the tests passed, but these samples' tests never connected to the \
                 server (a sample needs an end-to-end test): {}",
                silent.join(", ")
            );
        }
        let total: usize = samples.iter().map(|s| connections[s.name.as_str()]).sum();
        println!(
            "xtask test: every one of the {} samples' tests connected to the server \
             ({total} connections; fewest: {})",
            samples.len(),
            samples
                .iter()
                .map(|s| (connections[s.name.as_str()], s.name.as_str()))
                .min()
                .map(|(n, name)| format!("{name}, {n}"))
                .unwrap_or_default()
        );
    }
    println!("xtask test: all tests passed against {address} in {secs:.0} s");
    Ok(())
}

/// The helper's connection-log variable (`samples_helper::connect::CONNECTIONS_LOG_ENV`; xtask
/// does not depend on the helper, so the name is repeated here and checked by a test).
fn samples_helper_connections_env() -> &'static str {
    "SAMPLES_CONNECTIONS_LOG"
}

async fn bench(args: &[String]) -> Result<()> {
    let root = workspace_root();
    println!("Building the benchmarks (release)…");
    let status = cargo()
        .current_dir(&root)
        .args(["build", "--release", "--quiet", "-p", "bench"])
        .kill_on_drop(true)
        .status()
        .await
        .context("cannot run cargo build")?;
    if !status.success() {
        bail!("the benchmark build failed ({status})");
    }
    let mut run = Command::new(target_dir(&root).join("release").join("bench"));
    run.arg("run").args(args);
    run_bench(run).await
}

/// Runs a `bench run` command in the workspace and fails when it fails.
async fn run_bench(mut command: Command) -> Result<()> {
    let status = command
        .current_dir(workspace_root())
        .kill_on_drop(true)
        .status()
        .await
        .context("cannot run the benchmarks")?;
    if !status.success() {
        bail!("the benchmarks failed ({status})");
    }
    Ok(())
}

/// `cargo xtask bench --smoke`: the harness end to end at tiny sizes, on the debug build.
async fn bench_smoke(flags: BuildFlags, args: &[String]) -> Result<()> {
    let root = workspace_root();
    println!("Building the benchmarks (debug, for a smoke run)…");
    cargo_build(&["bench"], flags).await?;
    let target_dir = target_dir(&root);
    let report = std::env::temp_dir().join(format!("bench-smoke-{}.md", std::process::id()));
    let started = std::time::Instant::now();
    let mut run = Command::new(target_dir.join("debug").join("bench"));
    run.args([
        "run",
        "--rounds",
        "1",
        "--workflows",
        "20",
        "--scale",
        "10,20",
    ])
    .args([
        "--batch-records",
        "40",
        "--batch-page-size",
        "10",
        "--batch-window",
        "8",
    ])
    .args([
        "--entity-updates",
        "50",
        "--profile-workflows",
        "20",
        "--output",
    ])
    .arg(&report)
    .args(args);
    run_bench(run).await?;
    let text = std::fs::read_to_string(&report)?;
    let _ = std::fs::remove_file(&report);
    for section in [
        "### Worker efficiency",
        "#### The same setting on every worker: gzip off",
        "### Worker start-up",
        "### How cost grows",
        "### Batch sliding window",
        "### Long-lived entity",
        "### Where the Rust worker's CPU goes",
        "### Fan-out",
        "### Data pipeline",
    ] {
        anyhow::ensure!(
            text.contains(section),
            "the smoke run's report has no `{section}` section:\n{text}"
        );
    }
    println!(
        "bench smoke: every section of the report was produced ({:.0} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

struct Outcome {
    name: String,
    ok: bool,
    secs: f64,
    note: String,
}

/// What `run_samples` does once a sample's worker is ready.
#[derive(Clone, Copy)]
enum Mode<'a> {
    /// The sample's own demo steps; their output is checked against the sample's transcript,
    /// or recorded as it.
    Demo { record: bool },
    /// `python3 interop/python_client.py <sample>`: a Python client drives the Rust worker.
    PythonClient { python: &'a str },
    /// The demo's steps, checked against the transcript, while faults are injected.
    Chaos { round: &'a chaos::Round },
    /// `python3 interop/python_worker.py <sample>` is the worker; the Rust starter drives it.
    PythonWorker {
        python: &'a str,
        plan: &'a BTreeMap<String, PythonWorkerPlan>,
    },
}

/// What `python_worker.py --list` says to run against one sample's Python worker.
#[derive(serde::Deserialize)]
struct PythonWorkerPlan {
    /// Runs of the Rust sample's binary, one after another.
    starters: Vec<Step>,
    /// Lines the starters' output must contain.
    expect: Vec<String>,
}

/// Builds the book and checks it: sources, then links, then (with `browser`) rendered pages.
async fn build_book(browser: bool) -> Result<()> {
    let root = workspace_root();
    let problems = book::check_sources(&root, &samples::discover(&root)?)?;
    if !problems.is_empty() {
        bail!("the book's sources:\n{}", problems.join("\n"));
    }
    let mdbook = std::env::var("MDBOOK").unwrap_or_else(|_| "mdbook".to_owned());
    let install = "install it with `cargo install mdbook --version 0.5.4 --locked`";
    let version = Command::new(&mdbook)
        .arg("--version")
        .output()
        .await
        .with_context(|| format!("cannot run `{mdbook}`: {install} (or set MDBOOK)"))?;
    println!(
        "Building the book with {}",
        String::from_utf8_lossy(&version.stdout).trim()
    );
    // mdBook runs the preprocessor as `cargo xtask book-preprocess` (book.toml), which works for
    // `mdbook serve`; here it runs this very binary instead, without going through cargo again.
    let this = std::env::current_exe().context("cannot find the xtask binary")?;
    let status = Command::new(&mdbook)
        .args(["build", "book"])
        .env(
            "MDBOOK_PREPROCESSOR__README_LINKS__COMMAND",
            format!("{} book-preprocess", this.display()),
        )
        .current_dir(&root)
        .kill_on_drop(true)
        .status()
        .await
        .context("cannot run mdbook")?;
    if !status.success() {
        bail!("`mdbook build book` failed ({status})");
    }
    let out = root.join("target").join("book");
    let broken = book::check_links(&out)?;
    if !broken.is_empty() {
        bail!(
            "{} broken link(s) in the book:\n{}",
            broken.len(),
            broken.join("\n")
        );
    }
    println!("Every link and anchor of the book resolves.");
    if browser {
        check_book_in_browser(&out).await?;
    }
    println!("The book: {}", out.join("index.html").display());
    Ok(())
}

/// Opens pages of the built book in headless Chromium and checks the text it renders.
async fn check_book_in_browser(out: &Path) -> Result<()> {
    let chromium = match std::env::var("CHROMIUM") {
        Ok(path) => path,
        Err(_) => ["chromium", "chromium-browser", "google-chrome"]
            .into_iter()
            .find(|name| {
                std::env::var_os("PATH").is_some_and(|paths| {
                    std::env::split_paths(&paths).any(|dir| dir.join(name).is_file())
                })
            })
            .context("no Chromium found: install it (`apt-get install chromium`) or set CHROMIUM")?
            .to_owned(),
    };
    // Each page, and what a reader must see on it: the title, included code, a transcript.
    let pages: [(&str, &[&str]); 3] = [
        (
            "index.html",
            &["Temporal in Rust, by example", "Hello, activity"],
        ),
        (
            "samples/hello_activity.html",
            &[
                ".execute_activity(GreetingActivities::compose_greeting, input, options)",
                "$ cargo run -p hello_activity starter",
                "Result: Hello, World!",
            ],
        ),
        (
            "samples/money_transfer.html",
            &[
                "#[run(name = \"MoneyTransfer\")]",
                "$ cargo run -p money_transfer starter",
            ],
        ),
    ];
    let profile = std::env::temp_dir().join(format!("book-chromium-{}", std::process::id()));
    for (page, wanted) in pages {
        let url = format!("file://{}", out.join(page).display());
        let dumped = Command::new(&chromium)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(["--dump-dom", &url])
            .kill_on_drop(true)
            .output();
        let dumped = tokio::time::timeout(Duration::from_secs(60), dumped)
            .await
            .with_context(|| format!("Chromium did not render {page} within 60 s"))?
            .with_context(|| format!("cannot run `{chromium}`"))?;
        if !dumped.status.success() {
            bail!(
                "Chromium failed on {page}: {}",
                String::from_utf8_lossy(&dumped.stderr).trim()
            );
        }
        let text = book::visible_text(&String::from_utf8_lossy(&dumped.stdout));
        for w in wanted {
            if !text.contains(w) {
                bail!("{page}, as Chromium renders it, does not show `{w}`");
            }
        }
        println!(
            "Chromium renders {page} with {} expected text(s).",
            wanted.len()
        );
    }
    let _ = std::fs::remove_dir_all(&profile);
    Ok(())
}

const PYTHON_CLIENT: &str = "interop/python_client.py";
const PYTHON_WORKER: &str = "interop/python_worker.py";

/// Runs `python script --list`; a clear error when Python or its SDK is missing.
async fn python_list(python: &str, script: &str) -> Result<String> {
    let listed = Command::new(python)
        .arg(workspace_root().join(script))
        .arg("--list")
        .output()
        .await
        .with_context(|| format!("cannot run `{python}`: is Python 3 installed?"))?;
    if !listed.status.success() {
        bail!(
            "{script} cannot start; install the Python SDK with \
             `{python} -m pip install 'temporalio[aioboto3]' cryptography pydantic 'moto[server]'`:\n{}",
            String::from_utf8_lossy(&listed.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&listed.stdout).into_owned())
}

/// Both directions, per sample: Python clients against the Rust workers, then the Rust
/// starters against Python workers; one table with a column per direction.
async fn interop(names: &[String], build: BuildFlags) -> Result<()> {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let clients: Vec<String> = python_list(&python, PYTHON_CLIENT)
        .await?
        .lines()
        .map(str::to_owned)
        .collect();
    let plan: BTreeMap<String, PythonWorkerPlan> =
        serde_json::from_str(&python_list(&python, PYTHON_WORKER).await?)
            .with_context(|| format!("{PYTHON_WORKER} --list did not print its plan as JSON"))?;
    let all: Vec<String> = samples::discover(&workspace_root())?
        .into_iter()
        .map(|s| s.name)
        .collect();
    let selected: Vec<String> = if names.is_empty() {
        all.clone()
    } else {
        for n in names {
            if !clients.contains(n) && !plan.contains_key(n) {
                bail!(
                    "no Python counterpart for `{n}` in {PYTHON_CLIENT} or {PYTHON_WORKER}; \
                     they cover: {}",
                    clients.join(", ")
                );
            }
        }
        names.to_vec()
    };
    let forward: Vec<String> = selected
        .iter()
        .filter(|n| clients.contains(n))
        .cloned()
        .collect();
    let reverse: Vec<String> = selected
        .iter()
        .filter(|n| plan.contains_key(*n))
        .cloned()
        .collect();
    let mut forward_outcomes = Vec::new();
    let mut reverse_outcomes = Vec::new();
    if !forward.is_empty() {
        println!(
            "== Python clients -> Rust workers ({} samples)",
            forward.len()
        );
        forward_outcomes =
            run_samples(&forward, build, Mode::PythonClient { python: &python }).await?;
    }
    if !reverse.is_empty() {
        println!(
            "== Rust starters -> Python workers ({} samples)",
            reverse.len()
        );
        let mode = Mode::PythonWorker {
            python: &python,
            plan: &plan,
        };
        reverse_outcomes = run_samples(&reverse, build, mode).await?;
    }

    let cell = |outcomes: &[Outcome], name: &str, missing: &str| -> String {
        match outcomes.iter().find(|o| o.name == name) {
            Some(o) if o.ok => format!("ok ({:.0} s)", o.secs),
            Some(o) => format!("FAILED: {}", o.note.lines().next().unwrap_or_default()),
            None => missing.to_owned(),
        }
    };
    println!(
        "\n| sample | Python client -> Rust worker | Rust starter -> Python worker |\n|---|---|---|"
    );
    for name in &selected {
        let none = "no Python counterpart";
        let (fwd, rev) = if clients.contains(name) || plan.contains_key(name) {
            (
                cell(&forward_outcomes, name, "not written yet"),
                cell(&reverse_outcomes, name, "not written yet"),
            )
        } else {
            (none.to_owned(), none.to_owned())
        };
        println!("| {name} | {fwd} | {rev} |");
    }
    let failed = forward_outcomes
        .iter()
        .chain(&reverse_outcomes)
        .filter(|o| !o.ok)
        .count();
    let ran = forward_outcomes.len() + reverse_outcomes.len();
    if failed > 0 {
        bail!("{failed} of {ran} interop check(s) failed");
    }
    println!(
        "\nAll {ran} interop check(s) passed: {} Python client(s), {} Python worker(s).",
        forward_outcomes.len(),
        reverse_outcomes.len()
    );
    Ok(())
}

async fn run_samples(names: &[String], flags: BuildFlags, mode: Mode<'_>) -> Result<Vec<Outcome>> {
    let root = workspace_root();
    let all = samples::discover(&root)?;
    let selected = select(&all, names)?;

    build_samples(&selected, flags).await?;

    let (address, _server) = server().await?;
    let target_dir = target_dir(&root);
    let mut outcomes = Vec::new();
    for sample in selected {
        let started = Instant::now();
        let scratch = std::env::temp_dir().join(format!(
            "temporal-demo-{}-{}",
            sample.name,
            std::process::id()
        ));
        std::fs::create_dir_all(&scratch)?;
        let binary = target_dir.join("debug").join(&sample.name);
        let result = run_sample(sample, &binary, &address, &scratch, mode).await;
        let _ = std::fs::remove_dir_all(&scratch);
        let secs = started.elapsed().as_secs_f64();
        match result {
            Ok(_) => outcomes.push(Outcome {
                name: sample.name.clone(),
                ok: true,
                secs,
                note: String::new(),
            }),
            Err(e) => {
                eprintln!("[{}] FAILED: {e:#}", sample.name);
                outcomes.push(Outcome {
                    name: sample.name.clone(),
                    ok: false,
                    secs,
                    note: format!("{e:#}"),
                });
            }
        }
    }

    Ok(outcomes)
}

/// Builds the selected samples' binaries (see [`BuildFlags`]).
async fn build_samples(selected: &[&Sample], flags: BuildFlags) -> Result<()> {
    let packages: Vec<&str> = selected.iter().map(|s| s.name.as_str()).collect();
    println!("Building {} sample(s)…", selected.len());
    cargo_build(&packages, flags).await
}

/// `cargo build` of `packages` in the dev profile, or of what the tests build (see
/// [`BuildFlags`]).
async fn cargo_build(packages: &[&str], flags: BuildFlags) -> Result<()> {
    let mut build = cargo();
    build
        .current_dir(workspace_root())
        .arg("build")
        .arg("--quiet");
    if flags.locked {
        build.arg("--locked");
    }
    if flags.reuse_test_build {
        // What `cargo test --workspace` builds — libraries, binaries and the targets with tests
        // (not `--all-targets`, which would also build the unit-test harnesses that
        // `test = false` turns off) — so every artifact is already fresh.
        build.args(["--workspace", "--lib", "--bins", "--tests"]);
    } else {
        for package in packages {
            build.args(["-p", package]);
        }
    }
    let status = build
        .kill_on_drop(true)
        .status()
        .await
        .context("cannot run cargo build")?;
    if !status.success() {
        bail!("the build failed ({status})");
    }
    Ok(())
}

/// Cargo: the one running this task (`CARGO`), else `cargo` on PATH.
fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Where Cargo puts its builds: `CARGO_TARGET_DIR`, else `target/` in the workspace.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// One sample's chaos: its demo without faults on a fresh server (the baseline: its output must
/// equal the transcript, and it times the steps), then again on another fresh server with the
/// faults planned from those times. The outer error is a failure of the harness or of the
/// baseline; the inner one, of the run under faults.
async fn chaos_round(
    sample: &Sample,
    binary: &Path,
    seed: u64,
    options: &ChaosOptions,
) -> Result<(chaos::Round, Result<()>)> {
    let scratch = std::env::temp_dir().join(format!(
        "temporal-chaos-{}-{}",
        sample.name,
        std::process::id()
    ));
    std::fs::create_dir_all(&scratch)?;
    let outcome = async {
        // A server of its own for each run, on a database file, so that it can be killed and
        // started again with everything it had accepted.
        let baseline_server = chaos::ChaosServer::start(&scratch.join("baseline.db")).await?;
        let baseline_scratch = scratch.join("baseline");
        std::fs::create_dir_all(&baseline_scratch)?;
        let baseline = run_sample(
            sample,
            binary,
            baseline_server.address(),
            &baseline_scratch,
            Mode::Demo { record: false },
        )
        .await;
        baseline_server.stop().await;
        let durations = baseline.context("the run without faults failed")?;
        let server = chaos::ChaosServer::start(&scratch.join("temporal.db")).await?;
        let address = server.address().to_owned();
        let faults_scratch = scratch.join("faults");
        std::fs::create_dir_all(&faults_scratch)?;
        let round = chaos::Round {
            plan: chaos::plan(
                chaos::sample_seed(seed, &sample.name),
                options.faults,
                &durations,
                options.server,
            ),
            server: Some(server),
            worker_kills: Default::default(),
            server_restarts: Default::default(),
            missed: Default::default(),
            retried: Default::default(),
        };
        let result = run_sample(
            sample,
            binary,
            &address,
            &faults_scratch,
            Mode::Chaos { round: &round },
        )
        .await
        .map(drop);
        if let Some(server) = &round.server {
            server.stop().await;
        }
        Ok((round, result))
    }
    .await;
    let _ = std::fs::remove_dir_all(&scratch);
    outcome
}

/// `cargo xtask bad-input`: see `bad_input.rs`.
async fn bad_input(names: &[String], flags: BuildFlags) -> Result<()> {
    let root = workspace_root();
    let all = samples::discover(&root)?;
    let selected = select(&all, names)?;
    build_samples(&selected, flags).await?;
    let target_dir = target_dir(&root);
    let started = Instant::now();
    let (problems, rows) = bad_input::check(&selected, &target_dir.join("debug")).await?;
    if !problems.is_empty() {
        bail!(
            "{} of {rows} invalid command line(s) were not refused as they should be:\n{}",
            problems.len(),
            problems
                .iter()
                .map(|p| format!("  {}: `{}`: {}", p.sample, p.args, p.what))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    println!(
        "bad-input: all {rows} invalid command lines of {} sample(s) exited non-zero with one \
         `error:` line saying what was wrong, and started nothing ({:.0} s)",
        selected.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The samples named (all when none is), or an error naming the unknown one.
fn select<'a>(all: &'a [Sample], names: &[String]) -> Result<Vec<&'a Sample>> {
    if names.is_empty() {
        return Ok(all.iter().collect());
    }
    names
        .iter()
        .map(|n| {
            all.iter().find(|s| &s.name == n).with_context(|| {
                let known: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
                format!(
                    "unknown sample `{n}`; the samples are: {}",
                    known.join(", ")
                )
            })
        })
        .collect()
}

/// How `chaos` runs.
struct ChaosOptions {
    seed: Option<u64>,
    faults: u32,
    server: bool,
    results: Option<PathBuf>,
    merge: bool,
}

/// `cargo xtask chaos`: see `chaos.rs`.
async fn run_chaos(names: &[String], flags: BuildFlags, options: ChaosOptions) -> Result<()> {
    let root = workspace_root();
    let all = samples::discover(&root)?;
    let selected = select(&all, names)?;
    let seed = options.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default()
    });
    println!(
        "Chaos: seed {seed}, {} fault(s) per sample{}",
        options.faults,
        if options.server {
            ", one of them a dev-server SIGKILL and restart"
        } else {
            ""
        }
    );
    build_samples(&selected, flags).await?;
    let target_dir = target_dir(&root);
    let mut rows = Vec::new();
    for sample in &selected {
        let started = Instant::now();
        let binary = target_dir.join("debug").join(&sample.name);
        let result = chaos_round(sample, &binary, seed, &options).await;
        let (round, result) = match result {
            Ok((round, result)) => (Some(round), result),
            Err(e) => (None, Err(e)),
        };
        let count = |n: fn(&chaos::Round) -> &std::sync::atomic::AtomicU32| {
            round
                .as_ref()
                .map_or(0, |r| n(r).load(std::sync::atomic::Ordering::Relaxed))
        };
        let steps = sample.demo.steps.len();
        let row = chaos::Row {
            sample: sample.name.clone(),
            worker_kills: count(|r| &r.worker_kills),
            server_restarts: count(|r| &r.server_restarts),
            missed: count(|r| &r.missed),
            retried: count(|r| &r.retried),
            survived: result.is_ok(),
            expected: result.is_err() && sample.demo.chaos_may_fail.is_some(),
            checked: match (&result, &sample.demo.chaos_may_fail) {
                (Ok(()), _) => format!(
                    "the output of its {steps} demo step(s) equals transcript.txt{}{}",
                    match &sample.demo.chaos_may_differ {
                        Some(d) => format!(" (except lines that may differ by design: {})", d.why),
                        None => String::new(),
                    },
                    match count(|r| &r.retried) {
                        0 => String::new(),
                        n => format!(
                            " ({n} step run(s) could not connect while the server was down, and \
                             ran again)"
                        ),
                    }
                ),
                (Err(_), Some(why)) => format!("failed, as it may by design: {why}"),
                (Err(e), None) => format!("{e:#}")
                    .lines()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" / "),
            },
            secs: started.elapsed().as_secs_f64(),
        };
        if let Err(e) = &result {
            eprintln!("[{}] did NOT survive: {e:#}", sample.name);
        }
        rows.push(row);
    }
    let command = format!(
        "cargo xtask chaos{}{} --faults {}",
        if names.is_empty() {
            String::new()
        } else {
            format!(" {}", names.join(" "))
        },
        if options.server { "" } else { " --no-server" },
        options.faults
    );
    let failed = rows.iter().filter(|r| !r.survived && !r.expected).count();
    let ran = rows.len();
    let (table, results) = if options.merge {
        let path = options
            .results
            .clone()
            .unwrap_or_else(|| root.join("bench").join("CHAOS.md"));
        let old = std::fs::read_to_string(&path)
            .with_context(|| format!("--merge: cannot read `{}`", path.display()))?;
        let (old_seed, mut all, mut rerun) = chaos::parse(&old).with_context(|| {
            format!("--merge: `{}` is not a chaos results file", path.display())
        })?;
        if old_seed != seed {
            bail!(
                "--merge: `{}` comes from seed {old_seed}; run these samples with --seed {old_seed}",
                path.display()
            );
        }
        for row in rows {
            if !rerun.contains(&row.sample) {
                rerun.push(row.sample.clone());
            }
            match all.iter_mut().find(|r| r.sample == row.sample) {
                Some(slot) => *slot = row,
                None => all.push(row),
            }
        }
        let command = format!(
            "cargo xtask chaos{} --faults {}",
            if options.server { "" } else { " --no-server" },
            options.faults
        );
        (chaos::render(&all, seed, &command, &rerun), Some(path))
    } else {
        let results = options.results.clone().or_else(|| {
            names
                .is_empty()
                .then(|| root.join("bench").join("CHAOS.md"))
        });
        (chaos::render(&rows, seed, &command, &[]), results)
    };
    println!("\n{table}");
    if let Some(path) = results {
        std::fs::write(&path, &table)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        println!("Wrote {}", path.display());
    }
    if failed > 0 {
        bail!("{failed} of {ran} sample(s) did not survive their faults (seed {seed})");
    }
    Ok(())
}

/// The machine a measurement ran on: CPU model, cores, OS.
fn machine_line() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{model}, {cores} cores, {}", std::env::consts::OS)
}

/// The demo's summary table; fails when any sample failed.
fn summarize(outcomes: &[Outcome]) -> Result<()> {
    println!("\n| sample | result | seconds |\n|---|---|---|");
    for o in outcomes {
        let result = if o.ok {
            "ok".to_owned()
        } else {
            format!("FAILED: {}", o.note.lines().next().unwrap_or_default())
        };
        println!("| {} | {} | {:.1} |", o.name, result, o.secs);
    }
    let failed = outcomes.iter().filter(|o| !o.ok).count();
    if failed > 0 {
        bail!("{failed} of {} sample(s) failed", outcomes.len());
    }
    println!("\nAll {} sample(s) ran end to end.", outcomes.len());
    Ok(())
}

/// What every process of one sample's run gets in its environment: the server's address, and
/// the sample's own `env` (placeholders filled in).
struct ProcessEnv {
    address: String,
    vars: Vec<(String, String)>,
}

/// Spawns `binary args…` with output prefixed by `label`; lines are also sent to `lines`.
fn spawn_prefixed(
    binary: &Path,
    args: &[String],
    env: &ProcessEnv,
    label: String,
    lines: Option<mpsc::UnboundedSender<(bool, String)>>,
) -> Result<Child> {
    let mut child = Command::new(binary)
        .args(args)
        .env("TEMPORAL_ADDRESS", &env.address)
        .envs(env.vars.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("cannot run `{}`", binary.display()))?;
    for (is_stderr, stream) in [
        (
            false,
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn tokio::io::AsyncRead + Send + Unpin>),
        ),
        (
            true,
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn tokio::io::AsyncRead + Send + Unpin>),
        ),
    ]
    .into_iter()
    .filter_map(|(is_stderr, stream)| Some((is_stderr, stream?)))
    {
        let label = label.clone();
        let lines = lines.clone();
        tokio::spawn(async move {
            let mut reader = BufReader::new(stream).lines();
            while let Ok(Some(line)) = reader.next_line().await {
                println!("[{label}] {line}");
                if let Some(tx) = &lines {
                    let _ = tx.send((is_stderr, line));
                }
            }
        });
    }
    Ok(child)
}

async fn run_sample(
    sample: &Sample,
    binary: &Path,
    address: &str,
    scratch: &Path,
    mode: Mode<'_>,
) -> Result<Vec<Duration>> {
    let sample_dir = workspace_root().join("samples").join(&sample.name);
    // Two distinct free ports for the sample's services and worker to listen on.
    let [port, port2] = samples_process::devserver::free_ports::<2>()?.map(|p| p.to_string());
    let upstream = address
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let expand = |args: &[String]| -> Vec<String> {
        args.iter()
            .map(|a| {
                a.replace("{scratch}", &scratch.display().to_string())
                    .replace("{sample_dir}", &sample_dir.display().to_string())
                    .replace("{port}", &port)
                    .replace("{port2}", &port2)
                    .replace("{temporal_address}", &upstream)
            })
            .collect()
    };
    let env = ProcessEnv {
        address: address.to_owned(),
        vars: sample
            .demo
            .env
            .iter()
            .map(|(k, v)| (k.clone(), expand(std::slice::from_ref(v)).remove(0)))
            .collect(),
    };
    run_steps(
        &sample.name,
        &sample.demo.setup,
        binary,
        &env,
        &expand,
        None,
        None,
    )
    .await?;
    // This run's own values, which the transcript shows as the placeholders the steps use.
    let substitutions = transcript::Substitutions {
        literal: vec![
            (scratch.display().to_string(), "{scratch}"),
            (sample_dir.display().to_string(), "{sample_dir}"),
            (upstream.clone(), "{temporal_address}"),
        ],
        ports: vec![(port.clone(), "{port}"), (port2.clone(), "{port2}")],
    };
    let script = |name: &str| workspace_root().join(name).display().to_string();
    // Which process is the worker, and what runs against it.
    let rust_worker = (binary.to_path_buf(), sample.demo.worker.clone());
    let (worker, program, steps, expect) = match mode {
        Mode::Demo { .. } | Mode::Chaos { .. } => (
            rust_worker,
            binary.to_path_buf(),
            sample.demo.steps.clone(),
            Vec::new(),
        ),
        Mode::PythonClient { python } => {
            // `-u`: unbuffered, so its lines interleave in order with the worker's.
            let args = [
                "-u",
                &script(PYTHON_CLIENT),
                &sample.name,
                "--port",
                "{port}",
                "--scratch",
                "{scratch}",
            ];
            let step = Step {
                args: args.iter().map(|a| a.to_string()).collect(),
                expect_failure: false,
                timeout_secs: Some(240),
            };
            (rust_worker, PathBuf::from(python), vec![step], Vec::new())
        }
        Mode::PythonWorker { python, plan } => {
            let plan = plan
                .get(&sample.name)
                .with_context(|| format!("{PYTHON_WORKER} has no plan for {}", sample.name))?;
            let args = [
                "-u",
                &script(PYTHON_WORKER),
                &sample.name,
                "--scratch",
                "{scratch}",
                "--port",
                "{port}",
            ];
            let steps = plan.starters.clone();
            (
                (
                    PathBuf::from(python),
                    args.iter().map(|a| a.to_string()).collect(),
                ),
                binary.to_path_buf(),
                steps,
                plan.expect.clone(),
            )
        }
    };
    let mut running = Vec::new();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let result = async {
        for service in &sample.demo.services {
            let label = format!("{} service", sample.name);
            let program = service.program.as_ref().map(PathBuf::from);
            running.push(
                spawn_ready(
                    program.as_deref().unwrap_or(binary),
                    &expand(&service.args),
                    &env,
                    label,
                    &service.ready,
                )
                .await?,
            );
        }
        let label = match mode {
            Mode::PythonWorker { .. } => format!("{} Python worker", sample.name),
            _ => format!("{} worker", sample.name),
        };
        let worker_args = expand(&worker.1);
        let start_worker = || {
            spawn_ready(
                &worker.0,
                &worker_args,
                &env,
                label.clone(),
                WORKER_READY_MARKER,
            )
        };
        let Mode::Chaos { round } = mode else {
            running.push(start_worker().await?);
            return run_steps(
                &sample.name,
                &steps,
                &program,
                &env,
                &expand,
                Some(&tx),
                None,
            )
            .await;
        };
        // The steps run while the worker is killed and started again (and the server).
        let worker_slot = tokio::sync::Mutex::new(start_worker().await?);
        let (events_tx, events_rx) = mpsc::unbounded_channel();
        let (env, expand, steps, program) = (&env, &expand, &steps, &program);
        let steps_run = async move {
            // `events_tx` moves in and drops at the end: that tells the injector the steps are done.
            run_steps(
                &sample.name,
                steps,
                program,
                env,
                expand,
                None,
                Some(&events_tx),
            )
            .await
        };
        let (outputs, injected) = tokio::join!(
            steps_run,
            chaos::inject(round, &worker_slot, start_worker, events_rx)
        );
        running.push(worker_slot.into_inner());
        injected.context("injecting a fault")?;
        outputs
    }
    .await;
    // Stop the worker first, then the services it used.
    for mut child in running.into_iter().rev() {
        stop_gracefully(&mut child).await;
    }
    let outputs = result?;
    let durations = outputs.iter().map(|step| step.took).collect();
    let record = match mode {
        Mode::Demo { record } => Some(record),
        Mode::Chaos { .. } => Some(false),
        _ => None,
    };
    if let Some(record) = record {
        let volatile = sample
            .demo
            .volatile
            .iter()
            .map(|v| regex::Regex::new(v))
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| format!("{}: a `volatile` pattern is not a regex", sample.name))?;
        let text = transcript::render(
            &sample.name,
            &outputs
                .into_iter()
                .map(|step| transcript::StepOutput {
                    command: step.command,
                    stdout: step
                        .stdout
                        .iter()
                        .map(|l| substitutions.normalise(l))
                        .collect(),
                    stderr: step
                        .stderr
                        .iter()
                        .map(|l| substitutions.normalise(l))
                        // Under faults, the SDK warns about them (an RPC cut off by a server
                        // restart, say): shown above as they came, not part of the outcome.
                        .filter(|l| {
                            !(matches!(mode, Mode::Chaos { .. }) && l.starts_with("<time>  WARN "))
                        })
                        .collect(),
                })
                .collect::<Vec<_>>(),
            &volatile,
        );
        if record {
            let path = sample_dir.join(transcript::FILE);
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write `{}`", path.display()))?;
            println!("[{}] recorded {}", sample.name, path.display());
        } else {
            let masks = match mode {
                Mode::Chaos { .. } => sample
                    .demo
                    .chaos_may_differ
                    .iter()
                    .flat_map(|d| &d.lines)
                    .map(|v| regex::Regex::new(v))
                    .collect::<Result<Vec<_>, _>>()
                    .with_context(|| {
                        format!("{}: a `chaos_may_differ` line is not a regex", sample.name)
                    })?,
                _ => Vec::new(),
            };
            transcript::check(&sample_dir, &sample.name, &text, &masks)?;
        }
    }
    drop(tx);
    let mut output = Vec::new();
    while let Some(line) = rx.recv().await {
        output.push(line);
    }
    let missing: Vec<&String> = expect
        .iter()
        .filter(|e| !output.iter().any(|line| line.contains(e.as_str())))
        .collect();
    if !missing.is_empty() {
        bail!(
            "the starters' output lacks: {}",
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(durations)
}

/// Spawns a long-running process and waits until it prints `marker`; fails fast if it exits.
async fn spawn_ready(
    binary: &Path,
    args: &[String],
    env: &ProcessEnv,
    label: String,
    marker: &str,
) -> Result<Child> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut child = spawn_prefixed(binary, args, env, label.clone(), Some(tx))?;
    let ready = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            tokio::select! {
                line = rx.recv() => match line {
                    Some((_, l)) if l.contains(marker) => return Ok(()),
                    Some(_) => {}
                    None => bail!("{label}: its output ended before it was ready"),
                },
                status = child.wait() => bail!("{label}: exited before it was ready ({})", status?),
            }
        }
    })
    .await
    .with_context(|| format!("{label}: not ready within 60 s"))?;
    ready?;
    Ok(child)
}

/// What one step printed: its command (as declared, before placeholders are filled in), then
/// its standard output and standard error lines.
struct StepRun {
    command: String,
    stdout: Vec<String>,
    stderr: Vec<String>,
    /// From spawning it to its exit.
    took: Duration,
}

async fn run_steps(
    name: &str,
    steps: &[Step],
    binary: &Path,
    env: &ProcessEnv,
    expand: &dyn Fn(&[String]) -> Vec<String>,
    lines: Option<&mpsc::UnboundedSender<String>>,
    events: Option<&mpsc::UnboundedSender<chaos::StepEvent>>,
) -> Result<Vec<StepRun>> {
    let mut runs = Vec::new();
    for (
        n,
        Step {
            args: declared,
            expect_failure,
            timeout_secs,
        },
    ) in steps.iter().enumerate()
    {
        let args = expand(declared);
        let program = binary.file_name().unwrap_or_default().to_string_lossy();
        println!("[{name}] $ {program} {}", args.join(" "));
        let started = tokio::time::Instant::now();
        if let Some(events) = events {
            let _ = events.send(chaos::StepEvent::Started(n, started));
        }
        let timeout = Duration::from_secs(timeout_secs.unwrap_or(120));
        let mut attempts = 1;
        let (status, output) = loop {
            let (status, output) = run_step_once(binary, &args, env, name, timeout).await?;
            // Under chaos, a step that started while the server was down cannot connect (and so
            // started nothing): run it again once the server is back, as its user would. (A step
            // whose expected failure is a refused connection fails the same way again.)
            let unreachable = events.is_some()
                && !status.success()
                && attempts < 3
                && output
                    .iter()
                    .any(|(_, l)| l.starts_with("error: cannot connect to "));
            if !unreachable {
                break (status, output);
            }
            if let Some(events) = events {
                let _ = events.send(chaos::StepEvent::Retried);
            }
            println!(
                "[chaos] step {} could not connect (the server was down): again",
                n + 1
            );
            attempts += 1;
            tokio::time::sleep(Duration::from_secs(3)).await;
        };
        let took = started.elapsed();
        if let Some(events) = events {
            let _ = events.send(chaos::StepEvent::Finished(n));
        }
        let mut run = StepRun {
            command: declared.join(" "),
            stdout: Vec::new(),
            stderr: Vec::new(),
            took,
        };
        for (is_stderr, line) in output {
            if let Some(lines) = lines {
                let _ = lines.send(line.clone());
            }
            if is_stderr {
                run.stderr.push(line);
            } else {
                run.stdout.push(line);
            }
        }
        runs.push(run);
        if status.success() == *expect_failure {
            bail!(
                "`{}` {} ({status})",
                args.join(" "),
                if *expect_failure {
                    "should have failed but succeeded"
                } else {
                    "failed"
                }
            );
        }
    }
    Ok(runs)
}

/// Runs one step's process to its end: its exit status and its output lines (`true`: stderr).
async fn run_step_once(
    binary: &Path,
    args: &[String],
    env: &ProcessEnv,
    name: &str,
    timeout: Duration,
) -> Result<(std::process::ExitStatus, Vec<(bool, String)>)> {
    let (tx, mut rx) = mpsc::unbounded_channel::<(bool, String)>();
    let mut child = spawn_prefixed(binary, args, env, name.to_owned(), Some(tx))?;
    let status = tokio::time::timeout(timeout, child.wait())
        .await
        .with_context(|| format!("`{}` did not finish within {timeout:?}", args.join(" ")))??;
    // The readers end when the pipes close, after the process has exited.
    let mut output = Vec::new();
    while let Some(line) = rx.recv().await {
        output.push(line);
    }
    Ok((status, output))
}

/// SIGTERM, so the worker drains; SIGKILL if it has not stopped after 10 s.
async fn stop_gracefully(child: &mut Child) {
    #[cfg(unix)]
    if let Some(pid) = child.id() {
        let _ = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .await;
        if tokio::time::timeout(Duration::from_secs(10), child.wait())
            .await
            .is_ok()
        {
            return;
        }
    }
    let _ = child.kill().await;
}
