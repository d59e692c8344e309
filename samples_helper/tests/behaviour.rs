//! The helper's behaviour as a user of any sample sees it: through a real binary built the way
//! every sample's `main` is (`samples_helper_probe`: `run_cli`, `ConnectArgs`, `Workers`).
//!
//! Connection errors, the precedence of flags over environment variables over `temporal.toml`
//! profiles, the `TEMPORAL_TLS_*` variables, the runtime, and a worker drained by SIGTERM are the
//! same for every sample, because they all come from here.

use std::{
    io::Write,
    process::{Command, Output, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, Result};
use samples_process::{devserver::DevServer, unique};
use tokio::io::{AsyncBufReadExt, BufReader};

const PROBE: &str = env!("CARGO_BIN_EXE_samples_helper_probe");

/// Addresses where nothing listens (port 1 on loopback refuses at once).
const FLAG_ADDRESS: &str = "127.0.0.1:1";
const ENV_ADDRESS: &str = "127.0.0.1:2";
const PROFILE_ADDRESS: &str = "127.0.0.1:3";

/// Runs the sample binary with no inherited `TEMPORAL_*` variables plus `env`, and returns its
/// output and how long it took.
fn run(args: &[&str], env: &[(&str, &str)]) -> Result<(Output, Duration)> {
    let mut command = Command::new(PROBE);
    command.args(args).stdin(Stdio::null());
    for (key, _) in std::env::vars() {
        if key.starts_with("TEMPORAL_") {
            command.env_remove(key);
        }
    }
    // No profile from the developer's own config directory: an empty one, unless `env` names one.
    let empty = std::env::temp_dir().join(format!("{}.toml", unique("empty")));
    std::fs::write(&empty, "")?;
    command.env("TEMPORAL_CONFIG_FILE", &empty);
    command.env_remove(samples_helper::RUNTIME_ENV);
    command.envs(env.iter().copied());
    let started = Instant::now();
    let output = command.output().context("cannot run the probe binary")?;
    Ok((output, started.elapsed()))
}

/// The one error line a failed command printed, after checking it failed cleanly and fast.
fn error_line(output: &Output, took: Duration) -> Result<String> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "it should have failed: {stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "it panicked: {stderr}");
    assert!(took < Duration::from_secs(5), "it took {took:?} to fail");
    let first = stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .with_context(|| format!("no `error:` line in {stderr}"))?;
    Ok(first.to_owned())
}

/// A `temporal.toml` whose default profile points at `PROFILE_ADDRESS`.
fn profile_file() -> Result<std::path::PathBuf> {
    let path = std::env::temp_dir().join(format!("{}.toml", unique("temporal")));
    let mut file = std::fs::File::create(&path)?;
    writeln!(
        file,
        "[profile.default]\naddress = \"{PROFILE_ADDRESS}\"\nnamespace = \"from-profile\""
    )?;
    Ok(path)
}

#[test]
fn an_unreachable_server_fails_the_worker_and_the_starter_at_once_with_one_line() -> Result<()> {
    for subcommand in ["worker", "starter"] {
        let (output, took) = run(&["--address", FLAG_ADDRESS, subcommand], &[])?;
        let line = error_line(&output, took)?;
        assert!(
            line.starts_with(&format!(
                "error: cannot connect to the Temporal server at http://{FLAG_ADDRESS}/ (namespace `default`)"
            )),
            "{subcommand}: {line}"
        );
        assert!(line.contains("temporal server start-dev"), "{line}");
    }
    Ok(())
}

#[test]
fn a_flag_beats_the_environment_which_beats_the_profile() -> Result<()> {
    let profile = profile_file()?;
    let profile = profile.to_str().context("path")?;
    let cases = [
        // (flag, environment, expected address, expected namespace)
        (
            Some(FLAG_ADDRESS),
            Some(ENV_ADDRESS),
            FLAG_ADDRESS,
            "from-profile",
        ),
        (None, Some(ENV_ADDRESS), ENV_ADDRESS, "from-profile"),
        (None, None, PROFILE_ADDRESS, "from-profile"),
    ];
    for (flag, env, expected, namespace) in cases {
        let mut args = Vec::new();
        if let Some(address) = flag {
            args.extend(["--address", address]);
        }
        args.push("starter");
        let mut vars = vec![("TEMPORAL_CONFIG_FILE", profile)];
        if let Some(address) = env {
            vars.push(("TEMPORAL_ADDRESS", address));
        }
        let (output, took) = run(&args, &vars)?;
        let line = error_line(&output, took)?;
        assert!(
            line.contains(&format!("at http://{expected}/ (namespace `{namespace}`)")),
            "flag {flag:?}, env {env:?}: {line}"
        );
    }
    // The namespace follows the same rule.
    let (output, took) = run(
        &["--namespace", "from-flag", "starter"],
        &[
            ("TEMPORAL_CONFIG_FILE", profile),
            ("TEMPORAL_NAMESPACE", "from-env"),
        ],
    )?;
    assert!(error_line(&output, took)?.contains("(namespace `from-flag`)"));
    let (output, took) = run(
        &["starter"],
        &[
            ("TEMPORAL_CONFIG_FILE", profile),
            ("TEMPORAL_NAMESPACE", "from-env"),
        ],
    )?;
    assert!(error_line(&output, took)?.contains("(namespace `from-env`)"));
    Ok(())
}

