//! The client half: connect over mutual TLS, start the workflow, then wait for its greeting.
//! `main.rs` and the tests call these same functions.
//!
//! [`tls_options`] and [`connect`] are the lesson: the SDK's `TlsOptions` built from the four
//! things mutual TLS needs, in the shape you copy into your own code. In production you may not
//! write even that: the shared connection flags, the `TEMPORAL_TLS_*` variables and
//! `temporal.toml` profiles (the SDK's envconfig, read by `samples_helper::ConnectArgs`) carry
//! the same four settings — `main.rs` falls back to them when `--certs` is not given.

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use anyhow::{Context, Result, anyhow};
use temporalio_client::{
    Client, ClientOptions, ClientTlsOptions, Connection, ConnectionOptions, TlsOptions, Url,
    errors::ClientConnectError,
};

// ANCHOR: lesson
/// How long to wait for the TLS handshake and the server's first answer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The files a mutual-TLS client reads, named as `gen-certs.sh` writes them.
#[derive(Debug, Clone)]
pub struct MtlsFiles {
    /// This client's certificate (PEM), signed by a CA the server trusts.
    pub client_cert: PathBuf,
    /// This client's private key (PEM).
    pub client_key: PathBuf,
    /// The CA (PEM) that signed the server's certificate.
    pub server_ca: PathBuf,
}

impl MtlsFiles {
    /// `client.crt`, `client.key` and `ca.crt` in `dir`.
    pub fn in_dir(dir: &Path) -> Self {
        Self {
            client_cert: dir.join("client.crt"),
            client_key: dir.join("client.key"),
            server_ca: dir.join("ca.crt"),
        }
    }
}

/// The SDK's TLS options for mutual TLS: the client's certificate and key (who this client is),
/// the CA that signed the server's certificate (who the server must be), and the name to check
/// the server's certificate against when the address is not one of its names.
///
/// A file that cannot be read is an error naming it, before any connection is tried.
pub fn tls_options(files: &MtlsFiles, server_name: Option<&str>) -> Result<TlsOptions> {
    let read = |path: &Path, what: &str| {
        std::fs::read(path).with_context(|| format!("cannot read the {what} `{}`", path.display()))
    };
    let client = ClientTlsOptions::builder()
        .client_cert(read(&files.client_cert, "client certificate")?)
        .client_private_key(read(&files.client_key, "client private key")?)
        .build();
    Ok(TlsOptions::builder()
        .server_root_ca_cert(read(&files.server_ca, "server CA certificate")?)
        .maybe_domain(server_name.map(str::to_owned))
        .client_tls_options(client)
        .build())
}

/// Connects to `address` (`host:port`) over mutual TLS and binds a client to `namespace`.
///
/// The SDK only dials when asked to connect, so every TLS mistake shows up here, as an error
/// that says which side refused: the server (our certificate) or this client (the server's).
pub async fn connect(address: &str, namespace: &str, tls: TlsOptions) -> Result<Client> {
    let url = Url::parse(&format!("https://{address}"))
        .with_context(|| format!("`{address}` is not a valid host:port"))?;
    let options = ConnectionOptions::new(url)
        .tls_options(tls)
        .connect_timeout(CONNECT_TIMEOUT)
        .build();
    let connection = match tokio::time::timeout(CONNECT_TIMEOUT, Connection::connect(options)).await
    {
        Ok(Ok(connection)) => connection,
        Ok(Err(e)) => {
            let cause = innermost(&e);
            return Err(anyhow!("{cause}").context(format!(
                "cannot connect to {address} over mutual TLS: {}",
                why(&cause)
            )));
        }
        Err(_) => {
            return Err(anyhow!(
                "cannot connect to {address} over mutual TLS: no answer within {CONNECT_TIMEOUT:?}"
            ));
        }
    };
    Client::new(connection, ClientOptions::new(namespace).build())
        .map_err(|e| anyhow!("cannot create the Temporal client: {e}"))
}

/// The most telling part of a connection error: the server's status message when it answered,
/// else the innermost cause (the TLS library's own words).
fn innermost(err: &ClientConnectError) -> String {
    if let ClientConnectError::SystemInfoCallError(status) = err {
        return status.message().to_owned();
    }
    let mut current: &(dyn std::error::Error + 'static) = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

/// What a mutual-TLS failure means, judged from its cause. A server that checks client
/// certificates itself aborts the handshake with an alert; a TLS proxy such as nginx completes
/// it and answers the first request with 400.
fn why(cause: &str) -> &'static str {
    if cause.contains("400 Bad Request") || cause.contains("received fatal alert") {
        "the server refused this client's certificate (is it signed by a CA the server trusts?)"
    } else if cause.contains("certificate") || cause.contains("handshake") {
        "this client refused the server's certificate (is it signed by the server CA given, and \
         issued to the server name?)"
    } else {
        "is the address right, and does the server speak TLS there?"
    }
}

// ANCHOR_END: lesson
