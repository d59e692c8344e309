//! # Search attributes and memo
//!
//! **Search attributes** are indexed key-value pairs on a workflow execution: set when it
//! starts, changed by the workflow as it progresses (*upserted*), and queried through
//! **visibility** — `CustomKeywordField = 'new-value' AND ExecutionStatus = 'Completed'` — to
//! list or count executions, in the CLI, the Web UI and from code. A **memo** is unindexed
//! information shown with an execution (who started it, why).
//!
//! A search attribute must exist in the namespace before it is used: `temporal server start-dev
//! --search-attribute CustomerId=Keyword`, `temporal operator search-attribute create`, or the
//! operator API, which this sample's starter calls. (The Python sample relies on
//! `CustomKeywordField`, which older dev servers predefined; the current one answers "Namespace
//! default has no mapping defined for search attribute CustomKeywordField" until it is added.)
//!
//! Names match the Python sample `hello/hello_search_attributes`.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p search_attributes worker
//! cargo run -p search_attributes starter
//! ```

pub mod client;
pub mod workflows;

use temporalio_common::search_attributes::SearchAttributeKey;
use temporalio_sdk::WorkerOptions;

pub use workflows::GreetingWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "hello-search-attributes-task-queue";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "hello-search-attributes-workflow-id";

/// The Python sample's attribute (registered by [`client::register`] when missing).
pub const CUSTOM_KEYWORD: SearchAttributeKey<String> =
    SearchAttributeKey::keyword("CustomKeywordField");
/// This sample's own attribute, registered by the client (see [`client::register`]).
pub const CUSTOMER_ID: SearchAttributeKey<String> = SearchAttributeKey::keyword("CustomerId");
/// This sample's own attribute: how far the workflow got.
pub const STAGE: SearchAttributeKey<i64> = SearchAttributeKey::int("Stage");

/// Worker options: the workflow (no activities).
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<GreetingWorkflow>()?
        .build())
}
