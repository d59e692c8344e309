//! Where the Rust worker's CPU goes: the helper-built worker process, sampled by `perf` while it
//! runs greeting workflows, its samples summed per crate (the first segment of each Rust
//! symbol; the kernel and C libraries by name), and the busiest functions. Then what the
//! worker's settings change: the same workload with fewer pollers, rounds alternating.

use std::{collections::BTreeMap, path::Path, process::Stdio, time::Duration};

use anyhow::{Context, Result, bail};
use samples_helper::testing::unique;
use temporalio_client::Client;

use crate::{Mode, Settings, drive_greetings, median, proc_stat, spawn_worker, spawn_worker_with};

/// The worker variants compared (the helper worker reads `BENCH_WORKER_VARIANT`).
pub(crate) const VARIANTS: [(&str, &str); 6] = [
    (
        "default",
        "the samples' settings: the SDK's defaults (up to 5 workflow and 5 activity pollers, a \
         cache of 1,000 workflows, gzip) on the helper's single-threaded Tokio runtime",
    ),
    (
        "pollers-2",
        "at most 2 workflow-task and 2 activity-task pollers",
    ),
    ("cache-100", "a workflow cache of 100"),
    ("no-gzip", "gRPC messages not gzip-compressed"),
    (
        "multi-thread",
        "the multi-threaded Tokio runtime (`SAMPLES_RUNTIME=multi-thread`)",
    ),
    ("no-gzip+multi-thread", "both"),
];

/// The profile section of the report, or a line saying why there is none.
pub(crate) async fn profile(
    client: &Client,
    address: &str,
    settings: &Settings,
    workflows: usize,
) -> Result<String> {
    let mut out = format!(
        "### Where the Rust worker's CPU goes ({workflows} greeting workflows, {} in flight, `perf` at 999 Hz)\n\n",
        settings.concurrency
    );
    let perf = std::env::var("PERF").unwrap_or_else(|_| "perf".to_owned());
    let has_perf = tokio::process::Command::new(&perf)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .await
        .is_ok_and(|s| s.success());
    if has_perf {
        out += &sampled(client, address, settings, workflows, &perf).await?;
    } else {
        out += "Not sampled: `perf` was not found (Debian: `apt-get install linux-perf`; or set `PERF`).\n\n";
    }

    // Settings, rounds alternating.
    let mut rows: Vec<(&str, Vec<f64>)> = VARIANTS.iter().map(|(v, _)| (*v, Vec::new())).collect();
    for _ in 0..settings.rounds {
        for (variant, cpu) in &mut rows {
            let task_queue = unique("bench-variant");
            let envs = [("BENCH_WORKER_VARIANT", *variant)];
            let mut worker =
                spawn_worker_with(Mode::Helper, settings, address, &task_queue, &envs).await?;
            let (before, _) = proc_stat(worker.pid)?;
            drive_greetings(client, &task_queue, workflows, settings.concurrency).await?;
            let (after, _) = proc_stat(worker.pid)?;
            let _ = worker.child.kill().await;
            cpu.push((after - before).as_secs_f64() * 1e6 / workflows as f64);
        }
    }
    out += "What the worker's settings change (same workload, median of rounds):\n\n| settings | worker CPU per workflow |\n|---|---|\n";
    for ((variant, cpu), (_, what)) in rows.iter().zip(VARIANTS) {
        out += &format!("| `{variant}`: {what} | {:.0} µs |\n", median(cpu.clone()));
    }
    Ok(out + "\n")
}

