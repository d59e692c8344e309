//! End-to-end tests against a real dev server. Overlap and order are read from the histories
//! the server recorded, not from timing in the test.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use mutex::client::{self, Contention};
use mutex::workflows::{MutexSummary, RequesterInput};
use mutex::{MutexWorkflow, SampleWorkflowWithMutex};
use samples_helper::Workers;
use samples_helper::testing::{Attributes, HistoryEvent, history, test_client, unique};
use temporalio_client::{
    Client, WorkflowCountOptions, WorkflowGetResultOptions, WorkflowHandle,
    WorkflowTerminateOptions,
};

/// An event's time as (seconds, nanos): enough to order and compare events.
fn time_of(event: &HistoryEvent) -> (i64, i32) {
    event
        .event_time
        .as_ref()
        .map_or((0, 0), |t| (t.seconds, t.nanos))
}

fn millis_between(from: (i64, i32), to: (i64, i32)) -> i64 {
    (to.0 - from.0) * 1000 + i64::from(to.1 - from.1) / 1_000_000
}

/// When the requester's critical section (`use_resource`) started and ended.
async fn critical_section(client: &Client, requester: &str) -> Result<((i64, i32), (i64, i32))> {
    let events = history(client, requester).await?;
    let scheduled = events
        .iter()
        .find_map(|e| match &e.attributes {
            Some(Attributes::ActivityTaskScheduledEventAttributes(a))
                if a.activity_type
                    .as_ref()
                    .is_some_and(|t| t.name == "use_resource") =>
            {
                Some(e.event_id)
            }
            _ => None,
        })
        .context("no use_resource activity")?;
    let started = events.iter().find(|e| {
        matches!(&e.attributes, Some(Attributes::ActivityTaskStartedEventAttributes(a)) if a.scheduled_event_id == scheduled)
    });
    let completed = events.iter().find(|e| {
        matches!(&e.attributes, Some(Attributes::ActivityTaskCompletedEventAttributes(a)) if a.scheduled_event_id == scheduled)
    });
    Ok((
        time_of(started.context("use_resource never started")?),
        time_of(completed.context("use_resource never completed")?),
    ))
}