#[test]
fn the_tls_environment_variables_are_read() -> Result<()> {
    let missing = |var: &str, what: &str| -> Result<()> {
        let path = format!("/nonexistent/{}.pem", unique("tls"));
        let (output, took) = run(
            &["--address", FLAG_ADDRESS, "starter"],
            &[(var, path.as_str())],
        )?;
        let line = error_line(&output, took)?;
        assert!(
            line.contains(&format!("cannot read the {what} file `{path}`")),
            "{var}: {line}"
        );
        Ok(())
    };
    missing("TEMPORAL_TLS_CLIENT_CERT_PATH", "TLS client certificate")?;
    missing("TEMPORAL_TLS_CLIENT_KEY_PATH", "TLS client key")?;
    missing(
        "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
        "TLS server CA certificate",
    )?;
    // TEMPORAL_TLS=true turns TLS on: the error is about a TLS endpoint, with an https URL.
    let (output, took) = run(
        &["--address", FLAG_ADDRESS, "starter"],
        &[("TEMPORAL_TLS", "true")],
    )?;
    let line = error_line(&output, took)?;
    assert!(line.contains(&format!("https://{FLAG_ADDRESS}")), "{line}");
    assert!(line.contains("does the server speak TLS there?"), "{line}");
    // TEMPORAL_TLS_SERVER_NAME alone turns TLS on too.
    let (output, took) = run(
        &["--address", FLAG_ADDRESS, "starter"],
        &[("TEMPORAL_TLS_SERVER_NAME", "temporal.example")],
    )?;
    assert!(error_line(&output, took)?.contains(&format!("https://{FLAG_ADDRESS}")));
    Ok(())
}

#[test]
fn the_runtime_is_single_threaded_unless_the_environment_asks_for_more() -> Result<()> {
    let flavour = |env: &[(&str, &str)]| -> Result<String> {
        let (output, _) = run(&["runtime"], env)?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let var = samples_helper::RUNTIME_ENV;
    assert_eq!(flavour(&[])?, "CurrentThread");
    assert_eq!(flavour(&[(var, "current-thread")])?, "CurrentThread");
    assert_eq!(flavour(&[(var, "multi-thread")])?, "MultiThread");
    let (output, took) = run(&["runtime"], &[(var, "two-threads")])?;
    let line = error_line(&output, took)?;
    assert!(
        line.contains("SAMPLES_RUNTIME is `two-threads`")
            && line.contains("`current-thread` (the default) or `multi-thread`"),
        "{line}"
    );
    Ok(())
}

/// The address of a server for the test: `TEMPORAL_ADDRESS`, or a dev server of its own.
async fn server() -> Result<(String, Option<DevServer>)> {
    if let Ok(address) = std::env::var("TEMPORAL_ADDRESS")
        && !address.is_empty()
    {
        return Ok((address, None));
    }
    let server = DevServer::start().await?;
    Ok((server.address().to_owned(), Some(server)))
}

#[tokio::test]
async fn sigterm_lets_the_activity_in_flight_finish_and_report() -> Result<()> {
    let (address, _server) = server().await?;
    let task_queue = unique("probe-drain");
    let mut worker = tokio::process::Command::new(PROBE)
        .args(["--address", &address, "worker", "--task-queue", &task_queue])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    let mut lines = BufReader::new(worker.stdout.take().context("worker stdout")?).lines();
    // The workflow's one activity takes 3 s and has one attempt: if the worker dropped it, the
    // workflow would fail instead of returning its result.
    let starter = tokio::process::Command::new(PROBE)
        .args([
            "--address",
            &address,
            "starter",
            "--task-queue",
            &task_queue,
        ])
        .args([
            "--workflow-id",
            &unique("probe-drain"),
            "--activity-ms",
            "3000",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    // Wait until the activity runs, then ask the worker to stop.
    let mut seen = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await? {
            let started = line == "probe activity started";
            seen.push(line);
            if started {
                return anyhow::Ok(());
            }
        }
        anyhow::bail!("the worker's output ended before its activity started")
    })
    .await
    .with_context(|| format!("the activity did not start within 30 s: {seen:?}"))??;
    let signalled = Instant::now();
    let pid = worker.id().context("worker pid")?.to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()?
            .success()
    );
    // The rest of the worker's output: it says it drains, then that it stopped.
    let rest = tokio::time::timeout(Duration::from_secs(30), async {
        let mut rest = Vec::new();
        while let Some(line) = lines.next_line().await? {
            rest.push(line);
        }
        anyhow::Ok(rest)
    })
    .await
    .context("the worker did not close its output after SIGTERM")??;
    let status = tokio::time::timeout(Duration::from_secs(30), worker.wait())
        .await
        .context("the worker did not exit after SIGTERM")??;
    assert!(
        status.success(),
        "the drained worker exited with {status}: {rest:?}"
    );
    assert!(
        rest.iter()
            .any(|l| l.starts_with("SIGTERM received: draining the worker")),
        "{rest:?}"
    );
    assert_eq!(
        rest.last().map(String::as_str),
        Some("Worker stopped."),
        "{rest:?}"
    );
    // It waited for the activity (about 3 s from its start), not merely exited.
    assert!(
        signalled.elapsed() > Duration::from_secs(1),
        "{:?}",
        signalled.elapsed()
    );
    // The activity's one attempt finished and reported before the process exited. A new worker
    // only has to finish the workflow (a lost attempt would have failed it: one attempt, a 10 s
    // timeout), and the result is the first attempt's.
    let _second = tokio::process::Command::new(PROBE)
        .args(["--address", &address, "worker", "--task-queue", &task_queue])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    let output = tokio::time::timeout(Duration::from_secs(30), starter.wait_with_output())
        .await
        .context("the starter did not finish")??;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stdout.trim(), "Result: worked 3000 ms");
    Ok(())
}
