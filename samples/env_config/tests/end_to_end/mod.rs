//! End-to-end: connections built from profiles reach a real dev server, and run hello_activity's
//! workflow; the wrong address fails naming it.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use env_config::CONFIG_FILE;
use env_config::client;
use hello_activity::ActivityKind;
use samples_helper::Workers;
use samples_helper::testing::{server_address, unique};

#[tokio::test]
async fn the_default_profile_with_the_environment_s_address_runs_a_workflow() -> Result<()> {
    let address = server_address().await?;
    let environment = HashMap::from([("TEMPORAL_ADDRESS".to_owned(), address.clone())]);
    let resolved = client::load(Path::new(CONFIG_FILE), None, Some(&environment))?;
    let client = client::connect(&resolved).await?;
    // This sample connects through the SDK's envconfig, not the helper: say so for the
    // workspace's "every sample's tests reach a server" check.
    samples_helper::log_connection();

    // The application code is hello_activity's, unchanged.
    let task_queue = unique("env-config");
    let workflow_id = unique("env-config");
    let options = hello_activity::worker_options(&task_queue, ActivityKind::Async)?;
    let greeting = Workers::new(&client, options)
        .run_while(async {
            let handle =
                hello_activity::client::start(&client, &task_queue, &workflow_id, "config").await?;
            anyhow::Ok(hello_activity::client::result(&handle).await?)
        })
        .await??;
    assert_eq!(greeting, "Hello, config!");
    Ok(())
}

#[tokio::test]
async fn the_staging_profile_fails_on_its_address_until_code_corrects_it() -> Result<()> {
    let address = server_address().await?;
    let no_environment = HashMap::new();
    let mut resolved = client::load(
        Path::new(CONFIG_FILE),
        Some("staging"),
        Some(&no_environment),
    )?;
    let error = client::connect(&resolved)
        .await
        .err()
        .context("connected to localhost:9999, where nothing listens")?;
    let message = format!("{error:#}");
    assert!(
        message.contains("cannot connect to `localhost:9999` (profile `staging`")
            && message.contains("Connection refused"),
        "{message}"
    );

    client::override_address(&mut resolved, &address);
    client::connect(&resolved).await?;
    Ok(())
}
