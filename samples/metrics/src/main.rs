//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p metrics worker             # serves http://127.0.0.1:9000/metrics
//! cargo run -p metrics starter            # GreetingWorkflow; client metrics on :9001
//! cargo run -p metrics starter --custom   # StartTwoActivitiesWorkflow
//! cargo run -p metrics scrape             # the custom series the worker recorded
//! ```
//!
//! Traces: `cargo run -p metrics trace-collector` in a third terminal, then pass
//! `--otlp-endpoint http://127.0.0.1:4317` to the worker and the starter (or point it at an
//! OpenTelemetry Collector or Jaeger).

use std::{net::SocketAddr, process::ExitCode, time::Duration};

use anyhow::{Context as _, Result};
use clap::Subcommand;
use metrics::{
    CLIENT_METRICS_ADDRESS, CUSTOM_TASK_QUEUE, CUSTOM_WORKFLOW_ID, TASK_QUEUE,
    WORKER_METRICS_ADDRESS, WORKFLOW_ID, client,
    support::{collector, scrape},
    telemetry::{self, Telemetry},
};
use opentelemetry::trace::TraceContextExt as _;
use opentelemetry_sdk::trace::SdkTracerProvider;
use samples_helper::ConnectArgs;

/// Where a process sends its spans.
#[derive(clap::Args)]
struct TraceExport {
    /// OTLP/gRPC endpoint to export spans to, e.g. `http://127.0.0.1:4317` (a collector, Jaeger,
    /// or `cargo run -p metrics trace-collector`). Without it, no spans are exported, but trace
    /// context still travels with the workflow.
    #[arg(long, env = "OTEL_EXPORTER_OTLP_ENDPOINT")]
    otlp_endpoint: Option<String>,
}

