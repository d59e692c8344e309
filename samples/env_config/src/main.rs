//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p env_config worker [--profile default] [--config-file samples/env_config/config.toml]
//! cargo run -p env_config starter [--profile default]
//! cargo run -p env_config load-profile [--profile staging] [--address localhost:7233]
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use env_config::client::{self, Resolved, Source};
use hello_activity::ActivityKind;
use samples_helper::Workers;

#[derive(Parser)]
#[command(about = "Temporal environment configuration sample")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Profile {
    /// Profiles file (TOML).
    #[arg(long, default_value = env_config::CONFIG_FILE)]
    config_file: PathBuf,
    /// Profile name (default: `TEMPORAL_PROFILE`, else `default`).
    #[arg(long)]
    profile: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Run hello_activity's worker, connected from a profile.
    Worker(Profile),
    /// Load a profile (Python's load_from_file.py), connect, and run hello_activity's workflow.
    Starter(Profile),
    /// Load a profile and correct its address in code (Python's load_profile.py), then connect.
    LoadProfile {
        /// Profiles file (TOML).
        #[arg(long, default_value = env_config::CONFIG_FILE)]
        config_file: PathBuf,
        /// Profile name.
        #[arg(long, default_value = "staging")]
        profile: String,
        /// The address that replaces the profile's.
        #[arg(long, default_value = "localhost:7233")]
        address: String,
    },
}

fn main() -> ExitCode {
    samples_helper::exit_report(samples_helper::runtime().and_then(|rt| rt.block_on(app())))
}

fn print(resolved: &Resolved) {
    println!(
        "Loaded profile `{}` from {}",
        resolved.profile_name,
        resolved.file.display()
    );
    for s in &resolved.settings {
        let source = match &s.source {
            Source::File => "file".to_owned(),
            Source::Environment(variable) => (*variable).to_owned(),
            Source::Code => "code".to_owned(),
            Source::Default => "default".to_owned(),
        };
        let was = s
            .file_value
            .as_ref()
            .map(|v| format!("; the file says {v}"))
            .unwrap_or_default();
        println!("  {}: {} ({source}{was})", s.name, s.value);
    }
}

/// `file` relative to the current directory when it is under it: shorter to read, and the same
/// on every machine when run from the repository's root.
fn shown(file: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| file.strip_prefix(cwd).ok().map(Path::to_owned))
        .unwrap_or_else(|| file.to_owned())
}

fn load(file: &Path, profile: Option<&str>) -> Result<Resolved> {
    let resolved = client::load(&shown(file), profile, None)?;
    print(&resolved);
    Ok(resolved)
}

async fn app() -> Result<()> {
    samples_helper::init_tracing();
    match Cli::parse().command {
        Command::Worker(p) => {
            let resolved = load(&p.config_file, p.profile.as_deref())?;
            let client = client::connect(&resolved).await?;
            let options =
                hello_activity::worker_options(hello_activity::TASK_QUEUE, ActivityKind::Blocking)?;
            Workers::new(&client, options).run().await
        }
        Command::Starter(p) => {
            let resolved = load(&p.config_file, p.profile.as_deref())?;
            let client = client::connect(&resolved).await?;
            println!("Client connected.");
            let handle = hello_activity::client::start(
                &client,
                hello_activity::TASK_QUEUE,
                hello_activity::WORKFLOW_ID,
                "World",
            )
            .await?;
            println!("Result: {}", hello_activity::client::result(&handle).await?);
            Ok(())
        }
        Command::LoadProfile {
            config_file,
            profile,
            address,
        } => {
            let mut resolved = client::load(&shown(&config_file), Some(&profile), None)?;
            client::override_address(&mut resolved, &address);
            print(&resolved);
            client::connect(&resolved).await?;
            println!("Client connected.");
            Ok(())
        }
    }
}
