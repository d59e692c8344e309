//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p mtls gen-certs --out samples/mtls/certs
//! cargo run -p mtls tls-front --certs samples/mtls/certs --listen 127.0.0.1:7443
//! cargo run -p mtls -- --address 127.0.0.1:7443 --tls-cert-path samples/mtls/certs/client.crt \
//!     --tls-key-path samples/mtls/certs/client.key --tls-ca-path samples/mtls/certs/ca.crt worker
//! ```

use std::{net::SocketAddr, path::PathBuf, process::ExitCode};

use anyhow::Result;
use clap::{Parser, Subcommand};
use mtls::{TASK_QUEUE, TlsFront, WORKFLOW_ID, client};
use samples_helper::ConnectArgs;

#[derive(Parser)]
#[command(
    about = "Temporal mTLS sample: client certificates, a CA, a server name, and a local TLS front"
)]
struct Cli {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a worker (pass the TLS flags, or TEMPORAL_TLS_* variables, or a profile).
    Worker {
        /// Task queue to poll.
        #[arg(long, default_value = TASK_QUEUE)]
        task_queue: String,
    },
    /// Start the greeting workflow over the TLS connection and print its result.
    Starter {
        /// Who to greet.
        #[arg(long, default_value = "World")]
        name: String,
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
        /// Task queue of the worker.
        #[arg(long, default_value = TASK_QUEUE)]
        task_queue: String,
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

fn main() -> ExitCode {
    samples_helper::exit_report(app())
}

#[tokio::main]
async fn app() -> Result<()> {
    samples_helper::init_tracing();
    let cli = Cli::parse();
    match cli.command {
        Command::Worker { task_queue } => {
            let connected = cli.connect.connect().await?;
            println!(
                "Connected to {} over TLS as the client certificate's identity",
                connected.address
            );
            samples_helper::run_worker(&connected.client, mtls::worker_options(&task_queue)?).await
        }
        Command::Starter {
            name,
            workflow_id,
            task_queue,
        } => {
            let connected = cli.connect.connect().await?;
            let run_id = client::start(&connected.client, &task_queue, &workflow_id, name).await?;
            connected.print_started(&workflow_id, &run_id);
            let result = client::greeting(&connected.client, &workflow_id).await?;
            println!("Result: {result}");
            Ok(())
        }
        Command::GenCerts { out } => mtls::generate_certs(&out),
        Command::TlsFront {
            certs,
            listen,
            upstream,
        } => {
            let _front = TlsFront::start(&certs, listen, &upstream)?;
            println!(
                "TLS front ready: https://{listen} -> grpc://{upstream} (client certificates required). Ctrl-C to stop."
            );
            tokio::signal::ctrl_c().await?;
            println!("Stopping the TLS front.");
            Ok(())
        }
    }
}
