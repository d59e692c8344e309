//! # A custom payload converter for one type
//!
//! Every argument and result crosses the server as a `Payload`: bytes plus metadata whose
//! `encoding` tells the receiver how to read them. The default converter writes JSON
//! (`json/plain`). Sometimes one type needs its own encoding (a compact binary form, a format
//! another system already speaks, a type JSON cannot express), while everything else stays
//! JSON. This sample gives the greeting's input and output the encoding
//! `text/my-greeting-encoding`: the bare UTF-8 text, with a metadata flag telling an input from
//! an output.
//!
//! **In the Rust SDK, the converter for one type is the type itself.** The default data
//! converter tries, for each value, the value's own [`TemporalSerializable`] /
//! [`TemporalDeserializable`] implementation first and serde JSON second. A type that
//! implements them by hand (and not serde) therefore has its own encoding wherever it is used,
//! with no converter to register. That is the Rust form of Python's `CompositePayloadConverter`
//! with a custom `EncodingPayloadConverter` in front of the defaults. (The SDK 1.1 offers no
//! public way to build a composite converter from a list.)
//!
//! Both sides must have it. A JSON-only converter (the
//! [`temporalio_common::data_converters::PayloadConverter::serde_json`] converter, or a Python
//! client or worker without the sample's converter) cannot write or read the type. A client
//! refuses to start the workflow with a clear error. A worker fails the workflow *task*: the
//! workflow stays running with its input intact, until a worker that has the encoding picks it up.
//!
//! Read [`converter`], then [`workflows`], then [`client`].
//!
//! Names match the Python sample `custom_converter` (`GreetingWorkflow`, `GreetingInput`,
//! `GreetingOutput`, `custom_converter-task-queue`, `custom_converter-workflow-id`).
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p custom_converter worker
//! cargo run -p custom_converter starter
//! ```
//!
//! [`TemporalSerializable`]: temporalio_common::data_converters::TemporalSerializable
//! [`TemporalDeserializable`]: temporalio_common::data_converters::TemporalDeserializable

pub mod client;
pub mod converter;
pub mod workflows;

use temporalio_sdk::WorkerOptions;

pub use converter::{GREETING_ENCODING, GreetingInput, GreetingOutput};
pub use workflows::GreetingWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "custom_converter-task-queue";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "custom_converter-workflow-id";

/// Worker options: the workflow. The encoding needs no registration: it comes with the types.
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<GreetingWorkflow>()?
        .build())
}
