//! End-to-end tests against a real dev server, through the client functions the starter uses.

use std::{
    collections::BTreeSet,
    sync::atomic::{AtomicBool, Ordering},
    time::{Duration, Instant},
};

use anyhow::Result;
use safe_message_handlers::{ClusterActivities, client};
use samples_helper::Workers;
use samples_helper::testing::{Attributes, EventType, history_of_run, test_client, unique};

fn count(events: &[EventType], wanted: EventType) -> usize {
    events.iter().filter(|e| **e == wanted).count()
}

#[tokio::test]
async fn concurrent_assignments_never_share_a_node() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("safe-message-handlers");
    let id = unique("ClusterManagerWorkflow");
    let activities = ClusterActivities::default();
    let calls = activities.assignments.clone();
    let (assigned, result) = Workers::new(
        &c,
        safe_message_handlers::worker_options(&task_queue, activities)?,
    )
    .run_while(async {
        client::start(&c, &task_queue, &id, false).await?;
        let assigned = client::lifecycle(&c, &id, Duration::ZERO).await?;
        anyhow::Ok((assigned, client::result(&c, &id).await?))
    })
    .await??;
    // Six jobs of two nodes each, requested at once: twelve different nodes. Without the lock,
    // handlers interleaving at the activity's await would pick the same free nodes.
    let all: BTreeSet<&String> = assigned.iter().flat_map(|a| &a.nodes_assigned).collect();
    assert!(
        assigned.iter().all(|a| a.nodes_assigned.len() == 2),
        "{assigned:?}"
    );
    assert_eq!(all.len(), 12, "{assigned:?}");
    let calls = calls.lock().map(|c| c.clone()).unwrap_or_default();
    let called: BTreeSet<&String> = calls.iter().flat_map(|(_, nodes)| nodes).collect();
    assert_eq!((calls.len(), called.len()), (6, 12), "{calls:?}");
    assert_eq!(result.num_currently_assigned_nodes, 0);
    samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), "lifecycle", &id, None).await?;
    Ok(())
}

#[tokio::test]
async fn a_retried_update_runs_once_and_a_repeated_job_gets_its_nodes_back() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("safe-message-handlers");
    let id = unique("ClusterManagerWorkflow");
    let activities = ClusterActivities::default();
    let calls = activities.assignments.clone();
    Workers::new(
        &c,
        safe_message_handlers::worker_options(&task_queue, activities)?,
    )
    .run_while(async {
        client::start(&c, &task_queue, &id, false).await?;
        client::wait_until_started(&c, &id).await?;
        let first = client::assign(&c, &id, "job-a", 3, "assign-job-a").await?;
        // The same update id: the server answers from the first call.
        let retried = client::assign(&c, &id, "job-a", 3, "assign-job-a").await?;
        // Another update id for the same job: the handler's idempotency guard answers.
        let again = client::assign(&c, &id, "job-a", 5, "assign-job-a-again").await?;
        assert_eq!(first, retried);
        assert_eq!(first, again);
        assert_eq!(first.nodes_assigned.len(), 3);
        // Too many nodes: refused, nothing assigned.
        let err = client::assign(&c, &id, "job-b", 30, "assign-job-b")
            .await
            .expect_err("30 nodes do not exist");
        assert!(
            format!("{err:#}").contains("Cannot assign 30 nodes; have only 22 available"),
            "{err:#}"
        );
        let state = client::state(&c, &id).await?;
        assert_eq!(state.jobs_assigned, ["job-a".to_owned()].into());
        client::shutdown(&c, &id).await?;
        client::result(&c, &id).await
    })
    .await??;
    let calls = calls.lock().map(|c| c.clone()).unwrap_or_default();
    assert_eq!(
        calls.len(),
        1,
        "the assignment activity ran once: {calls:?}"
    );
    Ok(())
}

