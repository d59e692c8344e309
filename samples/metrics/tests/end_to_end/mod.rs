//! End-to-end tests against a real dev server: the metrics are read over HTTP from the same
//! Prometheus endpoint a real Prometheus would scrape, and the spans from an in-memory
//! exporter or over real OTLP.

use std::{collections::HashMap, net::SocketAddr, time::Duration};

use anyhow::{Context, Result, bail};
use metrics::{
    activities::INVALID_NAME_ERROR,
    client,
    interceptor::{
        ACTIVITIES_COMPLETED, ACTIVITIES_FAILED, ACTIVITIES_STARTED, SCHEDULE_TO_START_LATENCY,
    },
    support::collector::{self, Received},
    support::scrape::{self, Sample},
    telemetry::{self, Telemetry},
};
use opentelemetry::trace::{SpanKind, Status};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SpanData};
use samples_helper::Workers;
use samples_helper::testing::{test_client_with_setup, unique};
use temporalio_client::Client;

const ANY_PORT: &str = "127.0.0.1:0";

fn any_port() -> SocketAddr {
    // A constant that always parses; a test-only shortcut.
    ANY_PORT
        .parse()
        .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 0)))
}

/// Telemetry on a free port, with spans kept in memory.
fn in_memory_telemetry(service: &str) -> Result<(Telemetry, InMemorySpanExporter)> {
    let exporter = InMemorySpanExporter::default();
    let provider = telemetry::tracer_provider(service, Some(exporter.clone()));
    Ok((Telemetry::start(any_port(), provider)?, exporter))
}

async fn greet(client: &Client, task_queue: &str, name: &str) -> Result<String> {
    let workflow_id = unique("prometheus-workflow");
    client::start_greeting(client, task_queue, &workflow_id, name).await?;
    let result = client::greeting(client, &workflow_id).await;
    let record_as = if result.is_ok() {
        "greeting"
    } else {
        "greeting_invalid_name"
    };
    samples_helper::replay::record(
        client,
        env!("CARGO_MANIFEST_DIR"),
        record_as,
        &workflow_id,
        None,
    )
    .await?;
    result
}

