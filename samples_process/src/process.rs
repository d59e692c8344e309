//! Helper processes (a dev server, nginx, a collector) that never outlive this process.
//!
//! A child runs under a tiny `sh` watchdog that holds the read end of a pipe whose write end
//! belongs to this process. However this process ends — normally, by panic, by Ctrl-C or by
//! SIGKILL — the pipe closes, the watchdog's `read` returns and it stops the child. No orphan
//! servers, no matter how a test run or a demo dies.

use std::{
    path::Path,
    process::{Child, Command, Stdio},
};

use anyhow::Result;

/// The watchdog: start the program in the background, stop it when stdin reaches end-of-file
/// (this process exited) or when the watchdog itself is signalled.
const WATCHDOG: &str = r#""$0" "$@" & pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
trap 'exit 1' INT TERM HUP
read -r _ || true
"#;

/// Spawns `program args…` under the watchdog, with stdout and stderr going to `log`.
///
/// The program is stopped when the returned child's stdin is closed — explicitly, or because this
/// process exited in any way. Use it for any helper server a test or demo starts.
pub fn spawn_watched(program: &Path, args: &[&str], log: std::fs::File) -> Result<Child> {
    Ok(Command::new("sh")
        .arg("-c")
        .arg(WATCHDOG)
        .arg(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()?)
}
