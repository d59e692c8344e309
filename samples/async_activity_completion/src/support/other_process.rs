//! Not part of the lesson: the starter's `--handoff-dir` mode runs this program's own
//! `heartbeat` and `complete` subcommands as separate processes, so the demo shows the activity
//! finished by a process that never ran it, with nothing but its task token.

use anyhow::{Result, bail};
use samples_helper::Connected;

/// Runs `heartbeat`, then `complete --result <result>`, each in a process of its own connected
/// to the same server and namespace as `connected`.
pub fn heartbeat_then_complete(
    connected: &Connected,
    task_token: &str,
    result: &str,
) -> Result<()> {
    let me = std::env::current_exe()?;
    for args in [
        vec!["heartbeat", "--token", task_token],
        vec!["complete", "--token", task_token, "--result", result],
    ] {
        println!("Running `{} {}` in another process", me.display(), args[0]);
        let status = std::process::Command::new(&me)
            .args(["--address", &connected.address])
            .args(["--namespace", &connected.namespace])
            .args(&args)
            .status()?;
        if !status.success() {
            bail!("`{}` failed ({status})", args[0]);
        }
    }
    Ok(())
}