fn count(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> Result<f64> {
    Ok(scrape::value(samples, name, labels)?.unwrap_or(0.0))
}

#[tokio::test]
async fn custom_and_sdk_metrics_count_what_ran_including_a_failure() -> Result<()> {
    let (telemetry, _spans) = in_memory_telemetry("metrics-test")?;
    let connected = test_client_with_setup(telemetry.client_setup()).await?;
    let client = &connected.client;
    let task_queue = unique("prometheus-task-queue");
    let runtime = telemetry.runtime()?;
    let options = metrics::greeting_worker_options(&task_queue, &telemetry.activity_metrics())?;

    let outcomes = Workers::new(client, options)
        .on(&runtime)
        .run_while(async {
            let ok1 = greet(client, &task_queue, "Rust").await;
            let ok2 = greet(client, &task_queue, "Prometheus").await;
            let bad = greet(client, &task_queue, "  ").await;
            (ok1, ok2, bad)
        })
        .await?;
    assert_eq!(outcomes.0?, "Hello, Rust!");
    assert_eq!(outcomes.1?, "Hello, Prometheus!");
    let failure = format!("{:#}", outcomes.2.err().context("a blank name must fail")?);
    assert!(failure.contains("blank name"), "{failure}");

    let samples = scrape::scrape(&telemetry.metrics_url()).await?;
    let greeting = [
        ("workflow_type", "GreetingWorkflow"),
        ("activity_type", "compose_greeting"),
    ];
    // Three attempts ran (the failure is non-retryable, so no retries): two completed, one
    // failed — and every series carries both labels.
    assert_eq!(count(&samples, ACTIVITIES_STARTED, &greeting)?, 3.0);
    assert_eq!(count(&samples, ACTIVITIES_COMPLETED, &greeting)?, 2.0);
    assert_eq!(count(&samples, ACTIVITIES_FAILED, &greeting)?, 1.0);
    let latency_count = format!("{SCHEDULE_TO_START_LATENCY}_count");
    assert_eq!(count(&samples, &latency_count, &greeting)?, 3.0);
    let inf_bucket = [greeting[0], greeting[1], ("le", "+Inf")];
    let bucket = format!("{SCHEDULE_TO_START_LATENCY}_bucket");
    assert_eq!(count(&samples, &bucket, &inf_bucket)?, 3.0);
    // No series with other label values sneaked in.
    for name in [ACTIVITIES_STARTED, ACTIVITIES_COMPLETED, ACTIVITIES_FAILED] {
        let series: Vec<_> = samples.iter().filter(|s| s.name == name).collect();
        assert_eq!(series.len(), 1, "{series:?}");
    }

    // The SDK's own metrics are on the same endpoint: the worker's…
    let by_queue = [
        ("workflow_type", "GreetingWorkflow"),
        ("task_queue", task_queue.as_str()),
    ];
    assert_eq!(
        count(&samples, "temporal_workflow_completed", &by_queue)?,
        2.0
    );
    assert_eq!(count(&samples, "temporal_workflow_failed", &by_queue)?, 1.0);
    assert_eq!(
        count(
            &samples,
            "temporal_activity_execution_failed",
            &[("activity_type", "compose_greeting")]
        )?,
        1.0
    );
    // …and the client's, which started the three workflows.
    let starts = [
        ("operation", "StartWorkflowExecution"),
        ("task_queue", task_queue.as_str()),
    ];
    assert_eq!(count(&samples, "temporal_request", &starts)?, 3.0);
    Ok(())
}

#[tokio::test]
async fn schedule_to_start_latency_reveals_activities_waiting_for_a_busy_worker() -> Result<()> {
    let (telemetry, _spans) = in_memory_telemetry("metrics-test")?;
    let connected = test_client_with_setup(telemetry.client_setup()).await?;
    let client = &connected.client;
    let task_queue = unique("custom-metric-task-queue");
    let workflow_id = unique("custom-metric-workflow");
    let sleep = Duration::from_millis(500);
    let runtime = telemetry.runtime()?;
    let options =
        metrics::custom_metric_worker_options(&task_queue, &telemetry.activity_metrics(), sleep)?;

    Workers::new(client, options)
        .on(&runtime)
        .run_while(async {
            client::start_two_activities(client, &task_queue, &workflow_id).await?;
            client::two_activities_done(client, &workflow_id).await
        })
        .await??;
    samples_helper::replay::record(
        client,
        env!("CARGO_MANIFEST_DIR"),
        "two_activities",
        &workflow_id,
        None,
    )
    .await?;

    let samples = scrape::scrape(&telemetry.metrics_url()).await?;
    let labels = [
        ("workflow_type", "StartTwoActivitiesWorkflow"),
        ("activity_type", "print_and_sleep"),
    ];
    assert_eq!(count(&samples, ACTIVITIES_STARTED, &labels)?, 2.0);
    assert_eq!(count(&samples, ACTIVITIES_COMPLETED, &labels)?, 2.0);
    assert_eq!(count(&samples, ACTIVITIES_FAILED, &labels)?, 0.0);
    assert_eq!(
        count(
            &samples,
            &format!("{SCHEDULE_TO_START_LATENCY}_count"),
            &labels
        )?,
        2.0
    );
    // Both were scheduled together, and the worker runs one at a time: the second waited on
    // the task queue while the first ran. Measured from history (the server's timestamps), not
    // from a wall clock in the test: the histogram's total (milliseconds) must match the waits
    // history shows, and include at least the first activity's whole run.
    let (waits, first_run) = history_latencies(client, &workflow_id).await?;
    let history_total: f64 = waits.iter().map(|w| w.as_secs_f64() * 1000.0).sum();
    let recorded = count(
        &samples,
        &format!("{SCHEDULE_TO_START_LATENCY}_sum"),
        &labels,
    )?;
    assert!(
        (recorded - history_total).abs() < 250.0,
        "histogram total {recorded} ms, history says {history_total} ms ({waits:?})"
    );
    assert!(
        history_total >= first_run.as_secs_f64() * 1000.0,
        "the second activity waited {history_total} ms, less than the first one ran ({first_run:?})"
    );
    let all = [labels[0], labels[1], ("le", "+Inf")];
    assert_eq!(
        count(
            &samples,
            &format!("{SCHEDULE_TO_START_LATENCY}_bucket"),
            &all
        )?,
        2.0
    );
    Ok(())
}

/// Waits until `spans()` holds a span named `name` (spans are exported when they end, which
/// for workflow spans can be just after the client sees the result).
async fn wait_for_span<F: Fn() -> Vec<S>, S: Clone>(
    spans: F,
    is_it: impl Fn(&S) -> bool,
    what: &str,
) -> Result<Vec<S>> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let all = spans();
        if all.iter().any(&is_it) {
            return Ok(all);
        }
        if tokio::time::Instant::now() > deadline {
            bail!("no span {what} within 15 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn one_trace_links_client_start_workflow_and_activity_with_the_failure_marked() -> Result<()>
{
    let exporter = InMemorySpanExporter::default();
    let provider = telemetry::tracer_provider("metrics-test", Some(exporter.clone()));
    let telemetry = Telemetry::start(any_port(), provider.clone())?;
    let connected = test_client_with_setup(telemetry.client_setup()).await?;
    let client = &connected.client;
    let task_queue = unique("prometheus-task-queue");
    let runtime = telemetry.runtime()?;
    let options = metrics::greeting_worker_options(&task_queue, &telemetry.activity_metrics())?;

    let (ok, failed) = Workers::new(client, options)
        .on(&runtime)
        .run_while(async {
            (
                greet(client, &task_queue, "Traces").await,
                greet(client, &task_queue, "").await,
            )
        })
        .await?;
    assert_eq!(ok?, "Hello, Traces!");
    assert!(failed.is_err());

    let finished = || {
        let _ = provider.force_flush();
        exporter.get_finished_spans().unwrap_or_default()
    };
    let spans = wait_for_span(
        finished,
        |s: &SpanData| s.name == "RunWorkflow:GreetingWorkflow" && s.status != Status::Unset,
        "RunWorkflow (failed)",
    )
    .await?;
    let traces = traces_of(&spans);
    assert_eq!(
        traces.len(),
        2,
        "one trace per workflow: {:?}",
        names(&spans)
    );
    for trace in traces.values() {
        // client start → workflow run → activity schedule → activity run, each the parent of
        // the next, all in one trace.
        let chain = chain(trace, "RunActivity:compose_greeting")?;
        assert_eq!(
            chain,
            [
                "StartWorkflow:GreetingWorkflow",
                "RunWorkflow:GreetingWorkflow",
                "StartActivity:compose_greeting",
                "RunActivity:compose_greeting",
            ]
        );
        let kind = |name: &str| {
            trace
                .iter()
                .find(|s| s.name == name)
                .map(|s| s.span_kind.clone())
        };
        assert_eq!(
            kind("StartWorkflow:GreetingWorkflow"),
            Some(SpanKind::Client)
        );
        assert_eq!(kind("RunActivity:compose_greeting"), Some(SpanKind::Server));
    }
    // The failed activity's span (and its workflow's) carry the error.
    let errors: Vec<&str> = spans
        .iter()
        .filter_map(|s| match &s.status {
            Status::Error { description } => Some(description.as_ref()),
            _ => None,
        })
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains(INVALID_NAME_ERROR) || e.contains("blank name")),
        "{errors:?}"
    );
    let failed_runs = spans
        .iter()
        .filter(|s| {
            s.name == "RunActivity:compose_greeting" && matches!(s.status, Status::Error { .. })
        })
        .count();
    assert_eq!(failed_runs, 1);
    telemetry.shutdown().await;
    Ok(())
}

fn names(spans: &[SpanData]) -> Vec<&str> {
    spans.iter().map(|s| s.name.as_ref()).collect()
}

fn traces_of(spans: &[SpanData]) -> HashMap<String, Vec<&SpanData>> {
    let mut traces: HashMap<String, Vec<&SpanData>> = HashMap::new();
    for span in spans {
        traces
            .entry(span.span_context.trace_id().to_string())
            .or_default()
            .push(span);
    }
    traces
}

/// The names from the root of `trace` down to the span called `leaf`.
fn chain(trace: &[&SpanData], leaf: &str) -> Result<Vec<String>> {
    let by_id: HashMap<_, _> = trace
        .iter()
        .map(|s| (s.span_context.span_id(), *s))
        .collect();
    let mut current = *trace
        .iter()
        .find(|s| s.name == leaf)
        .with_context(|| format!("no {leaf} span"))?;
    let mut names = vec![current.name.to_string()];
    while let Some(parent) = by_id.get(&current.parent_span_id) {
        names.insert(0, parent.name.to_string());
        current = parent;
    }
    Ok(names)
}

#[tokio::test]
async fn spans_from_client_and_worker_reach_an_otlp_endpoint() -> Result<()> {
    // A real OTLP/gRPC receiver on a free port.
    let listener = tokio::net::TcpListener::bind(ANY_PORT).await?;
    let endpoint = format!("http://{}", listener.local_addr()?);
    let received = Received::default();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(collector::serve(listener, received.clone(), false, async {
        let _ = stopped.await;
    }));

    let provider = telemetry::tracer_provider(
        "metrics-otlp-test",
        Some(telemetry::otlp_exporter(&endpoint)?),
    );
    let telemetry = Telemetry::start(any_port(), provider)?;
    let connected = test_client_with_setup(telemetry.client_setup()).await?;
    let client = &connected.client;
    let task_queue = unique("prometheus-task-queue");
    let runtime = telemetry.runtime()?;
    let options = metrics::greeting_worker_options(&task_queue, &telemetry.activity_metrics())?;
    let greeting = Workers::new(client, options)
        .on(&runtime)
        .run_while(greet(client, &task_queue, "OTLP"))
        .await??;
    assert_eq!(greeting, "Hello, OTLP!");
    // Shutting down flushes the batch of spans still in the process.
    telemetry.shutdown().await;

    let spans = wait_for_span(
        || received.spans(),
        |s| s.name == "RunWorkflow:GreetingWorkflow",
        "RunWorkflow over OTLP",
    )
    .await?;
    let expected = [
        "StartWorkflow:GreetingWorkflow",
        "RunWorkflow:GreetingWorkflow",
        "StartActivity:compose_greeting",
        "RunActivity:compose_greeting",
    ];
    for name in expected {
        let span = spans
            .iter()
            .find(|s| s.name == name)
            .with_context(|| format!("{name} was not exported: {spans:?}"))?;
        assert_eq!(span.service, "metrics-otlp-test");
        assert_eq!(span.trace_id, spans[0].trace_id, "one trace: {spans:?}");
    }
    let root = spans.iter().filter(|s| s.parent_span_id.is_none()).count();
    assert_eq!(root, 1, "{spans:?}");
    let _ = stop.send(());
    server.await??;
    Ok(())
}

#[tokio::test]
async fn a_metrics_address_in_use_is_a_clear_error() -> Result<()> {
    let taken = std::net::TcpListener::bind(ANY_PORT)?;
    let address = taken.local_addr()?;
    let provider = telemetry::tracer_provider::<InMemorySpanExporter>("metrics-test", None);
    let Err(err) = Telemetry::start(address, provider) else {
        bail!("serving metrics on a taken address must fail");
    };
    let message = format!("{err:#}");
    assert!(message.contains(&address.to_string()), "{message}");
    assert!(message.contains("--metrics-address"), "{message}");
    Ok(())
}

#[tokio::test]
async fn scraping_a_dead_endpoint_says_what_to_check() -> Result<()> {
    let address = std::net::TcpListener::bind(ANY_PORT)?.local_addr()?; // closed at once
    let Err(err) = scrape::scrape(&format!("http://{address}/metrics")).await else {
        bail!("scraping nothing must fail");
    };
    assert!(
        format!("{err:#}").contains("is the worker (or starter) running?"),
        "{err:#}"
    );
    Ok(())
}

#[test]
fn the_scrape_config_targets_the_default_endpoints() -> Result<()> {
    let config = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/prometheus.yml"))?;
    for address in [
        metrics::WORKER_METRICS_ADDRESS,
        metrics::CLIENT_METRICS_ADDRESS,
    ] {
        assert!(
            config.contains(&format!("targets: [\"{address}\"]")),
            "prometheus.yml does not scrape {address}"
        );
    }
    Ok(())
}

/// From the workflow's history: each activity's schedule-to-start wait (scheduled event time to
/// started event time), and how long the first activity ran (started to completed).
async fn history_latencies(
    client: &Client,
    workflow_id: &str,
) -> Result<(Vec<Duration>, Duration)> {
    use samples_helper::testing::{Attributes, history};
    let at = |e: &samples_helper::testing::HistoryEvent| -> Result<std::time::SystemTime> {
        let t = e.event_time.as_ref().context("event time")?;
        Ok(std::time::UNIX_EPOCH
            + Duration::from_secs(u64::try_from(t.seconds)?)
            + Duration::from_nanos(u64::try_from(t.nanos)?))
    };
    let events = history(client, workflow_id).await?;
    let mut scheduled = HashMap::new();
    let mut started = HashMap::new();
    let mut waits = Vec::new();
    let mut first_run = None;
    for e in &events {
        match &e.attributes {
            Some(Attributes::ActivityTaskScheduledEventAttributes(_)) => {
                scheduled.insert(e.event_id, at(e)?);
            }
            Some(Attributes::ActivityTaskStartedEventAttributes(a)) => {
                let from = scheduled.get(&a.scheduled_event_id).context("scheduled")?;
                waits.push(at(e)?.duration_since(*from)?);
                started.insert(e.event_id, at(e)?);
            }
            Some(Attributes::ActivityTaskCompletedEventAttributes(a)) if first_run.is_none() => {
                let from = started.get(&a.started_event_id).context("started")?;
                first_run = Some(at(e)?.duration_since(*from)?);
            }
            _ => {}
        }
    }
    Ok((waits, first_run.context("no activity completed")?))
}