/// The lock's history: requesters in the order their requests arrived, and in the order they
/// were granted (with the time of each grant).
async fn lock_order(
    client: &Client,
    resource_id: &str,
) -> Result<(Vec<String>, Vec<(String, (i64, i32))>)> {
    let events = history(client, &mutex::lock_workflow_id(resource_id)).await?;
    let mut requested = Vec::new();
    let mut granted = Vec::new();
    for event in &events {
        match &event.attributes {
            Some(Attributes::WorkflowExecutionSignaledEventAttributes(a))
                if a.signal_name == "request_lock" =>
            {
                let payload = a.input.as_ref().and_then(|p| p.payloads.first());
                let request: serde_json::Value =
                    serde_json::from_slice(&payload.context("no request")?.data)?;
                requested.push(
                    request["requester_workflow_id"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                );
            }
            Some(Attributes::SignalExternalWorkflowExecutionInitiatedEventAttributes(a))
                if a.signal_name == "lock_acquired" =>
            {
                let target = a.workflow_execution.as_ref().map(|w| w.workflow_id.clone());
                granted.push((target.unwrap_or_default(), time_of(event)));
            }
            _ => {}
        }
    }
    Ok((requested, granted))
}

async fn lock_summary(client: &Client, resource_id: &str) -> Result<MutexSummary> {
    let handle: WorkflowHandle<Client, MutexWorkflow> =
        client.get_workflow_handle(mutex::lock_workflow_id(resource_id));
    Ok(handle
        .get_result(WorkflowGetResultOptions::default())
        .await?)
}

/// Waits (boundedly) until `check` holds for the requester's history.
async fn wait_for(
    client: &Client,
    workflow_id: &str,
    what: &str,
    check: impl Fn(&[HistoryEvent]) -> bool,
) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !check(&history(client, workflow_id).await?) {
        if Instant::now() > deadline {
            bail!("`{workflow_id}` never {what}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

fn got_the_lock(events: &[HistoryEvent]) -> bool {
    events.iter().any(|e| matches!(&e.attributes, Some(Attributes::WorkflowExecutionSignaledEventAttributes(a)) if a.signal_name == "lock_acquired"))
}

#[tokio::test]
async fn contending_requesters_never_overlap_and_are_served_in_request_order() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("mutex");
    let contention = Contention {
        resource_id: unique("resource"),
        requesters: 4,
        id_prefix: unique("requester"),
        hold_ms: 300,
        lease_ms: 10_000,
    };
    let held = Workers::new(client, mutex::worker_options(client, &task_queue, 500)?)
        .run_while(client::contend(client, &task_queue, &contention))
        .await??;
    assert_eq!(
        held.iter().map(|h| h.grant).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );

    // Mutual exclusion, from the requesters' histories: sorted by start, each critical section
    // ends before the next one starts.
    let mut sections = Vec::new();
    for h in &held {
        sections.push((
            critical_section(client, &h.requester).await?,
            h.requester.clone(),
        ));
    }
    sections.sort();
    for pair in sections.windows(2) {
        let ((_, end), first) = &pair[0];
        let ((start, _), second) = &pair[1];
        assert!(
            end <= start,
            "{first} was still in its critical section when {second} entered: {sections:?}"
        );
    }

    // FIFO, from the lock's history: granted in the order the requests arrived.
    let (requested, granted) = lock_order(client, &contention.resource_id).await?;
    let granted: Vec<String> = granted.into_iter().map(|(r, _)| r).collect();
    assert_eq!(requested.len(), 4);
    assert_eq!(granted, requested);
    assert_eq!(
        held.iter().map(|h| h.requester.clone()).collect::<Vec<_>>(),
        granted
    );
    let summary = lock_summary(client, &contention.resource_id).await?;
    assert_eq!((summary.grants, summary.expired_leases), (4, 0));

    let dir = env!("CARGO_MANIFEST_DIR");
    samples_helper::replay::record(
        client,
        dir,
        "lock",
        &mutex::lock_workflow_id(&contention.resource_id),
        None,
    )
    .await?;
    samples_helper::replay::record(client, dir, "requester", &held[1].requester, None).await?;
    Ok(())
}

#[tokio::test]
async fn a_holder_that_dies_loses_the_lock_when_its_lease_expires() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("mutex-lease");
    let resource_id = unique("resource");
    let (dead, next) = (unique("dies-holding"), unique("next"));
    let lease_ms = 3_000;
    let input = |hold_ms| RequesterInput {
        resource_id: resource_id.clone(),
        hold_ms,
        lease_ms,
    };
    Workers::new(client, mutex::worker_options(client, &task_queue, 500)?)
        .run_while(async {
            // The first holder takes the lock, then dies without releasing it. (Its critical
            // section outlasts the lease; terminating the workflow does not stop the activity on
            // this worker, so it is kept short enough for the worker's drain at the end.)
            let holder = client::start_requester(client, &task_queue, &dead, input(4_000)).await?;
            wait_for(client, &dead, "got the lock", got_the_lock).await?;
            holder
                .terminate(WorkflowTerminateOptions::default())
                .await?;
            // The next one waits out the lease, then gets the lock.
            let waiting = client::start_requester(client, &task_queue, &next, input(100)).await?;
            let held = waiting
                .get_result(WorkflowGetResultOptions::default())
                .await?;
            assert_eq!(held.grant, 2);
            anyhow::Ok(())
        })
        .await??;

    let (_, granted) = lock_order(client, &resource_id).await?;
    assert_eq!(
        granted.iter().map(|(r, _)| r.as_str()).collect::<Vec<_>>(),
        [dead.as_str(), next.as_str()]
    );
    let waited = millis_between(granted[0].1, granted[1].1);
    assert!(
        waited >= lease_ms as i64,
        "the lock passed on after {waited} ms, before the {lease_ms} ms lease"
    );
    let summary = lock_summary(client, &resource_id).await?;
    assert_eq!((summary.grants, summary.expired_leases), (2, 1));
    let lock = mutex::lock_workflow_id(&resource_id);
    samples_helper::replay::record(
        client,
        env!("CARGO_MANIFEST_DIR"),
        "lock_lease_expired",
        &lock,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_requester_that_ends_while_waiting_is_skipped() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("mutex-skip");
    let resource_id = unique("resource");
    let (first, gone, last) = (unique("first"), unique("gone"), unique("last"));
    let input = |hold_ms| RequesterInput {
        resource_id: resource_id.clone(),
        hold_ms,
        lease_ms: 10_000,
    };
    let held = Workers::new(client, mutex::worker_options(client, &task_queue, 500)?)
        .run_while(async {
            let holder = client::start_requester(client, &task_queue, &first, input(1_500)).await?;
            wait_for(client, &first, "got the lock", got_the_lock).await?;
            let quitter = client::start_requester(client, &task_queue, &gone, input(100)).await?;
            let lock = mutex::lock_workflow_id(&resource_id);
            // Wait until the lock has queued it, then end it while it waits.
            wait_for(client, &lock, "queued the second request", |events| {
                events.iter().filter(|e| matches!(&e.attributes, Some(Attributes::WorkflowExecutionSignaledEventAttributes(a)) if a.signal_name == "request_lock")).count() >= 2
            })
            .await?;
            quitter.terminate(WorkflowTerminateOptions::default()).await?;
            let waiting = client::start_requester(client, &task_queue, &last, input(100)).await?;
            let first_held = holder.get_result(WorkflowGetResultOptions::default()).await?;
            let last_held = waiting.get_result(WorkflowGetResultOptions::default()).await?;
            anyhow::Ok((first_held, last_held))
        })
        .await??;
    assert_eq!(held.0.grant, 1);
    // Grant 2 went to the requester that had ended: its signal failed, and the lock moved on.
    assert_eq!(held.1.grant, 3);
    let summary = lock_summary(client, &resource_id).await?;
    assert_eq!((summary.grants, summary.expired_leases), (3, 0));
    Ok(())
}

#[tokio::test]
async fn the_lock_continues_as_new_carrying_its_queue() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("mutex-can");
    let contention = Contention {
        resource_id: unique("resource"),
        requesters: 5,
        id_prefix: unique("requester"),
        hold_ms: 50,
        lease_ms: 10_000,
    };
    // Two grants per run: five requesters need three runs of the lock.
    let held = Workers::new(client, mutex::worker_options(client, &task_queue, 2)?)
        .run_while(client::contend(client, &task_queue, &contention))
        .await??;
    assert_eq!(
        held.iter().map(|h| h.grant).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    let summary = lock_summary(client, &contention.resource_id).await?;
    assert_eq!(summary.grants, 5, "the count carried across runs");

    let query = format!(
        "WorkflowId = '{}'",
        mutex::lock_workflow_id(&contention.resource_id)
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let runs = client
            .count_workflows(query.as_str(), WorkflowCountOptions::default())
            .await?
            .count();
        if runs == 3 {
            break;
        }
        if Instant::now() > deadline {
            bail!("expected 3 runs of the lock, visibility counts {runs}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_starts() -> Result<()> {
    let client = &test_client().await?.client;
    let task_queue = unique("mutex-bad");
    let good = Contention {
        resource_id: unique("resource"),
        requesters: 2,
        id_prefix: unique("requester"),
        hold_ms: 100,
        lease_ms: 1_000,
    };
    for (bad, says) in [
        (
            Contention {
                requesters: 0,
                ..good.clone()
            },
            "no requesters",
        ),
        (
            Contention {
                resource_id: " ".into(),
                ..good.clone()
            },
            "the resource id is empty",
        ),
        (
            Contention {
                lease_ms: 100,
                ..good.clone()
            },
            "must be longer than the critical section",
        ),
    ] {
        let error = client::contend(client, &task_queue, &bad)
            .await
            .err()
            .with_context(|| format!("{bad:?} was accepted"))?;
        assert!(format!("{error:#}").contains(says), "{error:#}");
        // Nothing started: no requester, no lock.
        let handle: WorkflowHandle<Client, SampleWorkflowWithMutex> =
            client.get_workflow_handle(format!("{}-1", bad.id_prefix));
        assert!(
            handle.describe(Default::default()).await.is_err(),
            "{bad:?} started a requester"
        );
    }

    // A requester started some other way checks its own input, and fails without retrying.
    let requester = unique("bad-requester");
    let input = RequesterInput {
        resource_id: String::new(),
        hold_ms: 0,
        lease_ms: 0,
    };
    let outcome = Workers::new(client, mutex::worker_options(client, &task_queue, 500)?)
        .run_while(async {
            let handle = client::start_requester(client, &task_queue, &requester, input).await?;
            anyhow::Ok(handle.get_result(WorkflowGetResultOptions::default()).await)
        })
        .await??;
    let error = outcome
        .err()
        .context("a lock request without a resource succeeded")?;
    assert!(
        samples_helper::failure::describe(&error).contains("a lock needs a resource id"),
        "{error:?}"
    );
    Ok(())
}
