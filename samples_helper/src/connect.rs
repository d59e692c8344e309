//! Connecting to a Temporal server from flags, environment variables and `temporal.toml`.

use anyhow::{Context, Result, anyhow};
use clap::Args;
use std::{path::PathBuf, time::Duration};
use temporalio_client::{
    Client, ClientOptions, Connection, ConnectionOptions, ErasedClientPlugin, NamespacedClient,
    WorkflowHandle,
    envconfig::{ClientConfigProfile, DataSource, LoadClientConfigProfileOptions},
    errors::ClientConnectError,
};
use temporalio_common::{
    HasWorkflowDefinition,
    data_converters::DataConverter,
    envconfig::{ClientConfigTLS, load_client_config_profile},
    telemetry::metrics::TemporalMeter,
};

/// The Web UI of a local `temporal server start-dev`.
pub const DEFAULT_UI_URL: &str = "http://localhost:8233";

/// How long to wait for the server before giving up with a clear error.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Connection flags shared by every sample's subcommands.
///
/// Names follow the `temporal` CLI and the SDK's envconfig, so an environment that works for
/// one works for the other. Precedence: flag, then environment variable, then the selected
/// `temporal.toml` profile, then the defaults (`localhost:7233`, namespace `default`).
#[derive(Args, Debug, Clone, Default)]
#[command(about = None, long_about = None, next_help_heading = "Temporal connection")]
pub struct ConnectArgs {
    /// Temporal frontend address, `host:port` or a URL.
    #[arg(long, env = "TEMPORAL_ADDRESS", global = true)]
    pub address: Option<String>,
    /// Temporal namespace.
    #[arg(long, short = 'n', env = "TEMPORAL_NAMESPACE", global = true)]
    pub namespace: Option<String>,
    /// API key (sent as a bearer token; turns TLS on unless `--tls=false`).
    #[arg(long, env = "TEMPORAL_API_KEY", global = true, hide_env_values = true)]
    pub api_key: Option<String>,
    /// Profile to load from the config file.
    #[arg(long, env = "TEMPORAL_PROFILE", global = true)]
    pub profile: Option<String>,
    /// Path to `temporal.toml` (default: the platform's config directory).
    #[arg(long, env = "TEMPORAL_CONFIG_FILE", global = true)]
    pub config_file: Option<PathBuf>,
    /// Use TLS (implied by any other TLS option or an API key).
    #[arg(long, env = "TEMPORAL_TLS", global = true, num_args = 0..=1, default_missing_value = "true")]
    pub tls: Option<bool>,
    /// Client certificate (PEM) for mTLS.
    #[arg(long, env = "TEMPORAL_TLS_CLIENT_CERT_PATH", global = true)]
    pub tls_cert_path: Option<PathBuf>,
    /// Client private key (PEM) for mTLS.
    #[arg(long, env = "TEMPORAL_TLS_CLIENT_KEY_PATH", global = true)]
    pub tls_key_path: Option<PathBuf>,
    /// CA certificate (PEM) that signed the server's certificate.
    #[arg(long, env = "TEMPORAL_TLS_SERVER_CA_CERT_PATH", global = true)]
    pub tls_ca_path: Option<PathBuf>,
    /// Server name to verify the server's certificate against (SNI).
    #[arg(long, env = "TEMPORAL_TLS_SERVER_NAME", global = true)]
    pub tls_server_name: Option<String>,
    /// Base URL of the Temporal Web UI, for the links the starters print.
    #[arg(long, env = "TEMPORAL_UI_URL", global = true, default_value = DEFAULT_UI_URL)]
    pub ui_url: String,
    /// Ignore `TEMPORAL_*` environment variables when loading the profile (for tests that
    /// check a profile on its own). Not a flag.
    #[arg(skip)]
    pub ignore_env: bool,
}

/// What a client carries beyond the connection flags. Workers built from the client share all
/// of it: the data converter, and the plugins' worker-side interceptors.
#[derive(Default)]
pub struct ClientSetup {
    /// Payload conversion, e.g. with a codec (see [`crate::codec::data_converter_with_codec`]).
    pub data_converter: DataConverter,
    /// Where the client records its own metrics (`temporal_request`, …); none by default.
    pub metrics_meter: Option<TemporalMeter>,
    /// Client plugins, e.g. the SDK's OpenTelemetry tracing plugin.
    pub plugins: Vec<ErasedClientPlugin>,
    /// Client interceptors (outermost first), e.g. one that adds headers to every start.
    pub interceptors: Vec<std::sync::Arc<dyn temporalio_client::interceptors::ClientInterceptor>>,
}