/// One round under `perf record`, summarised.
async fn sampled(
    client: &Client,
    address: &str,
    settings: &Settings,
    workflows: usize,
    perf: &str,
) -> Result<String> {
    let task_queue = unique("bench-profile");
    let mut worker = spawn_worker(Mode::Helper, settings, address, &task_queue).await?;
    let data = std::env::temp_dir().join(format!("{task_queue}.perf.data"));
    let mut recorder = tokio::process::Command::new(perf)
        .args(["record", "-F", "999", "-p", &worker.pid.to_string(), "-o"])
        .arg(&data)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .context("cannot start perf record")?;
    // Let perf attach before the work starts.
    tokio::time::sleep(Duration::from_millis(500)).await;
    drive_greetings(client, &task_queue, workflows, settings.concurrency).await?;
    let pid = recorder.id().context("perf pid")?;
    std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()?;
    tokio::time::timeout(Duration::from_secs(60), recorder.wait())
        .await
        .context("perf record did not stop")??;
    let _ = worker.child.kill().await;
    let report = summarise(perf, &data).await;
    let _ = std::fs::remove_file(&data);
    report
}

/// `perf report`'s per-symbol self time, summed per crate.
async fn summarise(perf: &str, data: &Path) -> Result<String> {
    let output = tokio::process::Command::new(perf)
        .args([
            "report",
            "--stdio",
            "--no-children",
            "--sort",
            "sym",
            "-q",
            "-i",
        ])
        .arg(data)
        .output()
        .await
        .context("cannot run perf report")?;
    if !output.status.success() {
        bail!(
            "perf report failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut by_crate: BTreeMap<String, f64> = BTreeMap::new();
    let mut symbols: Vec<(f64, String)> = Vec::new();
    for line in text.lines() {
        // `    12.34%  [.] tokio::runtime::…` or `[k] some_kernel_function`
        let line = line.trim();
        let Some((percent, rest)) = line.split_once('%') else {
            continue;
        };
        let Ok(percent) = percent.trim().parse::<f64>() else {
            continue;
        };
        let rest = rest.trim();
        let (kind, symbol) = rest.split_at(rest.find(' ').unwrap_or(rest.len()));
        let symbol = symbol.trim();
        let group = crate_of(kind, symbol);
        *by_crate.entry(group).or_default() += percent;
        symbols.push((percent, symbol.to_owned()));
    }
    let mut crates: Vec<(String, f64)> = by_crate.into_iter().collect();
    crates.sort_by(|a, b| b.1.total_cmp(&a.1));
    symbols.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out = String::from("| where | share of the worker's samples |\n|---|---|\n");
    for (name, percent) in crates.iter().take(14) {
        out += &format!("| {name} | {percent:.1} % |\n");
    }
    let rest: f64 = crates.iter().skip(14).map(|c| c.1).sum();
    if rest > 0.0 {
        out += &format!("| everything else | {rest:.1} % |\n");
    }
    out += "\nThe busiest functions (self time):\n\n| function | share |\n|---|---|\n";
    for (percent, symbol) in symbols.iter().take(10) {
        let short: String = symbol.chars().take(90).collect();
        out += &format!("| `{}` | {percent:.1} % |\n", short.replace('|', "\\|"));
    }
    Ok(out + "\n")
}

/// The crate a symbol belongs to, or the kernel, or the C library it is in.
fn crate_of(kind: &str, symbol: &str) -> String {
    if kind == "[k]" {
        return "the kernel (syscalls: network I/O, futexes, scheduling)".to_owned();
    }
    // `<tokio::… as core::future::Future>::poll` belongs to tokio; `_$LT$h2..` to h2.
    let trimmed = symbol.trim_start_matches('<').trim_start_matches("_$LT$");
    let first = trimmed
        .split("::")
        .next()
        .unwrap_or(trimmed)
        .split('<')
        .next()
        .unwrap_or(trimmed);
    if first.starts_with("0x") || first.is_empty() {
        return "unresolved addresses".to_owned();
    }
    if !symbol.contains("::") {
        // A C function: the allocator, memcpy, the TLS library…
        return match first {
            f if f.contains("malloc") || f.contains("free") || f.starts_with("_int_") => {
                "libc: the allocator".to_owned()
            }
            f if f.starts_with("__mem") || f.starts_with("mem") => "libc: memcpy/memset".to_owned(),
            _ => "other C functions".to_owned(),
        };
    }
    match first {
        "core" | "alloc" | "std" => "Rust std (core, alloc, std)".to_owned(),
        c => c.to_owned(),
    }
}
