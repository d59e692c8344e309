//! The client half: start the workflow, watch it send emails, complete it with the signal;
//! [`starter`] is what `cargo run -p sleep_for_days starter` does with them. `main.rs` and the
//! tests call these same functions.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use samples_helper::Connected;
use temporalio_client::{
    Client, NamespacedClient, WorkflowExecutionInfo, WorkflowGetResultOptions, WorkflowHandle,
    WorkflowSignalOptions, WorkflowStartOptions,
};
use temporalio_protos::temporal::api::history::v1::history_event::Attributes;

use crate::{SleepForDaysInput, SleepForDaysWorkflow, workflows::describe};

// ANCHOR: lesson
/// Starts the workflow; returns its handle. The default input travels as no payload at all,
/// exactly what the Python starter sends.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    input: SleepForDaysInput,
) -> Result<WorkflowHandle<Client, SleepForDaysWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(SleepForDaysWorkflow::run, input, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// How many emails have been sent, read from the workflow's history (completed `send_email`
/// activities). History, unlike a query, works with any worker — the Python sample's too, which
/// has no query to ask.
pub async fn emails_sent(client: &Client, workflow_id: &str) -> Result<u32> {
    let events = WorkflowExecutionInfo::builder()
        .namespace(client.namespace())
        .workflow_id(workflow_id)
        .build()
        .bind_untyped(client.clone())
        .fetch_history(Default::default())
        .into_events()
        .await
        .with_context(|| format!("cannot read the history of `{workflow_id}`"))?;
    let completed = events
        .iter()
        .filter(|e| {
            matches!(
                e.attributes,
                Some(Attributes::ActivityTaskCompletedEventAttributes(_))
            )
        })
        .count();
    Ok(u32::try_from(completed)?)
}

/// Waits (polling history) until at least `count` emails have been sent, for at most
/// `within`.
pub async fn wait_for_emails(
    client: &Client,
    workflow_id: &str,
    count: u32,
    within: Duration,
) -> Result<u32> {
    let deadline = Instant::now() + within;
    loop {
        let sent = emails_sent(client, workflow_id).await?;
        if sent >= count {
            return Ok(sent);
        }
        if Instant::now() > deadline {
            bail!(
                "only {sent} of {count} emails were sent within {within:?}: is a worker running?"
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Signal: complete the workflow (it stops sleeping at once).
pub async fn complete(client: &Client, workflow_id: &str) -> Result<()> {
    client
        .get_workflow_handle::<SleepForDaysWorkflow>(workflow_id)
        .signal(
            SleepForDaysWorkflow::complete,
            (),
            WorkflowSignalOptions::default(),
        )
        .await
        .with_context(|| format!("cannot signal workflow `{workflow_id}`"))
}

/// Waits for the workflow's result (`done!`).
pub async fn result(client: &Client, workflow_id: &str) -> Result<String> {
    Ok(client
        .get_workflow_handle::<SleepForDaysWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await?)
}
// ANCHOR_END: lesson

// ANCHOR: starter
/// What the starter does: start the workflow; once `complete_after_emails` emails have gone out,
/// send the `complete` signal (with 0, leave that to `cargo run -p sleep_for_days complete`);
/// print the result.
pub async fn starter(
    connected: &Connected,
    task_queue: &str,
    workflow_id: &str,
    input: SleepForDaysInput,
    complete_after_emails: u32,
) -> Result<String> {
    let c = &connected.client;
    let handle = start(c, task_queue, workflow_id, input).await?;
    connected.print_handle(&handle);
    println!("Sending an email every {}", describe(input.period()));
    if complete_after_emails > 0 {
        let within = input.period() * complete_after_emails + Duration::from_secs(30);
        let sent = wait_for_emails(c, workflow_id, complete_after_emails, within).await?;
        println!("{sent} email(s) sent; sending the complete signal");
        complete(c, workflow_id).await?;
    } else {
        println!("Waiting for `cargo run -p sleep_for_days complete --workflow-id {workflow_id}`");
    }
    let result = result(c, workflow_id).await?;
    println!("Result: {result}");
    Ok(result)
}
// ANCHOR_END: starter