/// A connected, namespace-bound client plus what the samples print about it.
#[derive(Clone)]
pub struct Connected {
    /// The SDK client. Workers built from it share its data converter.
    pub client: Client,
    /// The address that was dialled, for messages.
    pub address: String,
    /// The namespace the client is bound to.
    pub namespace: String,
    ui_url: String,
}

impl Connected {
    /// Wraps a client that was connected some other way (e.g. with TLS options a sample builds
    /// itself), so that starters print the same lines and Web UI links.
    pub fn from_client(client: Client, address: impl Into<String>, ui_url: &str) -> Self {
        Self {
            namespace: client.namespace().to_owned(),
            client,
            address: address.into(),
            ui_url: ui_url.to_owned(),
        }
    }

    /// Prints the lines every starter prints after starting a workflow: its id, run id and the
    /// Web UI page where its history can be read.
    pub fn print_started(&self, workflow_id: &str, run_id: &str) {
        println!("Started workflow {workflow_id} (run {run_id})");
        println!("Web UI: {}", self.workflow_url(workflow_id, run_id));
    }

    /// [`print_started`](Self::print_started) for the execution a workflow handle names.
    pub fn print_handle<W: HasWorkflowDefinition>(&self, handle: &WorkflowHandle<Client, W>) {
        let info = handle.info();
        self.print_started(
            &info.workflow_id,
            info.run_id.as_deref().unwrap_or_default(),
        );
    }

    /// The Web UI page of one workflow execution.
    pub fn workflow_url(&self, workflow_id: &str, run_id: &str) -> String {
        format!(
            "{}/namespaces/{}/workflows/{}/{}/history",
            self.ui_url.trim_end_matches('/'),
            self.namespace,
            workflow_id,
            run_id
        )
    }
}

impl ConnectArgs {
    /// Arguments that point at one address and otherwise use defaults (handy in tests).
    pub fn for_address(address: impl Into<String>) -> Self {
        Self {
            address: Some(address.into()),
            ui_url: DEFAULT_UI_URL.to_owned(),
            ..Self::default()
        }
    }

    /// Resolves flags, environment and profile into SDK connection options and a namespace.
    pub fn resolve(&self) -> Result<(ConnectionOptions, String)> {
        let load = LoadClientConfigProfileOptions::builder()
            .maybe_config_source(
                self.config_file
                    .as_ref()
                    .map(|p| DataSource::Path(p.display().to_string())),
            )
            .maybe_config_file_profile(self.profile.clone())
            .disable_env(self.ignore_env)
            .build();
        let mut profile: ClientConfigProfile = load_client_config_profile(load, None)
            .map_err(|e| anyhow!("cannot load the Temporal client configuration: {e}"))?;

        if let Some(address) = &self.address {
            profile.address = Some(address.clone());
        }
        if let Some(namespace) = &self.namespace {
            profile.namespace = Some(namespace.clone());
        }
        if let Some(key) = &self.api_key {
            profile.api_key = Some(key.clone());
        }
        let wants_tls = self.tls == Some(true)
            || self.tls_cert_path.is_some()
            || self.tls_key_path.is_some()
            || self.tls_ca_path.is_some()
            || self.tls_server_name.is_some();
        if wants_tls || self.tls.is_some() {
            let tls = profile.tls.get_or_insert_with(ClientConfigTLS::default);
            tls.disabled = self.tls.map(|on| !on);
            let path = |p: &PathBuf| DataSource::Path(p.display().to_string());
            if let Some(p) = &self.tls_cert_path {
                tls.client_cert = Some(path(p));
            }
            if let Some(p) = &self.tls_key_path {
                tls.client_key = Some(path(p));
            }
            if let Some(p) = &self.tls_ca_path {
                tls.server_ca_cert = Some(path(p));
            }
            if let Some(name) = &self.tls_server_name {
                tls.server_name = Some(name.clone());
            }
        }
        if let Some(tls) = profile.tls.as_mut() {
            read_tls_file(&mut tls.client_cert, "TLS client certificate")?;
            read_tls_file(&mut tls.client_key, "TLS client key")?;
            read_tls_file(&mut tls.server_ca_cert, "TLS server CA certificate")?;
        }

        let namespace = profile
            .namespace
            .clone()
            .unwrap_or_else(|| "default".to_owned());
        let mut options = ConnectionOptions::try_from(profile)
            .map_err(|e| anyhow!("invalid Temporal connection settings: {e}"))?;
        options.connect_timeout = Some(CONNECT_TIMEOUT);
        Ok((options, namespace))
    }

    /// Connects with the SDK's default data converter (JSON payloads, no codec).
    pub async fn connect(&self) -> Result<Connected> {
        self.connect_with(DataConverter::default()).await
    }

