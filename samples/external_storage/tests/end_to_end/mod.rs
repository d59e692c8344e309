//! End-to-end tests against a real dev server: a batch far over Temporal's payload limit, a
//! missing object in the middle of a workflow, and bad input.

use std::{
    path::Path,
    sync::{Arc, Mutex},
    time::Duration,
};

use anyhow::{Context, Result, bail};
use async_trait::async_trait;
use external_storage::{
    BatchSummary, ClaimCheckCodec, OrderBatchRequest, Store, client,
    support::{sample_data::generate_orders, store},
};
use futures::stream::BoxStream;
use object_store::{
    GetOptions, GetResult, ListResult, MultipartUpload, ObjectMeta, ObjectStore,
    PutMultipartOptions, PutOptions, PutPayload, PutResult, path::Path as ObjectPath,
};
use samples_helper::{
    Workers,
    testing::{
        Attributes, EventType, event_types, history, server_address, test_client_with, unique,
    },
};
use temporalio_client::{Client, WorkflowDescribeOptions};
use tokio::sync::{mpsc, oneshot};

use crate::storage::scratch_store;

/// What the workflow must return for `batch_id`: the activities' own arithmetic, run here.
async fn expected_summary(batch_id: &str, count: i64) -> Result<BatchSummary> {
    let orders = generate_orders(batch_id, count);
    let processed: Vec<_> = orders
        .iter()
        .map(|o| (o.total_weight_kg, o.customer.address.state == "TX"))
        .collect();
    let n = processed.len() as f64;
    let round = external_storage::activities::round;
    Ok(BatchSummary {
        batch_id: batch_id.to_owned(),
        order_count: count,
        total_shipping_cost_usd: round(
            processed
                .iter()
                .map(|(w, _)| round(2.50 + 1.20 * w, 2))
                .sum(),
            2,
        ),
        total_weight_kg: round(processed.iter().map(|(w, _)| w).sum(), 2),
        avg_delivery_days: round(
            processed
                .iter()
                .map(|(_, tx)| if *tx { 2.0 } else { 5.0 })
                .sum::<f64>()
                / n,
            1,
        ),
    })
}

async fn run_batch(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    batch_id: &str,
    count: i64,
) -> Result<BatchSummary> {
    let request = OrderBatchRequest {
        batch_id: batch_id.to_owned(),
        order_count: count,
    };
    let handle = client::start(client, task_queue, workflow_id, request).await?;
    Ok(client::result(&handle).await?)
}

#[tokio::test]
async fn a_multi_megabyte_batch_round_trips_while_history_stays_small() -> Result<()> {
    let (store, _) = scratch_store()?;
    let codec = ClaimCheckCodec::new(store, "default", external_storage::DEFAULT_THRESHOLD);
    let connected = test_client_with(external_storage::data_converter(codec.clone())).await?;
    let client = &connected.client;
    let task_queue = unique("external-storage");
    let workflow_id = unique("external-storage-big");
    let summary = Workers::new(client, external_storage::worker_options(&task_queue)?)
        .run_while(run_batch(
            client,
            &task_queue,
            &workflow_id,
            "BATCH-big",
            2000,
        ))
        .await??;
    assert_eq!(summary, expected_summary("BATCH-big", 2000).await?);

    // Measured: the batch went to the store twice (fetch_orders' result, process_orders' input,
    // one object), megabytes each; the whole history is a few kilobytes.
    let stored = client::stored_history(client, &codec, &workflow_id).await?;
    let kinds: Vec<EventType> = stored.references.iter().map(|r| r.event_type).collect();
    assert_eq!(
        kinds,
        [
            EventType::ActivityTaskCompleted,
            EventType::ActivityTaskScheduled
        ],
        "{:?}",
        stored.references
    );
    let offloaded: i64 = stored.references.iter().map(|r| r.stored_bytes).sum();
    // Each reference resolves to the batch: 2,000 orders of about 3 KB of JSON.
    for r in &stored.references {
        assert!(r.decoded_bytes > 5 * 1024 * 1024, "{r:?}");
    }
    assert!(offloaded > 4 * 1024 * 1024, "offloaded {offloaded} bytes");
    assert_eq!(
        stored.references[0].reference, stored.references[1].reference,
        "the same batch must be the same object"
    );
    // What stays inline: the small request and summary, and process_orders' result (2,000
    // priced orders, tens of kilobytes compressed, under the threshold).
    assert!(
        stored.history_bytes < 64 * 1024 && (stored.history_bytes as i64) < offloaded / 64,
        "the history is {} bytes ({offloaded} bytes offloaded)",
        stored.history_bytes
    );
    Ok(())
}

