//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p mtls gen-certs --out samples/mtls/certs
//! cargo run -p mtls tls-front --certs samples/mtls/certs --listen 127.0.0.1:7443
//! cargo run -p mtls worker --certs samples/mtls/certs --address 127.0.0.1:7443
//! cargo run -p mtls starter --certs samples/mtls/certs --address 127.0.0.1:7443
//! ```
//!
//! Without `--certs`, the connection comes from the shared flags, `TEMPORAL_TLS_*` variables or
//! a `temporal.toml` profile (the SDK's envconfig), as it would in production.

use std::{net::SocketAddr, path::PathBuf, process::ExitCode};

use anyhow::Result;
use clap::Subcommand;
use hello_activity::client as greeting;
use mtls::{MtlsFiles, TASK_QUEUE, TlsFront, WORKFLOW_ID, client};
use samples_helper::{ConnectArgs, Connected};

#[derive(clap::Args)]
struct Flags {
    /// Build the TLS options here, from `client.crt`, `client.key` and `ca.crt` in this
    /// directory (with `--address`, `--namespace` and `--tls-server-name`). Without it, the
    /// shared TLS flags, `TEMPORAL_TLS_*` variables or a profile are used.
    #[arg(long, global = true, conflicts_with_all = ["tls_cert_path", "tls_key_path", "tls_ca_path", "profile"])]
    certs: Option<PathBuf>,
    #[command(flatten)]
    connect: ConnectArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Run a worker (pass `--certs`, or the TLS flags, TEMPORAL_TLS_* variables or a profile).
    Worker,
    /// Start the greeting workflow over the TLS connection and print its result.
    Starter {
        /// Who to greet.
        #[arg(long, default_value = "World")]
        name: String,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
    /// Generate a throwaway CA, server and client certificates (and an untrusted "other" CA).
    GenCerts {
        /// Output directory.
        #[arg(long, default_value = "certs")]
        out: PathBuf,
    },
    /// Run nginx as an mTLS front for a dev server, until Ctrl-C.
    TlsFront {
        /// Directory with server.crt, server.key and ca.crt.
        #[arg(long, default_value = "certs")]
        certs: PathBuf,
        /// Address to listen on (TLS).
        #[arg(long, default_value = "127.0.0.1:7443")]
        listen: SocketAddr,
        /// The dev server's plain gRPC address.
        #[arg(long, default_value = "127.0.0.1:7233")]
        upstream: String,
    },
}

/// Connects with the sample's own TLS options when `--certs` is given, else through the shared
/// connection settings (flags, environment, profile).
async fn connect(flags: &Flags) -> Result<Connected> {
    let Some(certs) = &flags.certs else {
        return flags.connect.connect().await;
    };
    let address = flags.connect.address.as_deref().unwrap_or("localhost:7233");
    let namespace = flags.connect.namespace.as_deref().unwrap_or("default");
    let server_name = flags.connect.tls_server_name.as_deref();
    let tls = client::tls_options(&MtlsFiles::in_dir(certs), server_name)?;
    let client = client::connect(address, namespace, tls).await?;
    Ok(Connected::from_client(
        client,
        address,
        &flags.connect.ui_url,
    ))
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal mTLS sample: client certificates, a CA, a server name, and a local TLS front",
        app,
    )
}

async fn app(flags: Flags, command: Command) -> Result<()> {
    match &command {
        Command::Worker => {
            let connected = connect(&flags).await?;
            println!(
                "Connected to {} over TLS as the client certificate's identity",
                connected.address
            );
            samples_helper::Workers::new(&connected.client, mtls::worker_options(TASK_QUEUE)?)
                .run()
                .await
        }
        Command::Starter { name, workflow_id } => {
            let connected = connect(&flags).await?;
            // The application is hello_activity's: only the connection differs.
            let handle = greeting::start(&connected.client, TASK_QUEUE, workflow_id, name).await?;
            connected.print_handle(&handle);
            let result = greeting::result(&handle).await?;
            println!("Result: {result}");
            Ok(())
        }
        Command::GenCerts { out } => mtls::generate_certs(out),
        Command::TlsFront {
            certs,
            listen,
            upstream,
        } => {
            let _front = TlsFront::start(certs, *listen, upstream)?;
            println!(
                "TLS front ready: https://{listen} -> grpc://{upstream} (client certificates required). Ctrl-C to stop."
            );
            tokio::signal::ctrl_c().await?;
            println!("Stopping the TLS front.");
            Ok(())
        }
    }
}
