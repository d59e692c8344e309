//! Wiring the observability up: one Prometheus endpoint per process for the SDK's metrics and
//! the custom ones, and OpenTelemetry tracing through the SDK's plugin.
//!
//! Everything here is configuration done once at startup; workflows and activities stay free
//! of it.

use std::{collections::HashMap, net::SocketAddr, sync::Arc, time::Duration};

use anyhow::{Context, Result, anyhow};
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::WithExportConfig as _;
use opentelemetry_sdk::{
    Resource,
    trace::{SdkTracerProvider, SpanExporter},
};
use samples_helper::ClientSetup;
use temporalio_common::telemetry::{
    HistogramBucketOverrides, PrometheusExporterOptions, TelemetryInstance, TelemetryOptions,
    metrics::CoreMeter, start_prometheus_metric_exporter, telemetry_init,
};
use temporalio_sdk::{
    Runtime,
    opentelemetry::{OpenTelemetryPlugin, WorkflowIdGenerator},
    runtime::RuntimeOptions,
};
use tokio::task::AbortHandle;

use crate::interceptor::{ActivityMetrics, SCHEDULE_TO_START_LATENCY};

// ANCHOR: lesson
/// The OpenTelemetry instrumentation scope of this sample's spans.
pub const TRACER_NAME: &str = "temporal-samples-metrics";

/// A process's telemetry: the Prometheus endpoint and its meters, and the tracer provider.
///
/// Build the SDK [`Runtime`] (for workers) and the client from it, so that everything the
/// process does is measured on one endpoint and traced by one provider.
pub struct Telemetry {
    metrics_address: SocketAddr,
    options: TelemetryOptions,
    instance: TelemetryInstance,
    activity_metrics: ActivityMetrics,
    tracer_provider: SdkTracerProvider,
    prometheus_server: AbortHandle,
}

impl Telemetry {
    /// Serves Prometheus metrics on `metrics_address` (port 0 picks a free port) and traces
    /// with `tracer_provider`. Needs a Tokio runtime.
    pub fn start(metrics_address: SocketAddr, tracer_provider: SdkTracerProvider) -> Result<Self> {
        // Buckets fine enough to tell "picked up at once" (a few ms) from "waited for a slot";
        // the default millisecond buckets start at 50.
        let buckets = HistogramBucketOverrides {
            overrides: HashMap::from([(
                SCHEDULE_TO_START_LATENCY.to_owned(),
                vec![
                    5., 10., 25., 50., 100., 250., 500., 1000., 2500., 5000., 10_000.,
                ],
            )]),
        };
        let server = start_prometheus_metric_exporter(
            PrometheusExporterOptions::builder()
                .socket_addr(metrics_address)
                .histogram_bucket_overrides(buckets)
                .build(),
        )
        .map_err(|e| {
            anyhow!(
                "cannot serve metrics on {metrics_address}: {e}. Is another worker or starter \
                 using it? Pick another address with --metrics-address (port 0 picks a free one)"
            )
        })?;
        let options = TelemetryOptions::builder()
            .metrics(server.meter.clone() as Arc<dyn CoreMeter>)
            .build();
        // The instance hands out meters over the same registry: `temporal_`-prefixed ones for
        // the SDK's client metrics, and an unprefixed one for the custom metrics. Both add a
        // `service_name` label, as the SDK's worker metrics do.
        let instance = telemetry_init(options.clone())
            .map_err(|e| anyhow!("cannot initialise telemetry: {e}"))?;
        let meter = instance
            .get_metric_meter()
            .context("the telemetry instance has no metrics meter")?;
        Ok(Self {
            metrics_address: server.bound_addr,
            activity_metrics: ActivityMetrics::new(meter),
            options,
            instance,
            tracer_provider,
            prometheus_server: server.abort_handle,
        })
    }

    /// Where Prometheus can scrape this process (the bound address, so port 0 shows its real
    /// port).
    pub fn metrics_url(&self) -> String {
        format!("http://{}/metrics", self.metrics_address)
    }

    /// An SDK runtime whose workers record the SDK's worker metrics (`temporal_workflow_*`,
    /// `temporal_activity_*`, task slots, poll latencies, …) on this endpoint.
    pub fn runtime(&self) -> Result<Runtime> {
        let options = RuntimeOptions::builder()
            .telemetry_options(self.options.clone())
            .build()
            .map_err(|e| anyhow!("invalid runtime options: {e}"))?;
        Runtime::from_current_tokio(options)
            .map_err(|e| anyhow!("cannot create the SDK runtime: {e}"))
    }

    /// What the client needs: its request metrics (`temporal_request`, `temporal_request_latency`,
    /// …) on this endpoint, and the OpenTelemetry plugin. Workers built from the client inherit
    /// the plugin's workflow and activity interceptors, so they must not register it again.
    pub fn client_setup(&self) -> ClientSetup {
        let tracer = self.tracer_provider.tracer(TRACER_NAME);
        ClientSetup {
            metrics_meter: self.instance.get_temporal_metric_meter(),
            plugins: vec![OpenTelemetryPlugin::builder().tracer(tracer).build().into()],
            ..ClientSetup::default()
        }
    }

    /// The custom activity instruments, for the worker's interceptor.
    pub fn activity_metrics(&self) -> ActivityMetrics {
        self.activity_metrics.clone()
    }

    /// Exports the spans still buffered and stops the tracer provider. Call it before exiting,
    /// or the last spans are lost.
    ///
    /// The provider's shutdown blocks until its background thread has exported the last batch,
    /// and the OTLP exporter's gRPC connection runs on this Tokio runtime. On a single-threaded
    /// runtime (the samples') blocking its one thread would stall that export until the timeout,
    /// so the wait happens on a blocking thread while the runtime keeps the connection going.
    pub async fn shutdown(&self) {
        let provider = self.tracer_provider.clone();
        let shutdown = tokio::task::spawn_blocking(move || {
            provider.shutdown_with_timeout(Duration::from_secs(5))
        });
        match shutdown.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!("could not export the last spans: {e}"),
            Err(e) => tracing::warn!("could not export the last spans: {e}"),
        }
    }
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        self.prometheus_server.abort();
    }
}

/// A tracer provider for the SDK's plugin, exporting in batches to `exporter` (or nowhere:
/// without an exporter, trace context still propagates through Temporal headers to processes
/// that do export).
///
/// [`WorkflowIdGenerator`] is required by the plugin: it draws workflow span ids from the
/// workflow's deterministic randomness, so a workflow replayed on another worker produces the
/// same span ids instead of a second, disconnected set.
pub fn tracer_provider<E: SpanExporter + 'static>(
    service_name: &str,
    exporter: Option<E>,
) -> SdkTracerProvider {
    let builder = SdkTracerProvider::builder()
        .with_id_generator(WorkflowIdGenerator::default())
        .with_resource(
            Resource::builder()
                .with_service_name(service_name.to_owned())
                .build(),
        );
    match exporter {
        Some(exporter) => builder.with_batch_exporter(exporter),
        None => builder,
    }
    .build()
}

/// An OTLP/gRPC span exporter to `endpoint` (e.g. `http://localhost:4317`, the port an
/// OpenTelemetry Collector or Jaeger listens on). Needs a Tokio runtime.
pub fn otlp_exporter(endpoint: &str) -> Result<opentelemetry_otlp::SpanExporter> {
    opentelemetry_otlp::SpanExporter::builder()
        .with_tonic()
        .with_endpoint(endpoint)
        .with_timeout(Duration::from_secs(5))
        .build()
        .with_context(|| format!("cannot create an OTLP exporter for `{endpoint}`"))
}
// ANCHOR_END: lesson
