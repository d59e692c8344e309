//! End-to-end tests against a real dev server: the activity finished by a task in the worker,
//! and by separate processes (this sample's own binary) holding the task token.

use std::{path::PathBuf, process::Command, time::Duration};

use anyhow::{Context, Result, bail};
use async_activity_completion::{GreetingComposer, Handoff, PendingActivity, client};
use samples_helper::Workers;
use samples_helper::testing::{activity_attempts, test_client, unique};
use temporalio_client::{Client, errors::WorkflowGetResultError};
use temporalio_common::error::IncomingError;

/// Runs this sample's binary as another process would: `subcommand --token …`.
fn other_process(address: &str, args: &[&str]) -> Result<std::process::Output> {
    Command::new(env!("CARGO_BIN_EXE_async_activity_completion"))
        .args(["--address", address])
        .args(args)
        .output()
        .context("cannot run the sample binary")
}

struct Handed {
    client: Client,
    address: String,
    task_queue: String,
    workflow_id: String,
    dir: PathBuf,
}

async fn handed() -> Result<Handed> {
    let connected = test_client().await?;
    let dir = std::env::temp_dir().join(unique("handoff"));
    std::fs::create_dir_all(&dir)?;
    Ok(Handed {
        client: connected.client,
        address: connected.address,
        task_queue: unique("async-completion"),
        workflow_id: unique("hello-async-activity-completion"),
        dir,
    })
}

impl Handed {
    fn composer(&self) -> GreetingComposer {
        GreetingComposer {
            client: self.client.clone(),
            handoff: Handoff::Directory(self.dir.clone()),
        }
    }
}

#[tokio::test]
async fn completed_by_a_task_in_the_worker_as_in_python() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("async-completion");
    let id = unique("hello-async-activity-completion");
    let composer = GreetingComposer {
        client: c.clone(),
        handoff: Handoff::InProcess {
            heartbeats: 2,
            interval: Duration::from_millis(500),
        },
    };
    let result = Workers::new(
        &c,
        async_activity_completion::worker_options(&task_queue, composer)?,
    )
    .run_while(async {
        client::start(&c, &task_queue, &id, "World").await?;
        anyhow::Ok(client::result(&c, &id).await?)
    })
    .await??;
    assert_eq!(result, "Hello, World!");
    assert_eq!(
        activity_attempts(&c, &id).await?,
        [("compose_greeting".to_owned(), 1)]
    );
    samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), "in-process", &id, None).await
}

#[tokio::test]
async fn another_process_heartbeats_and_completes_it_with_the_token() -> Result<()> {
    let h = handed().await?;
    let result = Workers::new(
        &h.client,
        async_activity_completion::worker_options(&h.task_queue, h.composer())?,
    )
    .run_while(async {
        client::start(&h.client, &h.task_queue, &h.workflow_id, "World").await?;
        let pending =
            client::wait_for_pending(&h.dir, &h.workflow_id, Duration::from_secs(20)).await?;
        assert_eq!(pending.input.name, "World");
        for args in [
            vec!["heartbeat", "--token", &pending.task_token],
            vec![
                "complete",
                "--token",
                &pending.task_token,
                "--result",
                "Hello, World, from elsewhere!",
            ],
        ] {
            let out = other_process(&h.address, &args)?;
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        anyhow::Ok(client::result(&h.client, &h.workflow_id).await?)
    })
    .await??;
    assert_eq!(result, "Hello, World, from elsewhere!");
    samples_helper::replay::record(
        &h.client,
        env!("CARGO_MANIFEST_DIR"),
        "other-process",
        &h.workflow_id,
        None,
    )
    .await
}

#[tokio::test]
async fn another_process_fails_it_and_the_workflow_sees_the_reason() -> Result<()> {
    let h = handed().await?;
    let result = Workers::new(
        &h.client,
        async_activity_completion::worker_options(&h.task_queue, h.composer())?,
    )
    .run_while(async {
        client::start(&h.client, &h.task_queue, &h.workflow_id, "World").await?;
        let pending =
            client::wait_for_pending(&h.dir, &h.workflow_id, Duration::from_secs(20)).await?;
        let out = other_process(
            &h.address,
            &[
                "fail",
                "--token",
                &pending.task_token,
                "--reason",
                "not today",
            ],
        )?;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        anyhow::Ok(client::result(&h.client, &h.workflow_id).await)
    })
    .await??;
    let Err(WorkflowGetResultError::Failed(failure)) = &result else {
        bail!("expected a failure, got {result:?}");
    };
    let cause = failure.cause().context("the activity failure's cause")?;
    let IncomingError::Application(app) = cause else {
        bail!("expected an application failure, got {cause:?}");
    };
    assert_eq!(app.type_name(), Some(client::REJECTED));
    assert_eq!(cause.failure().message, "not today");
    // Non-retryable: no second attempt.
    assert_eq!(
        activity_attempts(&h.client, &h.workflow_id).await?,
        [("compose_greeting".to_owned(), 1)]
    );
    samples_helper::replay::record(
        &h.client,
        env!("CARGO_MANIFEST_DIR"),
        "failed",
        &h.workflow_id,
        None,
    )
    .await
}

#[tokio::test]
async fn without_heartbeats_the_attempt_times_out_and_its_token_goes_stale() -> Result<()> {
    let h = handed().await?;
    let result = Workers::new(
        &h.client,
        async_activity_completion::worker_options(&h.task_queue, h.composer())?,
    )
    .run_while(async {
        client::start(&h.client, &h.task_queue, &h.workflow_id, "World").await?;
        // Nobody heartbeats attempt 1: after the 2 s heartbeat timeout it is retried, and the
        // retry hands over a new token.
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        let second = loop {
            let path = h.dir.join(format!("{}-attempt-2.json", h.workflow_id));
            if let Ok(bytes) = std::fs::read(&path) {
                break serde_json::from_slice::<PendingActivity>(&bytes)?;
            }
            if std::time::Instant::now() > deadline {
                bail!("the activity was never retried");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let first: PendingActivity = serde_json::from_slice(&std::fs::read(
            h.dir.join(format!("{}-attempt-1.json", h.workflow_id)),
        )?)?;
        // The stale token is refused with a message saying why.
        let stale = other_process(&h.address, &["complete", "--token", &first.task_token])?;
        assert!(!stale.status.success());
        let stderr = String::from_utf8_lossy(&stale.stderr);
        assert!(
            stderr.contains("not waiting for this token any more"),
            "{stderr}"
        );
        // The current one works.
        let out = other_process(
            &h.address,
            &[
                "complete",
                "--token",
                &second.task_token,
                "--result",
                "second time lucky",
            ],
        )?;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        anyhow::Ok(client::result(&h.client, &h.workflow_id).await?)
    })
    .await??;
    assert_eq!(result, "second time lucky");
    assert_eq!(
        activity_attempts(&h.client, &h.workflow_id).await?,
        [("compose_greeting".to_owned(), 2)]
    );
    Ok(())
}

#[test]
fn a_token_that_is_not_base64_is_refused_clearly() {
    let err = client::decode_token("not a token!").expect_err("not base64");
    assert!(
        format!("{err}").contains("is not a base64 task token"),
        "{err}"
    );
}