#[tokio::test]
async fn records_a_replayable_history_with_references() -> Result<()> {
    // A small batch with a small threshold, so that the committed objects are small too.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/histories/store");
    let codec = ClaimCheckCodec::new(store::open(dir, &[])?, "default", 4096);
    let connected = test_client_with(external_storage::data_converter(codec.clone())).await?;
    let client = &connected.client;
    let task_queue = unique("external-storage");
    let workflow_id = unique("external-storage-replay");
    let summary = Workers::new(client, external_storage::worker_options(&task_queue)?)
        .run_while(run_batch(
            client,
            &task_queue,
            &workflow_id,
            "BATCH-replay",
            5,
        ))
        .await??;
    assert_eq!(summary, expected_summary("BATCH-replay", 5).await?);
    let stored = client::stored_history(client, &codec, &workflow_id).await?;
    assert_eq!(stored.references.len(), 2, "{:?}", stored.references);
    samples_helper::replay::record(
        client,
        env!("CARGO_MANIFEST_DIR"),
        "batch",
        &workflow_id,
        None,
    )
    .await
}

/// A store that, on its first write, hands the written key to the test and waits for it to say
/// go on: the test can then take the object away before anyone reads it.
#[derive(Debug)]
struct Gated {
    inner: Arc<dyn ObjectStore>,
    gate: Mutex<Option<(mpsc::UnboundedSender<String>, oneshot::Receiver<()>)>>,
}

impl std::fmt::Display for Gated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gated({})", self.inner)
    }
}

#[async_trait]
impl ObjectStore for Gated {
    async fn put_opts(
        &self,
        location: &ObjectPath,
        payload: PutPayload,
        opts: PutOptions,
    ) -> object_store::Result<PutResult> {
        let result = self.inner.put_opts(location, payload, opts).await?;
        let gate = self.gate.lock().ok().and_then(|mut gate| gate.take());
        if let Some((written, go_on)) = gate {
            let _ = written.send(location.to_string());
            let _ = go_on.await;
        }
        Ok(result)
    }
    async fn put_multipart_opts(
        &self,
        location: &ObjectPath,
        opts: PutMultipartOptions,
    ) -> object_store::Result<Box<dyn MultipartUpload>> {
        self.inner.put_multipart_opts(location, opts).await
    }
    async fn get_opts(
        &self,
        location: &ObjectPath,
        options: GetOptions,
    ) -> object_store::Result<GetResult> {
        self.inner.get_opts(location, options).await
    }
    async fn delete(&self, location: &ObjectPath) -> object_store::Result<()> {
        self.inner.delete(location).await
    }
    fn list(
        &self,
        prefix: Option<&ObjectPath>,
    ) -> BoxStream<'static, object_store::Result<ObjectMeta>> {
        self.inner.list(prefix)
    }
    async fn list_with_delimiter(
        &self,
        prefix: Option<&ObjectPath>,
    ) -> object_store::Result<ListResult> {
        self.inner.list_with_delimiter(prefix).await
    }
    async fn copy(&self, from: &ObjectPath, to: &ObjectPath) -> object_store::Result<()> {
        self.inner.copy(from, to).await
    }
    async fn copy_if_not_exists(
        &self,
        from: &ObjectPath,
        to: &ObjectPath,
    ) -> object_store::Result<()> {
        self.inner.copy_if_not_exists(from, to).await
    }
}

/// The failure messages of the workflow's failed workflow tasks.
async fn workflow_task_failures(client: &Client, workflow_id: &str) -> Result<Vec<String>> {
    Ok(history(client, workflow_id)
        .await?
        .into_iter()
        .filter_map(|e| match e.attributes {
            Some(Attributes::WorkflowTaskFailedEventAttributes(a)) => {
                Some(a.failure.map(|f| f.message).unwrap_or_default())
            }
            _ => None,
        })
        .collect())
}

#[tokio::test]
async fn a_missing_object_stalls_the_workflow_naming_its_key_and_it_completes_once_restored()
-> Result<()> {
    let dir = std::env::temp_dir().join(unique("external-storage-test"));
    let local = store::open(&dir.display().to_string(), &[])?;
    let (written_tx, mut written) = mpsc::unbounded_channel();
    let (go_on, go_on_rx) = oneshot::channel();
    let gated = Arc::new(Gated {
        inner: local_objects(&dir)?,
        gate: Mutex::new(Some((written_tx, go_on_rx))),
    });
    let store = Store::new(gated, &local.driver_name, &local.bucket);
    let connected = test_client_with(external_storage::data_converter(ClaimCheckCodec::new(
        store, "default", 4096,
    )))
    .await?;
    let client = &connected.client;
    let task_queue = unique("external-storage");
    let workflow_id = unique("external-storage-missing");
    let summary = Workers::new(client, external_storage::worker_options(&task_queue)?)
        .run_while(async {
            let request = OrderBatchRequest {
                batch_id: "BATCH-missing".to_owned(),
                order_count: 20,
            };
            let handle = client::start(client, &task_queue, &workflow_id, request).await?;
            // fetch_orders' result was just written: take it away before the workflow reads it.
            let key = written.recv().await.context("nothing was stored")?;
            let file = dir.join(&key);
            let aside = file.with_extension("aside");
            std::fs::rename(&file, &aside)?;
            let _ = go_on.send(());
            // The workflow cannot go on without its input, and says why: the workflow task fails
            // naming the key, and the server retries it. Nothing is lost meanwhile.
            let failures = wait_for(Duration::from_secs(30), || async {
                let failures = workflow_task_failures(client, &workflow_id).await?;
                Ok((!failures.is_empty()).then_some(failures))
            })
            .await?;
            assert!(
                failures.iter().any(|m| m.contains(&key)),
                "the workflow task failure does not name `{key}`: {failures:?}"
            );
            let status = client
                .get_workflow_handle::<external_storage::ProcessOrderBatchWorkflow>(&workflow_id)
                .describe(WorkflowDescribeOptions::default())
                .await?
                .status();
            assert_eq!(status, temporalio_client::WorkflowExecutionStatus::Running);
            // Restore the object: the next attempt reads it and the workflow completes.
            std::fs::rename(&aside, &file)?;
            anyhow::Ok(client::result(&handle).await?)
        })
        .await??;
    assert_eq!(summary, expected_summary("BATCH-missing", 20).await?);
    let events = event_types(client, &workflow_id).await?;
    assert_eq!(events.last(), Some(&EventType::WorkflowExecutionCompleted));
    Ok(())
}