impl TraceExport {
    fn provider(&self, service_name: &str) -> Result<SdkTracerProvider> {
        let exporter = self
            .otlp_endpoint
            .as_deref()
            .map(telemetry::otlp_exporter)
            .transpose()?;
        Ok(telemetry::tracer_provider(service_name, exporter))
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run the workers of both workflows, serving metrics over HTTP.
    Worker {
        /// Address of the Prometheus endpoint (`/metrics`); port 0 picks a free one.
        #[arg(long, default_value = WORKER_METRICS_ADDRESS)]
        metrics_address: SocketAddr,
        #[command(flatten)]
        traces: TraceExport,
        /// How long each `print_and_sleep` activity sleeps, in milliseconds.
        #[arg(long, default_value_t = 1000)]
        sleep_ms: u64,
    },
    /// Start a workflow, wait for its result, and print the client's own metrics.
    Starter {
        /// Who to greet (GreetingWorkflow). A blank name makes the activity fail.
        #[arg(long, default_value = "World")]
        name: String,
        /// Start StartTwoActivitiesWorkflow instead of GreetingWorkflow.
        #[arg(long)]
        custom: bool,
        /// Workflow id (default: `prometheus-workflow-id`, or `custom-metric-workflow-id`).
        #[arg(long)]
        workflow_id: Option<String>,
        /// Address of the client's Prometheus endpoint while the starter runs.
        #[arg(long, default_value = CLIENT_METRICS_ADDRESS)]
        metrics_address: SocketAddr,
        #[command(flatten)]
        traces: TraceExport,
    },
    /// Read a metrics endpoint and print the series whose names start with a prefix.
    Scrape {
        /// The endpoint.
        #[arg(long, default_value_t = format!("http://{WORKER_METRICS_ADDRESS}/metrics"))]
        url: String,
        /// Print series whose name starts with this.
        #[arg(long, default_value = "custom_")]
        filter: String,
        /// Also print histogram buckets (`*_bucket`).
        #[arg(long)]
        buckets: bool,
    },
    /// Receive OTLP/gRPC traces and print each span with its trace and parent.
    TraceCollector {
        /// Address to listen on (4317 is OTLP/gRPC's usual port).
        #[arg(long, default_value = "127.0.0.1:4317")]
        listen: SocketAddr,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli("Temporal metrics and tracing sample", app)
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    match command {
        Command::Worker {
            metrics_address,
            traces,
            sleep_ms,
        } => {
            let telemetry = Telemetry::start(metrics_address, traces.provider("metrics-worker")?)?;
            println!("Metrics: {}", telemetry.metrics_url());
            // The client records its request metrics on the same endpoint and carries the
            // tracing plugin; the workers built from it inherit the plugin.
            let connected = connect.connect_with_setup(telemetry.client_setup()).await?;
            let runtime = telemetry.runtime()?;
            let metrics = telemetry.activity_metrics();
            let result = samples_helper::Workers::all(
                &connected.client,
                vec![
                    metrics::greeting_worker_options(TASK_QUEUE, &metrics)?,
                    metrics::custom_metric_worker_options(
                        CUSTOM_TASK_QUEUE,
                        &metrics,
                        Duration::from_millis(sleep_ms),
                    )?,
                ],
            )
            .on(&runtime)
            .run()
            .await;
            telemetry.shutdown().await;
            result
        }
        Command::Starter {
            name,
            custom,
            workflow_id,
            metrics_address,
            traces,
        } => {
            let provider = traces.provider("metrics-starter")?;
            let telemetry = Telemetry::start(metrics_address, provider.clone())?;
            let connected = connect.connect_with_setup(telemetry.client_setup()).await?;
            // An application span around the Temporal calls makes the whole request one trace.
            let (cx, trace_id) = client::root_span(&provider, "starter");
            match &traces.otlp_endpoint {
                Some(endpoint) => println!("Trace id: {trace_id} (exported to {endpoint})"),
                None => println!(
                    "Trace id: {trace_id} (not exported: pass --otlp-endpoint to see the spans)"
                ),
            }
            let c = &connected.client;
            let outcome = opentelemetry::trace::FutureExt::with_context(
                async {
                    if custom {
                        let workflow_id = workflow_id.as_deref().unwrap_or(CUSTOM_WORKFLOW_ID);
                        let handle =
                            client::start_two_activities(c, CUSTOM_TASK_QUEUE, workflow_id).await?;
                        connected.print_handle(&handle);
                        client::two_activities_done(c, workflow_id).await?;
                        println!("Result: both activities done");
                    } else {
                        let workflow_id = workflow_id.as_deref().unwrap_or(WORKFLOW_ID);
                        let handle =
                            client::start_greeting(c, TASK_QUEUE, workflow_id, &name).await?;
                        connected.print_handle(&handle);
                        println!("Result: {}", client::greeting(c, workflow_id).await?);
                    }
                    anyhow::Ok(())
                },
                cx.clone(),
            )
            .await;
            cx.span().end();
            // What the client recorded about its own requests (its endpoint exists only while
            // the starter runs).
            let url = telemetry.metrics_url();
            match client::request_metrics(&url).await {
                Ok(samples) => {
                    println!("Client metrics ({url}):");
                    samples.iter().for_each(|s| println!("  {}", s.line()));
                }
                Err(e) => tracing::warn!("cannot read the client's metrics: {e:#}"),
            }
            telemetry.shutdown().await;
            outcome
        }
        Command::Scrape {
            url,
            filter,
            buckets,
        } => {
            let samples = scrape::scrape(&url).await?;
            let shown: Vec<_> = samples
                .iter()
                .filter(|s| s.name.starts_with(&filter))
                .filter(|s| buckets || !s.name.ends_with("_bucket"))
                .collect();
            if shown.is_empty() {
                println!(
                    "No series starting with `{filter}` at {url} (yet: run a workflow first)."
                );
            }
            shown.iter().for_each(|s| println!("{}", s.line()));
            Ok(())
        }
        Command::TraceCollector { listen } => {
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("cannot listen on {listen}: pick another --listen"))?;
            println!(
                "Trace collector ready: receiving OTLP/gRPC on http://{listen}. Press Ctrl-C to stop."
            );
            let stop = async {
                let _ = tokio::signal::ctrl_c().await;
            };
            collector::serve(listener, collector::Received::default(), true, stop).await
        }
    }
}
