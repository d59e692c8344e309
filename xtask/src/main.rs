//! The workspace's task runner. Run with:
//!
//! ```text
//! cargo xtask demo [SAMPLE...]   # run samples end to end (all of them by default)
//! cargo xtask test [ARGS...]     # run every test of the workspace against a real dev server
//! cargo xtask readme             # regenerate the sample index in README.md
//! cargo xtask bench [ARGS...]    # benchmarks (release build); results in bench/RESULTS.md
//! cargo xtask interop [SAMPLE...] # Python clients vs Rust workers, Rust starters vs Python workers
//! cargo xtask book [--browser]   # build the book into target/book and check its links
//! ```
//!
//! `demo`, `interop` and `test` reuse the server at `TEMPORAL_ADDRESS` when it is set, and otherwise
//! start a `temporal server start-dev` on free ports and stop it when they finish (or are
//! interrupted). Samples declare how the demo runs them in their own `Cargo.toml`, under
//! `[package.metadata.demo]`; nothing here lists samples by hand.

mod book;
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
    /// Regenerate the sample index in the root README from the workspace members.
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
                Task::Test { args } => test(&args).await,
                Task::Readme => samples::write_readme_index(&workspace_root()),
                Task::Book { browser } => build_book(browser).await,
                Task::BookPreprocess { args } => book::preprocess(&workspace_root(), &args),
                Task::Bench { args } => bench(&args).await,
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

fn workspace_root() -> PathBuf {
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
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(workspace_root())
        .args(["test", "--workspace", "--no-fail-fast"])
        .args(args)
        .env("TEMPORAL_ADDRESS", &address)
        .kill_on_drop(true)
        .status()
        .await
        .context("cannot run cargo test")?;
    let secs = started.elapsed().as_secs_f64();
    if status.success() {
        println!("xtask test: all tests passed against {address} in {secs:.0} s");
        Ok(())
    } else {
        bail!("xtask test: tests failed ({status}) after {secs:.0} s")
    }
}

async fn bench(args: &[String]) -> Result<()> {
    let root = workspace_root();
    println!("Building the benchmarks (release)…");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&root)
        .args(["build", "--release", "--quiet", "-p", "bench"])
        .kill_on_drop(true)
        .status()
        .await
        .context("cannot run cargo build")?;
    if !status.success() {
        bail!("the benchmark build failed ({status})");
    }
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let status = Command::new(target_dir.join("release").join("bench"))
        .current_dir(&root)
        .arg("run")
        .args(args)
        .kill_on_drop(true)
        .status()
        .await
        .context("cannot run the benchmarks")?;
    if !status.success() {
        bail!("the benchmarks failed ({status})");
    }
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
    let selected: Vec<&Sample> = if names.is_empty() {
        all.iter().collect()
    } else {
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
            .collect::<Result<_>>()?
    };

    let mut build = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    build.current_dir(&root).arg("build").arg("--quiet");
    if flags.locked {
        build.arg("--locked");
    }
    if flags.reuse_test_build {
        // What `cargo test --workspace` builds — libraries, binaries and the targets with tests
        // (not `--all-targets`, which would also build the unit-test harnesses that
        // `test = false` turns off) — so every artifact is already fresh.
        build.args(["--workspace", "--lib", "--bins", "--tests"]);
    } else {
        for s in &selected {
            build.args(["-p", &s.name]);
        }
    }
    println!("Building {} sample(s)…", selected.len());
    let status = build
        .kill_on_drop(true)
        .status()
        .await
        .context("cannot run cargo build")?;
    if !status.success() {
        bail!("the build failed ({status})");
    }

    let (address, _server) = server().await?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
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
            Ok(()) => outcomes.push(Outcome {
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
) -> Result<()> {
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
        Mode::Demo { .. } => (
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
        running.push(
            spawn_ready(
                &worker.0,
                &expand(&worker.1),
                &env,
                label,
                WORKER_READY_MARKER,
            )
            .await?,
        );
        run_steps(&sample.name, &steps, &program, &env, &expand, Some(&tx)).await
    }
    .await;
    // Stop the worker first, then the services it used.
    for mut child in running.into_iter().rev() {
        stop_gracefully(&mut child).await;
    }
    let outputs = result?;
    if let Mode::Demo { record } = mode {
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
            transcript::check(&sample_dir, &sample.name, &text)?;
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
    Ok(())
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
}

async fn run_steps(
    name: &str,
    steps: &[Step],
    binary: &Path,
    env: &ProcessEnv,
    expand: &dyn Fn(&[String]) -> Vec<String>,
    lines: Option<&mpsc::UnboundedSender<String>>,
) -> Result<Vec<StepRun>> {
    let mut runs = Vec::new();
    for Step {
        args: declared,
        expect_failure,
        timeout_secs,
    } in steps
    {
        let args = expand(declared);
        let program = binary.file_name().unwrap_or_default().to_string_lossy();
        println!("[{name}] $ {program} {}", args.join(" "));
        let (tx, mut rx) = mpsc::unbounded_channel::<(bool, String)>();
        let mut child = spawn_prefixed(binary, &args, env, name.to_owned(), Some(tx))?;
        let timeout = Duration::from_secs(timeout_secs.unwrap_or(120));
        let status = tokio::time::timeout(timeout, child.wait())
            .await
            .with_context(|| format!("`{}` did not finish within {timeout:?}", args.join(" ")))??;
        // The readers end when the pipes close, after the process has exited.
        let mut run = StepRun {
            command: declared.join(" "),
            stdout: Vec::new(),
            stderr: Vec::new(),
        };
        while let Some((is_stderr, line)) = rx.recv().await {
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
