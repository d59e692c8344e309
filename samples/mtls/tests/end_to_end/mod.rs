//! End-to-end tests through a real nginx mTLS front to a real dev server.

use std::{
    net::{SocketAddr, TcpListener},
    path::PathBuf,
    sync::OnceLock,
};

use anyhow::{Result, anyhow};
use mtls::{MtlsFiles, TlsFront, client};
use samples_helper::Workers;
use samples_helper::{
    ConnectArgs,
    testing::{server_address, unique},
};

/// Certificates, generated once per test run into a temporary directory (never committed).
fn certs() -> Result<PathBuf> {
    static CERTS: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    CERTS
        .get_or_init(|| {
            let dir = std::env::temp_dir().join(format!("mtls-test-certs-{}", std::process::id()));
            mtls::generate_certs(&dir)
                .map(|()| dir)
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(|e| anyhow!(e))
}

fn free_addr() -> Result<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

/// A TLS front for the test server.
async fn front() -> Result<TlsFront> {
    let upstream = server_address().await?;
    TlsFront::start(&certs()?, free_addr()?, &upstream)
}

/// The connection error for `args` (the shared envconfig route), as text.
async fn connect_error(args: ConnectArgs) -> Result<String> {
    match args.connect().await {
        Ok(_) => Err(anyhow!("the connection should have been refused")),
        Err(e) => Ok(format!("{e:#}")),
    }
}

/// Connects through `front` with the sample's own TLS options.
async fn connect(
    front: &TlsFront,
    files: &MtlsFiles,
    server_name: Option<&str>,
) -> Result<temporalio_client::Client> {
    let tls = client::tls_options(files, server_name)?;
    client::connect(&front.address().to_string(), "default", tls).await
}

/// The sample's connection error, as text.
async fn sample_connect_error(
    front: &TlsFront,
    files: &MtlsFiles,
    server_name: Option<&str>,
) -> Result<String> {
    match connect(front, files, server_name).await {
        Ok(_) => Err(anyhow!("the connection should have been refused")),
        Err(e) => Ok(format!("{e:#}")),
    }
}

#[tokio::test]
async fn worker_and_starter_run_through_the_tls_front() -> Result<()> {
    let front = front().await?;
    let client = connect(&front, &MtlsFiles::in_dir(&certs()?), None).await?;
    let task_queue = unique("mtls");
    let workflow_id = unique("hello-mtls");
    let result = Workers::new(&client, mtls::worker_options(&task_queue)?)
        .run_while(async {
            let handle =
                hello_activity::client::start(&client, &task_queue, &workflow_id, "TLS").await?;
            anyhow::Ok(hello_activity::client::result(&handle).await?)
        })
        .await??;
    assert_eq!(result, "Hello, TLS!");
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "greeting-over-mtls",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_temporal_toml_profile_carries_the_tls_settings() -> Result<()> {
    let front = front().await?;
    let certs = certs()?;
    // Two profiles, identical but for the server name: the certificate is issued to
    // `temporal.local`, so only the first can verify the server. That the second fails proves
    // the profile's server name is really used (not, say, the address's host).
    let profile = |name: &str, server_name: &str| {
        format!(
            "[profile.{name}]\naddress = \"{}\"\n[profile.{name}.tls]\nclient_cert_path = \"{}\"\nclient_key_path = \"{}\"\nserver_ca_cert_path = \"{}\"\nserver_name = \"{server_name}\"\n",
            front.address(),
            certs.join("client.crt").display(),
            certs.join("client.key").display(),
            certs.join("ca.crt").display(),
        )
    };
    let config = std::env::temp_dir().join(format!("{}.toml", unique("temporal")));
    std::fs::write(
        &config,
        profile("mtls", "temporal.local") + &profile("wrongname", "not-the-server.example"),
    )?;
    let args = |name: &str| ConnectArgs {
        config_file: Some(config.clone()),
        profile: Some(name.into()),
        // The test runner may set TEMPORAL_ADDRESS, which would (rightly) win over the profile.
        ignore_env: true,
        ..ConnectArgs::default()
    };
    let connected = args("mtls").connect().await?;
    assert!(
        connected.address.starts_with("https://"),
        "{}",
        connected.address
    );
    let error = connect_error(args("wrongname")).await?;
    assert!(
        error.contains("TLS handshake failed") && error.contains("--tls-server-name"),
        "{error}"
    );
    Ok(())
}

#[tokio::test]
async fn no_client_certificate_is_rejected_clearly() -> Result<()> {
    let front = front().await?;
    let args = ConnectArgs {
        tls_ca_path: Some(certs()?.join("ca.crt")),
        ..ConnectArgs::for_address(front.address().to_string())
    };
    let error = connect_error(args).await?;
    assert!(error.contains("no client certificate was sent"), "{error}");
    assert!(error.contains("400 Bad Request"), "{error}");
    Ok(())
}

#[tokio::test]
async fn a_client_certificate_from_another_ca_is_rejected() -> Result<()> {
    let front = front().await?;
    let certs = certs()?;
    let files = MtlsFiles {
        client_cert: certs.join("other-client.crt"),
        client_key: certs.join("other-client.key"),
        ..MtlsFiles::in_dir(&certs)
    };
    let error = sample_connect_error(&front, &files, None).await?;
    assert!(
        error.contains("the server refused this client's certificate"),
        "{error}"
    );
    assert!(error.contains("400 Bad Request"), "{error}");
    Ok(())
}

#[tokio::test]
async fn a_server_certificate_from_another_ca_is_refused() -> Result<()> {
    let front = front().await?;
    let certs = certs()?;
    // Trusting the wrong CA: this client cannot verify the server, whatever it is called.
    let files = MtlsFiles {
        server_ca: certs.join("other-ca.crt"),
        ..MtlsFiles::in_dir(&certs)
    };
    let error = sample_connect_error(&front, &files, None).await?;
    assert!(
        error.contains("this client refused the server's certificate"),
        "{error}"
    );
    Ok(())
}

#[tokio::test]
async fn a_wrong_server_name_is_rejected() -> Result<()> {
    let front = front().await?;
    let files = MtlsFiles::in_dir(&certs()?);
    let error = sample_connect_error(&front, &files, Some("wrong.example")).await?;
    assert!(
        error.contains("this client refused the server's certificate"),
        "{error}"
    );
    assert!(error.contains("wrong.example"), "{error}");
    // The right name (one on the server's certificate) works.
    connect(&front, &files, Some("temporal.local")).await?;
    Ok(())
}

#[tokio::test]
async fn a_missing_certificate_file_is_named_before_dialling() -> Result<()> {
    let files = MtlsFiles {
        client_cert: PathBuf::from("/nonexistent/client.crt"),
        ..MtlsFiles::in_dir(&certs()?)
    };
    let error = format!(
        "{:#}",
        client::tls_options(&files, None)
            .err()
            .ok_or_else(|| anyhow!("a missing file should be an error"))?
    );
    assert!(
        error.contains("cannot read the client certificate `/nonexistent/client.crt`"),
        "{error}"
    );
    // The shared envconfig route names it too.
    let args = ConnectArgs {
        tls_cert_path: Some(PathBuf::from("/nonexistent/client.crt")),
        tls_key_path: Some(certs()?.join("client.key")),
        tls_ca_path: Some(certs()?.join("ca.crt")),
        ..ConnectArgs::for_address("127.0.0.1:1")
    };
    let error = connect_error(args).await?;
    assert!(
        error.contains("cannot read the TLS client certificate file `/nonexistent/client.crt`"),
        "{error}"
    );
    Ok(())
}
