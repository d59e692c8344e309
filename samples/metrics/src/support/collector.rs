//! Not part of the lesson: a trace receiver to show the spans.
//!
//! A tiny OTLP/gRPC trace receiver, so the sample can show its traces without installing an
//! OpenTelemetry Collector or Jaeger: `cargo run -p metrics trace-collector` prints every span
//! it receives with its trace and parent. The tests use it to check that spans really leave
//! the processes over OTLP.
//!
//! For real use, point `--otlp-endpoint` at an OpenTelemetry Collector, Jaeger, Tempo or a
//! vendor's OTLP endpoint instead.

use std::{
    collections::HashMap,
    future::Future,
    sync::{Arc, Mutex},
    time::Duration,
};

use anyhow::{Context, Result};
use opentelemetry_proto::tonic::{
    collector::trace::v1::{
        ExportTraceServiceRequest, ExportTraceServiceResponse,
        trace_service_server::{TraceService, TraceServiceServer},
    },
    common::v1::any_value::Value,
};
use tonic::{Request, Response, Status, transport::server::TcpIncoming};

/// A span as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedSpan {
    /// Trace id, hex.
    pub trace_id: String,
    /// Span id, hex.
    pub span_id: String,
    /// Parent span id, hex; `None` for a trace's root.
    pub parent_span_id: Option<String>,
    /// E.g. `RunActivity:compose_greeting`.
    pub name: String,
    /// The `service.name` of the process that sent it.
    pub service: String,
    /// How long the span lasted.
    pub duration: Duration,
}

/// The spans received so far, shared with whoever wants to read them.
#[derive(Debug, Clone, Default)]
pub struct Received(Arc<Mutex<Vec<ReceivedSpan>>>);

impl Received {
    /// A copy of every span received so far.
    pub fn spans(&self) -> Vec<ReceivedSpan> {
        self.0.lock().map(|spans| spans.clone()).unwrap_or_default()
    }
}

struct Collector {
    received: Received,
    print: bool,
}

#[tonic::async_trait]
impl TraceService for Collector {
    async fn export(
        &self,
        request: Request<ExportTraceServiceRequest>,
    ) -> Result<Response<ExportTraceServiceResponse>, Status> {
        let mut new = Vec::new();
        for resource_spans in request.into_inner().resource_spans {
            let service = resource_spans
                .resource
                .iter()
                .flat_map(|r| &r.attributes)
                .find(|kv| kv.key == "service.name")
                .and_then(|kv| kv.value.as_ref()?.value.as_ref())
                .map(|v| match v {
                    Value::StringValue(s) => s.clone(),
                    other => format!("{other:?}"),
                })
                .unwrap_or_else(|| "unknown".to_owned());
            for span in resource_spans.scope_spans.into_iter().flat_map(|s| s.spans) {
                new.push(ReceivedSpan {
                    trace_id: hex(&span.trace_id),
                    span_id: hex(&span.span_id),
                    parent_span_id: (!span.parent_span_id.is_empty())
                        .then(|| hex(&span.parent_span_id)),
                    name: span.name,
                    service: service.clone(),
                    duration: Duration::from_nanos(
                        span.end_time_unix_nano
                            .saturating_sub(span.start_time_unix_nano),
                    ),
                });
            }
        }
        let mut all = self
            .received
            .0
            .lock()
            .map_err(|_| Status::internal("the span store is poisoned"))?;
        all.extend(new.iter().cloned());
        if self.print {
            let names: HashMap<&str, &str> = all
                .iter()
                .map(|s| (s.span_id.as_str(), s.name.as_str()))
                .collect();
            for span in &new {
                let parent = match &span.parent_span_id {
                    None => "(root)",
                    Some(id) => names.get(id.as_str()).copied().unwrap_or(id.as_str()),
                };
                println!(
                    "trace {}  {:<16} {:<42} {:>9.1?}  parent: {parent}",
                    &span.trace_id[..8],
                    span.service,
                    span.name,
                    span.duration,
                );
            }
        }
        Ok(Response::new(ExportTraceServiceResponse::default()))
    }
}

/// Receives OTLP traces on `listener` until `shutdown` completes; spans go to `received`, and
/// are printed when `print` is set.
pub async fn serve(
    listener: tokio::net::TcpListener,
    received: Received,
    print: bool,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
    tonic::transport::Server::builder()
        .serve_with_incoming_shutdown(
            TraceServiceServer::new(Collector { received, print }),
            TcpIncoming::from(listener),
            shutdown,
        )
        .await
        .context("the trace collector stopped")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