#[tokio::test]
async fn handlers_finish_before_continue_as_new_and_the_state_carries_over() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("safe-message-handlers");
    let id = unique("ClusterManagerWorkflow");
    // Slow control-plane calls, so that an update's handler is still running when the workflow
    // wants to continue as new.
    let activities = ClusterActivities {
        latency: Duration::from_millis(300),
        ..ClusterActivities::default()
    };
    let (first_run, result) = Workers::new(
        &c,
        safe_message_handlers::worker_options(&task_queue, activities)?,
    )
    .run_while(async {
        let handle = client::start(&c, &task_queue, &id, true).await?;
        let first_run = handle.run_id().unwrap_or_default().to_owned();
        client::wait_until_started(&c, &id).await?;
        for i in 0..3 {
            client::assign(&c, &id, &format!("task-{i}"), 2, &unique("assign")).await?;
        }
        // Health checks every second grow the history past 120 events. Until it has, three
        // loops keep updates in flight — each assigns a new job, then deletes it, so its handler
        // runs the slow assignment activity (or waits for the lock) rather than returning at once
        // from the idempotency guard. Then they stop (a steady stream of updates would keep the
        // workflow waiting for its handlers for ever), and the run continues as new.
        let stop = AtomicBool::new(false);
        let churn = || async {
            while !stop.load(Ordering::Relaxed) {
                let job = unique("late-job");
                client::assign(&c, &id, &job, 2, &unique("assign")).await?;
                client::delete(&c, &id, &job, &unique("delete")).await?;
            }
            anyhow::Ok(())
        };
        let watch = async {
            let deadline = Instant::now() + Duration::from_secs(60);
            let mut due: Option<Instant> = None;
            let outcome = loop {
                let events = history_of_run(&c, &id, Some(&first_run)).await?;
                if matches!(
                    events.last().and_then(|e| e.attributes.as_ref()),
                    Some(Attributes::WorkflowExecutionContinuedAsNewEventAttributes(
                        _
                    ))
                ) {
                    break Ok(());
                }
                // Due: the workflow reaches its continue-as-new check within a health-check
                // interval (1 s) and must wait there while handlers run. Two seconds on, each loop
                // finishes its job (assigned and deleted), then stops. (A workflow that did not
                // wait would continue as new in those two seconds with a handler cut off.)
                if events.len() > 120 {
                    let since = *due.get_or_insert_with(Instant::now);
                    if since.elapsed() > Duration::from_secs(2) {
                        stop.store(true, Ordering::Relaxed);
                    }
                }
                if Instant::now() > deadline {
                    break Err(anyhow::anyhow!("the workflow never continued as new"));
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            };
            stop.store(true, Ordering::Relaxed);
            outcome
        };
        let (watched, a, b, d) = tokio::join!(watch, churn(), churn(), churn());
        watched?;
        a?;
        b?;
        d?;
        // The new run carries the assignments.
        let state = client::state(&c, &id).await?;
        assert_eq!(state.jobs_assigned.len(), 3, "{state:?}");
        for i in 0..3 {
            client::delete(&c, &id, &format!("task-{i}"), &unique("delete")).await?;
        }
        client::shutdown(&c, &id).await?;
        anyhow::Ok((first_run, client::result(&c, &id).await?))
    })
    .await??;
    assert_eq!(result.num_currently_assigned_nodes, 0);
    // In the first run every accepted update completed before the continue-as-new.
    let events: Vec<EventType> = history_of_run(&c, &id, Some(&first_run))
        .await?
        .iter()
        .map(|e| EventType::try_from(e.event_type).unwrap_or(EventType::Unspecified))
        .collect();
    assert_eq!(
        count(&events, EventType::WorkflowExecutionUpdateAccepted),
        count(&events, EventType::WorkflowExecutionUpdateCompleted),
        "{events:?}"
    );
    assert_eq!(
        events.last(),
        Some(&EventType::WorkflowExecutionContinuedAsNew)
    );
    // And handlers were at work after the workflow was due (history past its 120-event
    // threshold): assignment activities scheduled after that point, every one finished before the
    // continue-as-new. (The main loop also needs the nodes lock these handlers hold for its
    // health checks, so here the lock and `wait_for_handlers` both keep the run from continuing
    // with a handler cut off.)
    let scheduled_late = events
        .iter()
        .enumerate()
        .filter(|(i, e)| i + 1 > 120 && **e == EventType::ActivityTaskScheduled)
        .count();
    assert!(
        scheduled_late >= 1,
        "no handler was running after the workflow was due to continue as new: {events:?}"
    );
    samples_helper::replay::record(
        &c,
        env!("CARGO_MANIFEST_DIR"),
        "continued-as-new",
        &id,
        Some(&first_run),
    )
    .await?;
    Ok(())
}
