//! `cargo xtask chaos`: every sample's demo, run while its worker is SIGKILLed at random moments
//! and restarted, and its dev server (on a persistent database) SIGKILLed and restarted once;
//! the steps' output must equal the fault-free transcript.
//!
//! Each sample runs twice, each time on a fresh server: without faults (its output must equal the
//! transcript, and its steps are timed), then with faults planned at moments drawn from those
//! step times ([`plan`]), so that they land while the workflows run however short the demo is.
//!
//! The transcript is the sample's checkable outcome: each sample's demo prints its results,
//! query answers and final state (balances, bookings and compensations, files, records
//! processed, task tokens, schedule actions), and `cargo xtask demo` already checks it against
//! `transcript.txt`. A fault that loses, repeats or reorders a promised effect changes that
//! output. The random moments come from a seed, printed with the results, so a failing run can
//! be replayed with `--seed`.

use std::{
    path::{Path, PathBuf},
    process::Stdio,
    sync::atomic::{AtomicU32, Ordering},
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use samples_process::devserver::{find_temporal_cli, free_ports, is_serving};
use tokio::{process::Child, process::Command, sync::Mutex};

/// What `chaos` injects into one sample's run.
pub(crate) struct Round {
    /// The faults, in the order they land: which step, and when after it starts.
    pub(crate) plan: Vec<Fault>,
    /// The dev server to kill and restart (for the faults that say so).
    pub(crate) server: Option<ChaosServer>,
    /// Worker kills so far.
    pub(crate) worker_kills: AtomicU32,
    /// Server restarts so far.
    pub(crate) server_restarts: AtomicU32,
    /// Planned faults whose step had finished before their moment came.
    pub(crate) missed: AtomicU32,
    /// Steps run again because they could not connect while the server was down.
    pub(crate) retried: AtomicU32,
}

/// One planned fault.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Fault {
    /// The demo step it lands in (index into the steps).
    pub(crate) step: usize,
    /// How long after the step's process starts.
    pub(crate) at: Duration,
    /// A dev-server SIGKILL and restart instead of a worker SIGKILL.
    pub(crate) server: bool,
}

/// Plans `faults` faults over steps that took `durations` in the fault-free run: each lands in a
/// step chosen with probability proportional to its duration, at a moment drawn uniformly from
/// that duration, so that it falls while the step's workflows run however short the demo is.
/// With `server`, one of them (chosen at random) is a server restart.
pub(crate) fn plan(seed: u64, faults: u32, durations: &[Duration], server: bool) -> Vec<Fault> {
    let mut rng = Rng::new(seed);
    let micros: Vec<u64> = durations
        .iter()
        .map(|d| (d.as_micros() as u64).max(1))
        .collect();
    let total: u64 = micros.iter().sum();
    if micros.is_empty() {
        return Vec::new();
    }
    let server_fault = server.then(|| rng.below(u64::from(faults)) as u32);
    let mut plan: Vec<Fault> = (0..faults)
        .map(|n| {
            let mut pick = rng.below(total);
            let step = micros
                .iter()
                .position(|&m| {
                    if pick < m {
                        true
                    } else {
                        pick -= m;
                        false
                    }
                })
                .unwrap_or(micros.len() - 1);
            Fault {
                step,
                at: Duration::from_micros(rng.below(micros[step])),
                server: Some(n) == server_fault,
            }
        })
        .collect();
    plan.sort_by_key(|f| (f.step, f.at));
    plan
}

/// What the steps report to the fault injector.
#[derive(Debug)]
pub(crate) enum StepEvent {
    /// Step `n`'s process was spawned at this instant.
    Started(usize, tokio::time::Instant),
    /// Step `n`'s process could not reach the server (it was down), so it runs again.
    Retried,
    /// Step `n`'s process exited (the last time, if it ran again).
    Finished(usize),
}