    /// Connects with a custom data converter, e.g. one carrying a payload codec
    /// (see [`crate::codec::data_converter_with_codec`]). Workers built from the returned
    /// client use the same converter.
    ///
    /// An unreachable server is a short error naming the address and namespace, never a hang.
    pub async fn connect_with(&self, data_converter: DataConverter) -> Result<Connected> {
        self.connect_with_setup(ClientSetup {
            data_converter,
            ..ClientSetup::default()
        })
        .await
    }

    /// Connects with a data converter, a metrics meter, plugins and interceptors (see
    /// [`ClientSetup`]).
    ///
    /// An unreachable server is a short error naming the address and namespace, never a hang.
    pub async fn connect_with_setup(&self, setup: ClientSetup) -> Result<Connected> {
        let (mut options, namespace) = self.resolve()?;
        options.metrics_meter = setup.metrics_meter;
        let address = options.target.to_string();
        let tls = options.tls_options.is_some();
        let failed = |cause: String| {
            anyhow!("{cause}").context(format!(
                "cannot connect to the Temporal server at {address} (namespace `{namespace}`): {}",
                hint(&cause, tls)
            ))
        };
        let connection =
            match tokio::time::timeout(CONNECT_TIMEOUT, Connection::connect(options)).await {
                Err(_) => return Err(failed(format!("no answer within {CONNECT_TIMEOUT:?}"))),
                Ok(Err(e)) => return Err(failed(describe(&e))),
                Ok(Ok(connection)) => connection,
            };
        let client_options = ClientOptions::new(namespace.clone())
            .data_converter(setup.data_converter)
            .plugins(setup.plugins)
            .client_interceptors(setup.interceptors)
            .build();
        let client = Client::new(connection, client_options)
            .map_err(|e| anyhow!("cannot create the Temporal client: {e}"))?;
        log_connection();
        Ok(Connected {
            client,
            address,
            namespace,
            ui_url: self.ui_url.clone(),
        })
    }
}

/// Replaces a file-path data source by the file's bytes, or fails naming the file.
fn read_tls_file(source: &mut Option<DataSource>, what: &str) -> Result<()> {
    if let Some(DataSource::Path(path)) = source {
        let bytes = std::fs::read(&*path)
            .with_context(|| format!("cannot read the {what} file `{path}`"))?;
        *source = Some(DataSource::Data(bytes));
    }
    Ok(())
}

/// The most useful message in a connection error: the innermost cause, or a gRPC status's message.
fn describe(err: &ClientConnectError) -> String {
    if let ClientConnectError::SystemInfoCallError(status) = err {
        return status.message().to_owned();
    }
    let mut current: &(dyn std::error::Error + 'static) = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

/// What to do about a connection failure, judged from its message.
fn hint(cause: &str, tls: bool) -> &'static str {
    if cause.contains("400 Bad Request") {
        "the server (or the TLS proxy in front of it) refused the request. With mutual TLS this \
         means no client certificate was sent, or it is not signed by a CA the server trusts: \
         check --tls-cert-path and --tls-key-path"
    } else if cause.contains("certificate") || cause.contains("handshake") || cause.contains("tls")
    {
        "the TLS handshake failed: check --tls-ca-path (the CA that signed the server's \
         certificate), --tls-server-name (a name on that certificate) and the client certificate"
    } else if tls {
        "is the address right, and does the server speak TLS there?"
    } else {
        "is it running? Start a local one with `temporal server start-dev`, or point --address / \
         TEMPORAL_ADDRESS at yours"
    }
}

/// The environment variable `cargo xtask test` sets to a file: each successful connection appends
/// the package it was made for (cargo's `CARGO_PKG_NAME` of the running test, or of the sample
/// binary a test runs), so that "every sample's tests reach a server" is a fact of the test
/// run rather than a search through test sources. Unset, nothing is written.
pub const CONNECTIONS_LOG_ENV: &str = "SAMPLES_CONNECTIONS_LOG";

/// Records that this process reached a server (see [`CONNECTIONS_LOG_ENV`]). [`ConnectArgs`]
/// does it for every connection it makes; a sample that connects its own way (env_config, whose
/// lesson is the SDK's own configuration loading) calls it once connected.
pub fn log_connection() {
    let (Some(log), Ok(package)) = (
        std::env::var_os(CONNECTIONS_LOG_ENV),
        std::env::var("CARGO_PKG_NAME"),
    ) else {
        return;
    };
    // One short line per append: concurrent test processes do not interleave within it.
    let appended = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .and_then(|mut f| std::io::Write::write_all(&mut f, format!("{package}\n").as_bytes()));
    if let Err(e) = appended {
        tracing::warn!("cannot append to ${CONNECTIONS_LOG_ENV}: {e}");
    }
}
