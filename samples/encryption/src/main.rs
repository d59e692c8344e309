//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p encryption generate-key --key-file keys.json --id key-1
//! cargo run -p encryption worker --key-file keys.json
//! cargo run -p encryption starter --key-file keys.json
//! cargo run -p encryption show-history              # what the server stores
//! cargo run -p encryption codec-server --key-file keys.json
//! ```

use std::{net::SocketAddr, path::PathBuf, process::ExitCode};

use anyhow::{Context, Result};
use clap::Subcommand;
use encryption::{
    KeyFile, TASK_QUEUE, WORKFLOW_ID,
    codec::{ENCODING_KEY, KEY_ID_KEY},
    server::ServerConfig,
};
use samples_helper::ConnectArgs;

#[derive(clap::Args)]
struct Keys {
    /// The key file (see `generate-key`). `ENCRYPTION_KEYS` (the file's JSON) takes precedence.
    #[arg(long, env = "ENCRYPTION_KEY_FILE")]
    key_file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Add a new random key to a key file (creating it), and make it current.
    GenerateKey {
        /// The key file to create or extend.
        #[arg(long, env = "ENCRYPTION_KEY_FILE")]
        key_file: PathBuf,
        /// The new key's id (stored with every payload it encrypts).
        #[arg(long)]
        id: String,
        /// Add the key without making it current (stage it on every worker first).
        #[arg(long)]
        not_current: bool,
    },
    /// Run a worker whose payloads are encrypted.
    Worker {
        #[command(flatten)]
        keys: Keys,
    },
    /// Start the workflow with an encrypted input and print the decrypted result.
    Starter {
        #[command(flatten)]
        keys: Keys,
        /// Who to greet.
        #[arg(long, default_value = "Temporal")]
        name: String,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
    /// Print a workflow's payloads as the server stores them (read without any key).
    ShowHistory {
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
    /// Serve /encode and /decode for the Web UI and the CLI.
    CodecServer {
        #[command(flatten)]
        keys: Keys,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8081")]
        listen: SocketAddr,
        /// Origins allowed to call from a browser (repeatable).
        #[arg(long = "allow-origin", default_values = ["http://localhost:8233", "http://127.0.0.1:8233"])]
        allowed_origins: Vec<String>,
        /// Require `Authorization: Bearer <token>`.
        #[arg(long, env = "CODEC_SERVER_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Largest request body accepted, in bytes.
        #[arg(long, default_value_t = 4 * 1024 * 1024)]
        max_body_bytes: usize,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal encryption sample: AES-256-GCM payload codec, key rotation, codec server",
        app,
    )
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    match command {
        Command::GenerateKey {
            key_file,
            id,
            not_current,
        } => {
            let mut file = if key_file.exists() {
                KeyFile::read(&key_file)?
            } else {
                KeyFile::default()
            };
            anyhow::ensure!(
                !file.keys.contains_key(&id),
                "`{}` already has a key `{id}`; pick a new id",
                key_file.display()
            );
            file.keys.insert(id.clone(), KeyFile::new_key());
            if !not_current || file.current.is_empty() {
                file.current = id.clone();
            }
            file.write(&key_file)
                .with_context(|| format!("cannot write `{}`", key_file.display()))?;
            println!(
                "Added key `{id}` to {} (current key: `{}`; {} key(s) in the ring). Keep this file secret.",
                key_file.display(),
                file.current,
                file.keys.len()
            );
            Ok(())
        }
        Command::Worker { keys } => {
            let ring = encryption::load_key_ring(keys.key_file.as_deref())?;
            println!("Encrypting with key `{}`", ring.current_id());
            let connected = connect
                .connect_with(encryption::data_converter(ring))
                .await?;
            samples_helper::Workers::new(&connected.client, encryption::worker_options(TASK_QUEUE)?)
                .run()
                .await
        }
        Command::Starter {
            keys,
            name,
            workflow_id,
        } => {
            let ring = encryption::load_key_ring(keys.key_file.as_deref())?;
            let connected = connect
                .connect_with(encryption::data_converter(ring))
                .await?;
            // The codec lives in the client's data converter: every payload this client sends is
            // encrypted before it leaves the process, every payload it reads is decrypted here.
            let c = &connected.client;
            let handle = encryption::client::start(c, TASK_QUEUE, &workflow_id, name).await?;
            connected.print_handle(&handle);
            let result = encryption::client::greeting(c, &workflow_id).await?;
            println!("Result (decrypted here, by the client): {result}");
            Ok(())
        }
        Command::ShowHistory { workflow_id } => {
            // A client *without* the codec sees what the server stores.
            let connected = connect.connect().await?;
            let events =
                encryption::client::stored_history(&connected.client, &workflow_id).await?;
            for e in events {
                let payloads = encryption::event_payloads(&e);
                for p in payloads {
                    let meta = |k: &str| {
                        String::from_utf8_lossy(
                            p.metadata.get(k).map(Vec::as_slice).unwrap_or_default(),
                        )
                        .into_owned()
                    };
                    // The event's type, not its number: a worker that died mid-run adds events
                    // (a timed-out workflow task) before the payload's, and the number moves.
                    println!(
                        "{:?}: encoding={} key={} data={} bytes of ciphertext",
                        e.event_type(),
                        meta(ENCODING_KEY),
                        meta(KEY_ID_KEY),
                        p.data.len()
                    );
                }
            }
            Ok(())
        }
        Command::CodecServer {
            keys,
            listen,
            allowed_origins,
            token,
            max_body_bytes,
        } => {
            let ring = encryption::load_key_ring(keys.key_file.as_deref())?;
            let config = ServerConfig {
                allowed_origins,
                token,
                max_body_bytes,
            };
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            println!(
                "Codec server on http://{listen} (origins: {}; auth: {})",
                config.allowed_origins.join(", "),
                if config.token.is_some() {
                    "bearer token"
                } else {
                    "none"
                }
            );
            println!(
                "Use it: temporal workflow show -w {WORKFLOW_ID} --codec-endpoint http://{listen}"
            );
            axum::serve(listener, encryption::server::router(ring, config))
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await?;
            Ok(())
        }
    }
}