fn local_objects(dir: &Path) -> Result<Arc<dyn ObjectStore>> {
    Ok(Arc::new(
        object_store::local::LocalFileSystem::new_with_prefix(dir)?,
    ))
}

async fn wait_for<T, F, Fut>(within: Duration, mut check: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Option<T>>>,
{
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if let Some(found) = check().await? {
            return Ok(found);
        }
        if tokio::time::Instant::now() > deadline {
            bail!("not seen within {within:?}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_batch_over_the_limit_fails_at_once_not_retried() -> Result<()> {
    let (store, _) = scratch_store()?;
    let connected = test_client_with(external_storage::data_converter(ClaimCheckCodec::new(
        store, "default", 4096,
    )))
    .await?;
    let client = &connected.client;
    let task_queue = unique("external-storage");
    let workflow_id = unique("external-storage-too-large");
    let outcome = Workers::new(client, external_storage::worker_options(&task_queue)?)
        .run_while(run_batch(
            client,
            &task_queue,
            &workflow_id,
            "BATCH-huge",
            20_000,
        ))
        .await?;
    let err = outcome.expect_err("20,000 orders must fail");
    let text = format!("{err:#}");
    assert!(text.contains("at most 10000"), "{text}");
    let attempts = samples_helper::testing::activity_attempts(client, &workflow_id).await?;
    assert_eq!(
        attempts,
        [("fetch_orders".to_owned(), 1)],
        "non-retryable: one attempt"
    );
    Ok(())
}

/// Runs the sample's binary with `args` against the test server.
async fn run_cli(args: &[&str]) -> Result<(Option<i32>, String, String)> {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_external_storage"))
        .args(args)
        .env("TEMPORAL_ADDRESS", server_address().await?)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_WEB_IDENTITY_TOKEN_FILE")
        .output()
        .await?;
    Ok((
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[tokio::test]
async fn bad_starter_input_is_one_error_line_and_starts_nothing() -> Result<()> {
    let client = &samples_helper::testing::test_client().await?.client;
    let dir = std::env::temp_dir().join(unique("external-storage-test"));
    let dir = dir.display().to_string();
    for (args, expected) in [
        (
            vec!["--order-count", "0"],
            "--order-count must be between 1 and 10000 (got 0)",
        ),
        (
            vec!["--order-count", "-5"],
            "--order-count must be between 1 and 10000 (got -5)",
        ),
        (
            vec!["--order-count", "10001"],
            "--order-count must be between 1 and 10000",
        ),
        (vec!["--order-count", "many"], "invalid value 'many'"),
        (
            vec!["--store", "gs://payloads"],
            "unsupported store `gs://payloads`",
        ),
        (
            vec![
                "--store",
                "s3://temporal-payloads",
                "--store-option",
                "aws_endpint=http://x",
            ],
            "unknown S3 store option `aws_endpint`",
        ),
        (
            vec!["--store", "s3://temporal-payloads"],
            "no S3 credentials",
        ),
        (vec!["--store-option", "endpoint"], "is not key=value"),
        (
            vec![
                "--store",
                "s3://temporal-payloads",
                "--store-option",
                "aws_endpoint=http://127.0.0.1:9",
                "--store-option",
                "aws_access_key_id=test",
                "--store-option",
                "aws_secret_access_key=test",
            ],
            "cannot reach the payload store `temporal-payloads`",
        ),
    ] {
        let workflow_id = unique("external-storage-bad");
        let mut all = vec!["starter", "--workflow-id", &workflow_id];
        if !args.contains(&"--store") {
            all.extend(["--store", &dir]);
        }
        all.extend(args.iter().copied());
        let (code, _, stderr) = run_cli(&all).await?;
        assert_ne!(code, Some(0), "{args:?} must fail");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        // Nothing was started.
        let described = client
            .get_workflow_handle::<external_storage::ProcessOrderBatchWorkflow>(&workflow_id)
            .describe(WorkflowDescribeOptions::default())
            .await;
        assert!(described.is_err(), "{args:?} started `{workflow_id}`");
    }
    Ok(())
}