/// SplitMix64: small, seedable, and the same on every machine.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// This sample's seed, from the run's seed and the sample's name (so that one sample can be
/// rerun alone with the same moments).
pub(crate) fn sample_seed(seed: u64, sample: &str) -> u64 {
    sample.bytes().fold(seed ^ 0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A dev server on a persistent SQLite database, which can be SIGKILLed and started again on
/// the same ports and database.
pub(crate) struct ChaosServer {
    cli: PathBuf,
    args: Vec<String>,
    address: String,
    log: PathBuf,
    child: Mutex<Option<Child>>,
}

impl ChaosServer {
    /// Starts a server whose database is `db` and waits until it serves.
    pub(crate) async fn start(db: &Path) -> Result<Self> {
        let [port, ui_port] = free_ports()?;
        let args = [
            "server",
            "start-dev",
            "--headless",
            "--ip",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--ui-port",
            &ui_port.to_string(),
            "--db-filename",
            &db.display().to_string(),
        ]
        .map(str::to_owned)
        .to_vec();
        let server = Self {
            cli: find_temporal_cli()?,
            args,
            address: format!("127.0.0.1:{port}"),
            log: db.with_extension("log"),
            child: Mutex::new(None),
        };
        server.spawn().await?;
        Ok(server)
    }

    /// The `host:port` of its frontend (the same across restarts).
    pub(crate) fn address(&self) -> &str {
        &self.address
    }

    async fn spawn(&self) -> Result<()> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .with_context(|| format!("cannot open `{}`", self.log.display()))?;
        let child = Command::new(&self.cli)
            .args(&self.args)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("cannot start `{}`", self.cli.display()))?;
        *self.child.lock().await = Some(child);
        let started = Instant::now();
        loop {
            if is_serving(&self.cli, &self.address).await {
                return Ok(());
            }
            if started.elapsed() > Duration::from_secs(60) {
                bail!(
                    "the dev server at {} did not serve within 60 s (log: {})",
                    self.address,
                    self.log.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// SIGKILL (no shutdown, as a crash or a power cut), then the same server again.
    pub(crate) async fn kill_and_restart(&self) -> Result<()> {
        if let Some(mut child) = self.child.lock().await.take() {
            let _ = child.start_kill();
            let _ = child.wait().await;
        }
        self.spawn().await
    }

    /// Stops it for good.
    pub(crate) async fn stop(&self) {
        if let Some(mut child) = self.child.lock().await.take() {
            let _ = child.start_kill();
            let _ = child.wait().await;
        }
    }
}

/// Injects the round's planned faults as the steps run: when a step starts, each fault planned
/// for it waits for its moment, then SIGKILLs the worker and starts it again with `respawn` (or
/// SIGKILLs the dev server and starts it again on its database). A fault whose step finishes
/// first is counted as missed. Returns when `events` closes (the steps are done).
pub(crate) async fn inject<F, Fut>(
    round: &Round,
    worker: &Mutex<Child>,
    respawn: F,
    mut events: tokio::sync::mpsc::UnboundedReceiver<StepEvent>,
) -> Result<()>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Child>>,
{
    while let Some(event) = events.recv().await {
        let (step, started) = match event {
            StepEvent::Started(step, started) => (step, started),
            StepEvent::Retried => {
                round.retried.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            StepEvent::Finished(_) => continue,
        };
        let faults = round.plan.iter().filter(|f| f.step == step);
        let mut finished = false;
        for fault in faults {
            if finished {
                round.missed.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            finished = loop {
                tokio::select! {
                    () = tokio::time::sleep_until(started + fault.at) => break false,
                    event = events.recv() => match event {
                        Some(StepEvent::Retried) => {
                            round.retried.fetch_add(1, Ordering::Relaxed);
                        }
                        // The step ended (or the steps did) before this fault's moment.
                        other => {
                            debug_assert!(
                                other.is_none()
                                    || matches!(other, Some(StepEvent::Finished(s)) if s == step)
                            );
                            break true;
                        }
                    },
                }
            };
            if finished {
                round.missed.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            if fault.server
                && let Some(server) = &round.server
            {
                println!(
                    "[chaos] {} ms into step {}: SIGKILL the dev server, then start it again on \
                     its database",
                    fault.at.as_millis(),
                    step + 1
                );
                server.kill_and_restart().await?;
                round.server_restarts.fetch_add(1, Ordering::Relaxed);
                // A worker that gave up while the server was away is restarted too.
                let mut child = worker.lock().await;
                if child.try_wait()?.is_some() {
                    println!(
                        "[chaos] the worker exited while the server was down; starting it again"
                    );
                    *child = respawn().await?;
                }
                continue;
            }
            println!(
                "[chaos] {} ms into step {}: SIGKILL the worker, then start it again",
                fault.at.as_millis(),
                step + 1
            );
            let mut child = worker.lock().await;
            let _ = child.start_kill();
            let _ = child.wait().await;
            round.worker_kills.fetch_add(1, Ordering::Relaxed);
            *child = respawn().await?;
        }
    }
    Ok(())
}

/// One row of the results table.
pub(crate) struct Row {
    pub(crate) sample: String,
    pub(crate) worker_kills: u32,
    pub(crate) server_restarts: u32,
    /// Planned faults whose step finished before their moment.
    pub(crate) missed: u32,
    /// Steps run again because they started while the server was down.
    pub(crate) retried: u32,
    pub(crate) survived: bool,
    /// It failed, and its sample says why it may (`chaos_may_fail`).
    pub(crate) expected: bool,
    pub(crate) checked: String,
    pub(crate) secs: f64,
}

/// The results as Markdown: how it was run, then one row per sample. `rerun` names the rows run
/// again later with the same seed (`--merge`), after a fix.
pub(crate) fn render(rows: &[Row], seed: u64, command: &str, rerun: &[String]) -> String {
    let survived = rows.iter().filter(|r| r.survived).count();
    let expected = rows.iter().filter(|r| r.expected).count();
    let kills: u32 = rows.iter().map(|r| r.worker_kills).sum();
    let restarts: u32 = rows.iter().map(|r| r.server_restarts).sum();
    let missed: u32 = rows.iter().map(|r| r.missed).sum();
    let retried: u32 = rows.iter().map(|r| r.retried).sum();
    let rerun = if rerun.is_empty() {
        String::new()
    } else {
        format!(
            " Rows run again later with the same seed, after a fix: {}.",
            rerun.join(", ")
        )
    };
    let mut out = format!(
        "# Chaos: every sample under worker and server faults\n\n\
         `{command}` — seed {seed} (rerun with `--seed {seed}`).{rerun}\n\n\
         Each sample's demo ran twice on a dev server of its own (SQLite database file): once \
         without faults, to time its steps and check its output against `transcript.txt`, then \
         with its faults planned at moments drawn uniformly from those step times, so they land \
         while the workflows run. {} samples; {kills} worker SIGKILLs and {restarts} dev-server \
         SIGKILL-and-restarts landed ({missed} planned fault(s) came after their step had \
         finished; {retried} step run(s) started while the server was down, could not connect, \
         and ran again, as their user would). {survived} of {} produced exactly their fault-free \
         output; {expected} failed as their design allows (the row says why).\n\n\
         Machine: {}.\n\n\
         | sample | worker kills | server restarts | faults after their step | steps run again | \
         survived | what was checked | seconds |\n\
         |---|---|---|---|---|---|---|---|\n",
        rows.len(),
        rows.len(),
        crate::machine_line(),
    );
    for r in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {:.0} |\n",
            r.sample,
            r.worker_kills,
            r.server_restarts,
            r.missed,
            r.retried,
            match (r.survived, r.expected) {
                (true, _) => "yes",
                (false, true) => "no (by design)",
                (false, false) => "**no**",
            },
            r.checked.replace('|', "\\|").replace('\n', " "),
            r.secs
        ));
    }
    out
}

/// The seed, the rows and the rows already run again of a results file written by [`render`].
pub(crate) fn parse(text: &str) -> Result<(u64, Vec<Row>, Vec<String>)> {
    let seed = text
        .split_once("seed ")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .context("the results file names no seed")?;
    let rerun = text
        .split_once("after a fix: ")
        .and_then(|(_, rest)| rest.split_once(".\n"))
        .map(|(names, _)| names.split(", ").map(str::to_owned).collect())
        .unwrap_or_default();
    let mut rows = Vec::new();
    for line in text
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| sample |"))
    {
        // Cells split on the `|` that `render` did not escape.
        let cells: Vec<String> = line
            .trim_matches('|')
            .replace("\\|", "\u{0}")
            .split('|')
            .map(|c| c.trim().replace('\u{0}', "|"))
            .collect();
        let [
            sample,
            kills,
            restarts,
            missed,
            retried,
            survived,
            checked,
            secs,
        ] = &cells[..]
        else {
            bail!("a results row with {} cells, not 8: {line}", cells.len());
        };
        let number = |cell: &str| -> Result<u32> {
            cell.parse()
                .with_context(|| format!("`{cell}` is not a count in: {line}"))
        };
        rows.push(Row {
            sample: sample.clone(),
            worker_kills: number(kills)?,
            server_restarts: number(restarts)?,
            missed: number(missed)?,
            retried: number(retried)?,
            survived: survived == "yes",
            expected: survived == "no (by design)",
            checked: checked.clone(),
            secs: secs.parse().unwrap_or_default(),
        });
    }
    Ok((seed, rows, rerun))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_is_the_same_for_the_same_seed_and_lands_inside_its_steps() {
        let durations = [
            Duration::from_millis(40),
            Duration::from_secs(3),
            Duration::ZERO,
        ];
        let plan = plan(7, 5, &durations, true);
        assert_eq!(plan, super::plan(7, 5, &durations, true));
        assert_eq!(plan.len(), 5);
        assert_eq!(plan.iter().filter(|f| f.server).count(), 1);
        for fault in &plan {
            assert!(fault.at < durations[fault.step].max(Duration::from_micros(1)));
        }
        // Sorted by step, then moment: the order the injector meets them in.
        assert!(
            plan.windows(2)
                .all(|w| (w[0].step, w[0].at) <= (w[1].step, w[1].at))
        );
        assert!(
            super::plan(7, 5, &durations, false)
                .iter()
                .all(|f| !f.server)
        );
        assert_ne!(plan, super::plan(8, 5, &durations, true));
    }

    #[test]
    fn a_results_file_reads_back_as_it_was_written() -> Result<()> {
        let row = |sample: &str, survived: bool, expected: bool, checked: &str| Row {
            sample: sample.to_owned(),
            worker_kills: 2,
            server_restarts: 1,
            missed: 1,
            retried: 0,
            survived,
            expected,
            checked: checked.to_owned(),
            secs: 12.0,
        };
        let rows = vec![
            row("saga", true, false, "the output equals transcript.txt"),
            row("metrics", false, true, "counters | per process"),
            row("timers", false, false, "differs"),
        ];
        let text = render(&rows, 42, "cargo xtask chaos", &["saga".to_owned()]);
        let (seed, back, rerun) = parse(&text)?;
        assert_eq!((seed, rerun), (42, vec!["saga".to_owned()]));
        assert_eq!(back.len(), 3);
        assert_eq!(back[1].checked, "counters | per process");
        assert!(back[0].survived && back[1].expected && !back[2].survived && !back[2].expected);
        assert_eq!(
            render(&back, 42, "cargo xtask chaos", &["saga".to_owned()]),
            text
        );
        Ok(())
    }

    #[test]
    fn longer_steps_get_more_of_the_faults() {
        let durations = [Duration::from_millis(10), Duration::from_millis(990)];
        let plan = plan(1, 200, &durations, false);
        let in_long = plan.iter().filter(|f| f.step == 1).count();
        assert!(in_long > 180, "{in_long} of 200 in the long step");
    }
}
