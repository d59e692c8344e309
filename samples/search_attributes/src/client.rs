//! The client half: register the sample's search attributes, start with attributes and a memo,
//! read them back, and find executions with visibility queries. `main.rs` and the tests call
//! these same functions.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use futures::StreamExt;
use temporalio_client::{
    Client, NamespacedClient, WorkflowDescribeOptions, WorkflowGetResultOptions, WorkflowHandle,
    WorkflowStartOptions, grpc::OperatorService,
};
use temporalio_common::{MemoValues, search_attributes::SearchAttributes};
use temporalio_protos::temporal::api::{
    enums::v1::IndexedValueType, operatorservice::v1::AddSearchAttributesRequest,
};

use crate::{CUSTOM_KEYWORD, CUSTOMER_ID, GreetingWorkflow, STAGE};

// ANCHOR: lesson
/// Adds the search attributes this sample uses to the namespace (what
/// `temporal operator search-attribute create --name CustomerId --type Keyword` does), including
/// `CustomKeywordField`, which older dev servers predefined and the current one does not.
/// Idempotent: attributes that already exist are fine.
pub async fn register(client: &Client) -> Result<()> {
    let request = AddSearchAttributesRequest {
        search_attributes: HashMap::from([
            (
                CUSTOM_KEYWORD.name().to_owned(),
                IndexedValueType::Keyword as i32,
            ),
            (
                CUSTOMER_ID.name().to_owned(),
                IndexedValueType::Keyword as i32,
            ),
            (STAGE.name().to_owned(), IndexedValueType::Int as i32),
        ]),
        namespace: client.namespace(),
    };
    match OperatorService::add_search_attributes(&mut client.clone(), tonic::Request::new(request))
        .await
    {
        Ok(_) => Ok(()),
        Err(status)
            if status.code() == tonic::Code::AlreadyExists
                || status.message().contains("already exists") =>
        {
            Ok(())
        }
        Err(status) => bail!("cannot add the search attributes: {}", status.message()),
    }
}

/// What an execution carries, as read back with `describe`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    /// `CustomKeywordField`.
    pub keyword: Option<String>,
    /// `CustomerId`.
    pub customer_id: Option<String>,
    /// `Stage`.
    pub stage: Option<i64>,
    /// The memo's `started_by`.
    pub started_by: Option<String>,
}

/// Starts the workflow with `CustomKeywordField = old-value` (as Python) and, with a customer,
/// this sample's attributes and a memo.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    customer_id: Option<&str>,
) -> Result<WorkflowHandle<Client, GreetingWorkflow>> {
    let mut attributes = vec![CUSTOM_KEYWORD.value_set("old-value".to_owned())];
    let options = WorkflowStartOptions::new(task_queue, workflow_id);
    if let Some(customer) = customer_id {
        attributes.push(CUSTOMER_ID.value_set(customer.to_owned()));
        attributes.push(STAGE.value_set(1));
    }
    let mut memo = MemoValues::new();
    memo.insert("started_by", "the search_attributes sample".to_owned());
    let options = options
        .search_attributes(SearchAttributes::new(attributes))
        .memo(memo)
        .build();
    let handle = client
        .start_workflow(GreetingWorkflow::run, (), options)
        .await
        .with_context(|| format!("cannot start `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Reads the attributes and memo of an execution.
pub async fn describe(client: &Client, workflow_id: &str) -> Result<Described> {
    let d = client
        .get_workflow_handle::<GreetingWorkflow>(workflow_id)
        .describe(WorkflowDescribeOptions::default())
        .await?;
    let attributes = d.search_attributes();
    Ok(Described {
        keyword: keyword(&attributes),
        customer_id: attributes.get(&CUSTOMER_ID),
        stage: attributes.get(&STAGE),
        started_by: d.memo().get::<String>("started_by")?,
    })
}

/// `CustomKeywordField`, as this SDK (and Go) writes a keyword — `"new-value"` — or as the
/// Python sample writes it: `upsert_search_attributes({"CustomKeywordField": ["new-value"]})`
/// stores the deprecated list form, `["new-value"]`, which a plain `get` cannot decode.
fn keyword(attributes: &SearchAttributes) -> Option<String> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum OneOrList {
        One(String),
        List(Vec<String>),
    }
    let payload = attributes.raw_payload(CUSTOM_KEYWORD.name())?;
    match serde_json::from_slice(&payload.data).ok()? {
        OneOrList::One(value) => Some(value),
        OneOrList::List(values) => values.into_iter().next(),
    }
}

/// Waits for the workflow to complete.
pub async fn wait(client: &Client, workflow_id: &str) -> Result<()> {
    Ok(client
        .get_workflow_handle::<GreetingWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await?)
}

/// The executions a visibility query finds: (workflow id, status, `CustomKeywordField`).
pub async fn list(client: &Client, query: &str) -> Result<Vec<(String, String, String)>> {
    let mut listed = client.list_workflows(query.to_owned(), Default::default());
    let mut rows = Vec::new();
    while let Some(execution) = listed.next().await {
        let execution = execution.with_context(|| format!("the query `{query}` failed"))?;
        rows.push((
            execution.id().to_owned(),
            format!("{:?}", execution.status()),
            keyword(&execution.search_attributes()).unwrap_or_default(),
        ));
    }
    Ok(rows)
}

/// How many executions a visibility query matches.
pub async fn count(client: &Client, query: &str) -> Result<usize> {
    Ok(client
        .count_workflows(query.to_owned(), Default::default())
        .await
        .with_context(|| format!("the query `{query}` failed"))?
        .count())
}

/// Visibility is eventually consistent: waits until `query` counts `expected` executions.
pub async fn wait_for_count(client: &Client, query: &str, expected: usize) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let n = count(client, query).await?;
        if n == expected {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("`{query}` counts {n}, not {expected}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
// ANCHOR_END: lesson
