//! The workspace's task runner. Run with:
//!
//! ```text
//! cargo xtask demo [SAMPLE...]   # run samples end to end (all of them by default)
//! cargo xtask test [ARGS...]     # run every test of the workspace against a real dev server
//! cargo xtask readme             # regenerate the sample index in README.md
//! cargo xtask bench [ARGS...]    # benchmarks (release build); results in bench/RESULTS.md
//! cargo xtask interop [SAMPLE...] # a Python SDK client drives each sample's Rust worker
//! ```
//!
//! `demo`, `interop` and `test` reuse the server at `TEMPORAL_ADDRESS` when it is set, and otherwise
//! start a `temporal server start-dev` on free ports and stop it when they finish (or are
//! interrupted). Samples declare how the demo runs them in their own `Cargo.toml`, under
//! `[package.metadata.demo]`; nothing here lists samples by hand.

mod samples;

use std::{
    path::{Path, PathBuf},
    process::{ExitCode, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use samples::{Sample, Step};
use samples_helper::{WORKER_READY_MARKER, devserver::DevServer};
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
        /// Build with `--locked` (CI does).
        #[arg(long)]
        locked: bool,
    },
    /// Run every test in the workspace against one shared dev server.
    Test {
        /// Extra arguments for `cargo test` (e.g. `--locked`, or `-p money_transfer`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Start each sample's worker as the demo does, then drive it from the Python SDK with the
    /// Python samples' names and inputs (`interop/python_client.py`).
    Interop {
        /// Samples to check (default: every sample the Python client covers).
        samples: Vec<String>,
        /// Build with `--locked` (CI does).
        #[arg(long)]
        locked: bool,
    },
    /// Regenerate the sample index in the root README from the workspace members.
    Readme,
    /// Build the benchmarks in release mode and run them (see bench/src/main.rs).
    Bench {
        /// Arguments for `bench run` (e.g. `--workflows 500 --rounds 5`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => return samples_helper::exit_report(Err(e.into())),
    };
    runtime.block_on(async {
        let task = async {
            match cli.command {
                Task::Demo { samples, locked } => run_samples(&samples, locked, Mode::Demo).await,
                Task::Interop { samples, locked } => interop(&samples, locked).await,
                Task::Test { args } => test(&args).await,
                Task::Readme => samples::write_readme_index(&workspace_root()),
                Task::Bench { args } => bench(&args).await,
            }
        };
        // On Ctrl-C or SIGTERM the task future is dropped: every child was spawned with
        // `kill_on_drop` and the dev server stops when its handle drops, so nothing is orphaned.
        tokio::select! {
            res = task => samples_helper::exit_report(res),
            name = interrupted() => {
                eprintln!("{name}: stopped; workers and the dev server are shut down.");
                ExitCode::from(130)
            }
        }
    })
}

async fn interrupted() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            return tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = int.recv() => "Ctrl-C",
            };
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    "Ctrl-C"
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
    /// The sample's own demo steps.
    Demo,
    /// `python3 interop/python_client.py <sample>`.
    Interop { python: &'a str },
}

const PYTHON_CLIENT: &str = "interop/python_client.py";

async fn interop(names: &[String], locked: bool) -> Result<()> {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let client = workspace_root().join(PYTHON_CLIENT);
    let listed = Command::new(&python)
        .arg(&client)
        .arg("--list")
        .output()
        .await
        .with_context(|| format!("cannot run `{python}`: is Python 3 installed?"))?;
    if !listed.status.success() {
        bail!(
            "{PYTHON_CLIENT} cannot start; install the Python SDK with \
             `{python} -m pip install temporalio cryptography`:\n{}",
            String::from_utf8_lossy(&listed.stderr).trim()
        );
    }
    let covered: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    let names: Vec<String> = if names.is_empty() {
        // Say which samples are not checked, rather than skipping them silently.
        let uncovered: Vec<String> = samples::discover(&workspace_root())?
            .into_iter()
            .map(|s| s.name)
            .filter(|n| !covered.contains(n))
            .collect();
        if !uncovered.is_empty() {
            println!(
                "xtask interop: no Python counterpart, not checked: {}",
                uncovered.join(", ")
            );
        }
        covered
    } else {
        for n in names {
            if !covered.contains(n) {
                bail!(
                    "{PYTHON_CLIENT} has no case for `{n}`; it covers: {}",
                    covered.join(", ")
                );
            }
        }
        names.to_vec()
    };
    run_samples(&names, locked, Mode::Interop { python: &python }).await
}

