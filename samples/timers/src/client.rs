//! The client half: start the maintenance workflow, read the notifications it has sent from its
//! history, stop it; run the order race. [`starter`] and [`order`] are what the `starter` and
//! `order` commands do with them. `main.rs` and the tests call these functions.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use samples_helper::Connected;
use temporalio_client::{
    Client, UntypedWorkflow, WorkflowGetResultOptions, WorkflowHandle, WorkflowSignalOptions,
    WorkflowStartOptions, errors::WorkflowGetResultError,
};

use temporalio_protos::temporal::api::history::v1::history_event::Attributes;

use crate::{
    MaintenanceInput, MaintenancePlan, MaintenanceWorkflow, OrderInput, OrderOutcome,
    OrderProcessingWorkflow,
};

// ANCHOR: lesson
/// Starts `MaintenanceWorkflow`; returns its handle.
pub async fn start_maintenance(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    input: MaintenanceInput,
) -> Result<WorkflowHandle<Client, MaintenanceWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(MaintenanceWorkflow::run, input, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// The notifications the workflow has sent so far, in order, as `(user_email, message)`: the
/// two arguments of each `send_notification` that completed, read from history. This works
/// whichever SDK's worker runs the workflow.
pub async fn notifications(client: &Client, workflow_id: &str) -> Result<Vec<(String, String)>> {
    let events = client
        .get_workflow_handle::<UntypedWorkflow>(workflow_id)
        .fetch_history(Default::default())
        .into_events()
        .await
        .with_context(|| format!("cannot fetch the history of `{workflow_id}`"))?;
    let completed: Vec<i64> = events
        .iter()
        .filter_map(|e| match &e.attributes {
            Some(Attributes::ActivityTaskCompletedEventAttributes(a)) => Some(a.scheduled_event_id),
            _ => None,
        })
        .collect();
    let mut sent = Vec::new();
    for event in &events {
        let Some(Attributes::ActivityTaskScheduledEventAttributes(a)) = &event.attributes else {
            continue;
        };
        let is_notification = a
            .activity_type
            .as_ref()
            .is_some_and(|t| t.name == "send_notification");
        if !is_notification || !completed.contains(&event.event_id) {
            continue;
        }
        let args: Vec<String> = a
            .input
            .iter()
            .flat_map(|i| &i.payloads)
            .map(|p| serde_json::from_slice(&p.data))
            .collect::<Result<_, _>>()
            .context("a send_notification argument is not a string")?;
        let [user_email, message] = <[String; 2]>::try_from(args).map_err(|args| {
            anyhow::anyhow!("send_notification had {} arguments, not 2", args.len())
        })?;
        sent.push((user_email, message));
    }
    Ok(sent)
}

/// Waits until the workflow has sent at least `count` notifications; returns them all.
pub async fn wait_for_notifications(
    client: &Client,
    workflow_id: &str,
    count: usize,
    timeout: Duration,
) -> Result<Vec<(String, String)>> {
    let deadline = Instant::now() + timeout;
    loop {
        let sent = notifications(client, workflow_id).await?;
        if sent.len() >= count {
            return Ok(sent);
        }
        if Instant::now() > deadline {
            bail!(
                "{workflow_id} sent {} notification(s) in {timeout:?}, not {count}",
                sent.len()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Sends the `stop` signal: the workflow cancels its timers and completes.
pub async fn stop(client: &Client, workflow_id: &str) -> Result<()> {
    client
        .get_workflow_handle::<MaintenanceWorkflow>(workflow_id)
        .signal(
            MaintenanceWorkflow::stop,
            (),
            WorkflowSignalOptions::default(),
        )
        .await
        .with_context(|| format!("cannot signal workflow `{workflow_id}`"))
}

/// Waits for the maintenance workflow to end (it returns nothing), keeping the error typed.
pub async fn maintenance_ended(
    client: &Client,
    workflow_id: &str,
) -> Result<(), WorkflowGetResultError> {
    client
        .get_workflow_handle::<MaintenanceWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
}

/// Starts the order race (`OrderProcessingWorkflow`); returns its handle.
pub async fn start_order(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    order: OrderInput,
) -> Result<WorkflowHandle<Client, OrderProcessingWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(OrderProcessingWorkflow::run, order, options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Waits for the order's outcome: the processing result, and whether the timer won.
pub async fn order_outcome(client: &Client, workflow_id: &str) -> Result<OrderOutcome> {
    client
        .get_workflow_handle::<OrderProcessingWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await
        .with_context(|| format!("order workflow `{workflow_id}` failed"))
}
// ANCHOR_END: lesson

// ANCHOR: starter
/// What the starter does: start the maintenance workflow and say what it will send. A plan with
/// `max_notifications` ends by itself: wait for it and print every notification. Otherwise it
/// runs until stopped: print the first `watch` notifications (none with 0) and leave it running.
pub async fn starter(
    connected: &Connected,
    task_queue: &str,
    workflow_id: &str,
    input: MaintenanceInput,
    watch: usize,
) -> Result<()> {
    let c = &connected.client;
    let plan = MaintenancePlan::from(input.clone());
    let handle = start_maintenance(c, task_queue, workflow_id, input).await?;
    connected.print_handle(&handle);
    let every = |ms: u64| humantime(Duration::from_millis(ms));
    println!(
        "Notifying {}: oil change every {}, inspection every {}, coolant every {}",
        plan.user_email,
        every(plan.oil_change_ms),
        every(plan.inspection_ms),
        every(plan.coolant_ms)
    );
    let print = |sent: &[(String, String)]| {
        for (email, message) in sent {
            println!("  {email}: {message}");
        }
    };
    let stop = format!("`cargo run -p timers stop --workflow-id {workflow_id}`");
    if plan.max_notifications > 0 {
        maintenance_ended(c, workflow_id).await?;
        println!("Notifications sent, in order:");
        print(&notifications(c, workflow_id).await?);
    } else if watch > 0 {
        let longest = plan
            .oil_change_ms
            .max(plan.inspection_ms)
            .max(plan.coolant_ms);
        let timeout =
            Duration::from_millis(longest.saturating_mul(watch as u64)) + Duration::from_secs(30);
        let sent = wait_for_notifications(c, workflow_id, watch, timeout).await?;
        println!("First {watch} notifications, in order:");
        print(&sent[..watch]);
        println!("It keeps running; {stop} ends it.");
    } else {
        println!("It runs until stopped: {stop}.");
    }
    Ok(())
}

/// What `order` does: run the order and print whether processing or the late-notice timer won.
pub async fn order(
    connected: &Connected,
    task_queue: &str,
    workflow_id: &str,
    input: OrderInput,
) -> Result<OrderOutcome> {
    let c = &connected.client;
    let handle = start_order(c, task_queue, workflow_id, input).await?;
    connected.print_handle(&handle);
    let outcome = order_outcome(c, workflow_id).await?;
    println!(
        "Result: {} ({})",
        outcome.result,
        if outcome.late_notice_sent {
            "the timer fired first: a late notice was sent"
        } else {
            "processing won: the timer was cancelled"
        }
    );
    Ok(outcome)
}

/// `90 days`, `2.5 s`: an interval as a reader would write it.
fn humantime(d: Duration) -> String {
    const DAY: u64 = 24 * 60 * 60;
    let secs = d.as_secs();
    if secs >= DAY && secs.is_multiple_of(DAY) {
        format!("{} days", secs / DAY)
    } else {
        format!("{} s", d.as_secs_f64())
    }
}
// ANCHOR_END: starter
