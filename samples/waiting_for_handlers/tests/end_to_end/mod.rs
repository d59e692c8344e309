//! End-to-end tests against a real dev server: both workflows, each exit type, an update in
//! flight every time. What each caller got comes from `client::run`; the order of events from
//! history.

use std::time::Duration;

use anyhow::{Context, Result};
use samples_helper::Workers;
use samples_helper::testing::{EventType, activity_attempts, event_types, test_client, unique};
use temporalio_client::Client;
use waiting_for_handlers::{
    HandlerActivities, WorkflowExitType,
    client::{self, Outcome, Variant},
};

async fn run(variant: Variant, exit_type: WorkflowExitType) -> Result<(Client, String, Outcome)> {
    let c = test_client().await?.client;
    let task_queue = unique("my-task-queue");
    let id = unique("my-workflow-id");
    let activities = HandlerActivities {
        work: Duration::from_millis(300),
    };
    let outcome = Workers::new(
        &c,
        waiting_for_handlers::worker_options(&task_queue, activities)?,
    )
    .run_while(client::run(&c, &task_queue, &id, variant, exit_type))
    .await??;
    let name = format!(
        "{}-{}",
        match variant {
            Variant::Waiting => "waiting",
            Variant::Compensating => "compensating",
        },
        format!("{exit_type:?}").to_lowercase()
    );
    samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), &name, &id, None).await?;
    Ok((c, id, outcome))
}

/// Asserts the update completed before the workflow closed with `closed`.
async fn update_completed_before(c: &Client, id: &str, closed: EventType) -> Result<()> {
    let events = event_types(c, id).await?;
    let update = events
        .iter()
        .position(|e| *e == EventType::WorkflowExecutionUpdateCompleted)
        .context("the update never completed")?;
    let close = events
        .iter()
        .position(|e| *e == closed)
        .context("not closed as expected")?;
    assert!(update < close, "{events:?}");
    assert_eq!(close, events.len() - 1);
    Ok(())
}

#[tokio::test]
async fn waiting_success_answers_both_callers() -> Result<()> {
    let (c, id, o) = run(Variant::Waiting, WorkflowExitType::Success).await?;
    assert_eq!(o.update, Ok("update-result".to_owned()));
    assert_eq!(o.workflow, Ok("workflow-result".to_owned()));
    update_completed_before(&c, &id, EventType::WorkflowExecutionCompleted).await
}

#[tokio::test]
async fn waiting_failure_still_answers_the_update() -> Result<()> {
    let (c, id, o) = run(Variant::Waiting, WorkflowExitType::Failure).await?;
    assert_eq!(o.update, Ok("update-result".to_owned()));
    let error = o.workflow.expect_err("the workflow fails");
    assert!(error.contains("deliberately failing workflow"), "{error}");
    update_completed_before(&c, &id, EventType::WorkflowExecutionFailed).await
}

#[tokio::test]
async fn waiting_cancellation_still_answers_the_update() -> Result<()> {
    let (c, id, o) = run(Variant::Waiting, WorkflowExitType::Cancellation).await?;
    assert_eq!(o.update, Ok("update-result".to_owned()));
    let error = o.workflow.expect_err("the workflow is cancelled");
    assert!(error.to_lowercase().contains("cancel"), "{error}");
    update_completed_before(&c, &id, EventType::WorkflowExecutionCanceled).await
}

#[tokio::test]
async fn compensating_success_needs_no_compensation() -> Result<()> {
    let (c, id, o) = run(Variant::Compensating, WorkflowExitType::Success).await?;
    assert_eq!(o.update, Ok("update-result".to_owned()));
    assert_eq!(o.workflow, Ok("workflow-result".to_owned()));
    assert_eq!(o.compensations, Some((false, false)));
    assert_eq!(
        activity_attempts(&c, &id).await?,
        [("activity_executed_by_update_handler".to_owned(), 1)]
    );
    update_completed_before(&c, &id, EventType::WorkflowExecutionCompleted).await
}

/// The update's work is cut short and compensated, then the workflow's compensation runs, and
/// only then does the workflow close.
async fn compensated(exit_type: WorkflowExitType, closed: EventType) -> Result<()> {
    let (c, id, o) = run(Variant::Compensating, exit_type).await?;
    assert_eq!(
        o.update,
        Err("The update failed because the workflow run exited".to_owned())
    );
    assert!(o.workflow.is_err());
    assert_eq!(o.compensations, Some((true, true)));
    let activities: Vec<String> = activity_attempts(&c, &id)
        .await?
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    // The compensations ran, the update's first. The update's own work was stopped: either
    // cancelled once scheduled, or — when the workflow exits in the very workflow task that
    // would have scheduled it — never scheduled at all.
    let compensations = [
        "activity_executed_by_update_handler_to_perform_compensation",
        "activity_executed_to_perform_workflow_compensation",
    ];
    assert!(
        activities.ends_with(&compensations.map(str::to_owned)),
        "{activities:?}"
    );
    let events = event_types(&c, &id).await?;
    if activities.len() == 3 {
        assert_eq!(activities[0], "activity_executed_by_update_handler");
        assert!(
            events.contains(&EventType::ActivityTaskCancelRequested),
            "{events:?}"
        );
    } else {
        assert_eq!(activities.len(), 2, "{activities:?}");
    }
    update_completed_before(&c, &id, closed).await
}

#[tokio::test]
async fn compensating_failure_compensates_update_then_workflow() -> Result<()> {
    compensated(
        WorkflowExitType::Failure,
        EventType::WorkflowExecutionFailed,
    )
    .await
}

#[tokio::test]
async fn compensating_cancellation_compensates_update_then_workflow() -> Result<()> {
    compensated(
        WorkflowExitType::Cancellation,
        EventType::WorkflowExecutionCanceled,
    )
    .await
}

#[test]
fn exit_types_travel_as_pythons_intenum_integers() -> Result<()> {
    assert_eq!(serde_json::to_string(&WorkflowExitType::Cancellation)?, "2");
    let err = serde_json::from_str::<WorkflowExitType>("3").expect_err("no such exit type");
    assert!(
        err.to_string()
            .contains("invalid value: 3, expected one of: 0, 1, 2"),
        "{err}"
    );
    Ok(())
}
