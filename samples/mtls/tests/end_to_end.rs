//! End-to-end tests through a real nginx mTLS front to a real dev server.

use std::{
    net::{SocketAddr, TcpListener},
    path::PathBuf,
    sync::OnceLock,
};

use anyhow::{Result, anyhow};
use mtls::{TlsFront, tls_args};
use samples_helper::{
    ConnectArgs,
    testing::{server_address, unique, with_worker},
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

/// The connection error for `args`, as text.
async fn connect_error(args: ConnectArgs) -> Result<String> {
    match args.connect().await {
        Ok(_) => Err(anyhow!("the connection should have been refused")),
        Err(e) => Ok(format!("{e:#}")),
    }
}

#[tokio::test]
async fn worker_and_starter_run_through_the_tls_front() -> Result<()> {
    let front = front().await?;
    let address = front.address().to_string();
    let client = tls_args(&address, &certs()?, None).connect().await?.client;
    let task_queue = unique("mtls");
    let workflow_id = unique("hello-mtls");
    let result = with_worker(&client, mtls::worker_options(&task_queue)?, async {
        mtls::client::start(&client, &task_queue, &workflow_id, "TLS".to_owned()).await?;
        anyhow::Ok(mtls::client::greeting(&client, &workflow_id).await?)
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
    let args = ConnectArgs {
        tls_cert_path: Some(certs.join("other-client.crt")),
        tls_key_path: Some(certs.join("other-client.key")),
        ..tls_args(&front.address().to_string(), &certs, None)
    };
    let error = connect_error(args).await?;
    assert!(
        error.contains("not signed by a CA the server trusts"),
        "{error}"
    );
    Ok(())
}

#[tokio::test]
async fn a_wrong_server_name_is_rejected() -> Result<()> {
    let front = front().await?;
    let error = connect_error(tls_args(
        &front.address().to_string(),
        &certs()?,
        Some("wrong.example"),
    ))
    .await?;
    assert!(error.contains("TLS handshake failed"), "{error}");
    assert!(error.contains("wrong.example"), "{error}");
    // The right name (one on the server's certificate) works.
    tls_args(
        &front.address().to_string(),
        &certs()?,
        Some("temporal.local"),
    )
    .connect()
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_missing_certificate_file_is_named() -> Result<()> {
    let args = ConnectArgs {
        tls_cert_path: Some(PathBuf::from("/nonexistent/client.crt")),
        ..tls_args("127.0.0.1:1", &certs()?, None)
    };
    let error = connect_error(args).await?;
    assert!(
        error.contains("cannot read the TLS client certificate file `/nonexistent/client.crt`"),
        "{error}"
    );
    Ok(())
}