async fn run_samples(names: &[String], locked: bool, mode: Mode<'_>) -> Result<()> {
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
    if locked {
        build.arg("--locked");
    }
    for s in &selected {
        build.args(["-p", &s.name]);
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

    println!("\n| sample | result | seconds |\n|---|---|---|");
    for o in &outcomes {
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

/// Spawns `binary args…` with output prefixed by `label`; lines are also sent to `lines`.
fn spawn_prefixed(
    binary: &Path,
    args: &[String],
    address: &str,
    label: String,
    lines: Option<mpsc::UnboundedSender<String>>,
) -> Result<Child> {
    let mut child = Command::new(binary)
        .args(args)
        .env("TEMPORAL_ADDRESS", address)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("cannot run `{}`", binary.display()))?;
    for stream in [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn tokio::io::AsyncRead + Send + Unpin>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn tokio::io::AsyncRead + Send + Unpin>),
    ]
    .into_iter()
    .flatten()
    {
        let label = label.clone();
        let lines = lines.clone();
        tokio::spawn(async move {
            let mut reader = BufReader::new(stream).lines();
            while let Ok(Some(line)) = reader.next_line().await {
                println!("[{label}] {line}");
                if let Some(tx) = &lines {
                    let _ = tx.send(line);
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
    // Two distinct free ports for the sample's services and worker to listen on (both
    // listeners are held until both ports are known, so they cannot be the same).
    let (first, second) = (
        std::net::TcpListener::bind("127.0.0.1:0")?,
        std::net::TcpListener::bind("127.0.0.1:0")?,
    );
    let port = first.local_addr()?.port().to_string();
    let port2 = second.local_addr()?.port().to_string();
    drop((first, second));
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
    run_steps(&sample.name, &sample.demo.setup, binary, address, &expand).await?;
    let (program, steps) = match mode {
        Mode::Demo => (binary.to_path_buf(), sample.demo.steps.clone()),
        Mode::Interop { python } => {
            let client = workspace_root().join(PYTHON_CLIENT).display().to_string();
            // `-u`: unbuffered, so its lines interleave in order with the worker's.
            let args = [
                "-u",
                &client,
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
            (PathBuf::from(python), vec![step])
        }
    };
    let mut running = Vec::new();
    let result = async {
        for service in &sample.demo.services {
            let label = format!("{} service", sample.name);
            running.push(
                spawn_ready(
                    binary,
                    &expand(&service.args),
                    address,
                    label,
                    &service.ready,
                )
                .await?,
            );
        }
        let label = format!("{} worker", sample.name);
        running.push(
            spawn_ready(
                binary,
                &expand(&sample.demo.worker),
                address,
                label,
                WORKER_READY_MARKER,
            )
            .await?,
        );
        run_steps(&sample.name, &steps, &program, address, &expand).await
    }
    .await;
    // Stop the worker first, then the services it used.
    for mut child in running.into_iter().rev() {
        stop_gracefully(&mut child).await;
    }
    result
}

/// Spawns a long-running process and waits until it prints `marker`; fails fast if it exits.
async fn spawn_ready(
    binary: &Path,
    args: &[String],
    address: &str,
    label: String,
    marker: &str,
) -> Result<Child> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut child = spawn_prefixed(binary, args, address, label.clone(), Some(tx))?;
    let ready = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            tokio::select! {
                line = rx.recv() => match line {
                    Some(l) if l.contains(marker) => return Ok(()),
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

async fn run_steps(
    name: &str,
    steps: &[Step],
    binary: &Path,
    address: &str,
    expand: &dyn Fn(&[String]) -> Vec<String>,
) -> Result<()> {
    for Step {
        args,
        expect_failure,
        timeout_secs,
    } in steps
    {
        let args = expand(args);
        let program = binary.file_name().unwrap_or_default().to_string_lossy();
        println!("[{name}] $ {program} {}", args.join(" "));
        let mut child = spawn_prefixed(binary, &args, address, name.to_owned(), None)?;
        let timeout = Duration::from_secs(timeout_secs.unwrap_or(120));
        let status = tokio::time::timeout(timeout, child.wait())
            .await
            .with_context(|| format!("`{}` did not finish within {timeout:?}", args.join(" ")))??;
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
    Ok(())
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
