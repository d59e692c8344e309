//! End-to-end tests against a real dev server: the Python sample's two definitions (one with
//! parallel branches, which the history shows running side by side); a bad definition sent
//! past the client's check, refused by the workflow before any activity. And, with no server,
//! the definition checks and the paths they name.

use std::path::Path;

use anyhow::Result;
use dsl::{INVALID_DEFINITION, client, definition::parse_yaml};
use samples_helper::Workers;
use samples_helper::testing::{Attributes, EventType, event_types, history, test_client, unique};
use temporalio_client::{WorkflowGetResultOptions, errors::WorkflowGetResultError};

fn definition(name: &str) -> Result<dsl::DslInput> {
    client::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("workflows")
            .join(name),
    )
}

#[tokio::test]
async fn workflow1_runs_its_three_steps_in_order() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("dsl");
    let id = unique("dsl-workflow-id");
    let variables = Workers::new(&c, dsl::worker_options(&task_queue)?)
        .run_while(async {
            client::start(&c, &task_queue, &id, definition("workflow1.yaml")?).await?;
            client::result(&c, &id).await
        })
        .await??;
    assert_eq!(
        variables["result3"],
        "[result from activity3: value2 [result from activity2: [result from activity1: value1]]]"
    );
    assert_eq!(
        variables.len(),
        5,
        "arg1, arg2 and three results: {variables:?}"
    );
    samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), "workflow1", &id, None).await
}

#[tokio::test]
async fn workflow2_runs_its_two_branches_side_by_side() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("dsl");
    let id = unique("dsl-workflow-id");
    let variables = Workers::new(&c, dsl::worker_options(&task_queue)?)
        .run_while(async {
            client::start(&c, &task_queue, &id, definition("workflow2.yaml")?).await?;
            client::result(&c, &id).await
        })
        .await??;
    assert_eq!(
        variables["result6"],
        "[result from activity3: [result from activity3: value2 [result from activity2: \
         [result from activity1: value1]]] [result from activity5: value3 [result from \
         activity4: [result from activity1: value1]]]]"
    );
    // Both branches' first activities were scheduled in the same workflow task: neither waited
    // for the other.
    let mut scheduled = Vec::new();
    let mut task = 0;
    for e in history(&c, &id).await? {
        match e.attributes {
            Some(Attributes::WorkflowTaskCompletedEventAttributes(_)) => task += 1,
            Some(Attributes::ActivityTaskScheduledEventAttributes(a)) => {
                scheduled.push((a.activity_type.map(|t| t.name).unwrap_or_default(), task));
            }
            _ => {}
        }
    }
    let task_of = |name: &str| scheduled.iter().find(|(n, _)| n == name).map(|(_, t)| *t);
    assert_eq!(task_of("activity2"), task_of("activity4"), "{scheduled:?}");
    assert_eq!(scheduled.len(), 6);
    samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), "workflow2", &id, None).await
}

#[tokio::test]
async fn a_bad_definition_sent_past_the_client_is_refused_before_any_activity() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("dsl");
    let id = unique("dsl-workflow-id");
    // Built by hand, as a client without the check (another language) might send it.
    let mut input = definition("workflow1.yaml")?;
    if let dsl::definition::Statement::Sequence(s) = &mut input.root
        && let dsl::definition::Statement::Activity(a) = &mut s.elements[2]
    {
        a.arguments = vec!["arg2".to_owned()];
    }
    let err = Workers::new(&c, dsl::worker_options(&task_queue)?)
        .run_while(async {
            client::start(&c, &task_queue, &id, input).await?;
            anyhow::Ok(
                c.get_workflow_handle::<dsl::DslWorkflow>(&id)
                    .get_result(WorkflowGetResultOptions::default())
                    .await
                    .unwrap_err(),
            )
        })
        .await??;
    let WorkflowGetResultError::Failed(failure) = err else {
        panic!("expected the workflow to fail, got {err}");
    };
    let text = format!("{failure:?}");
    assert!(text.contains(INVALID_DEFINITION), "{text}");
    assert!(
        text.contains(
            "root.sequence.elements[2].activity.arguments: `activity3` takes 2 argument(s), got 1"
        ),
        "{text}"
    );
    assert!(
        !event_types(&c, &id)
            .await?
            .contains(&EventType::ActivityTaskScheduled)
    );
    Ok(())
}

#[test]
fn bad_definitions_name_the_path_of_the_bad_field() {
    let cases = [
        (
            "variables: {arg1: v}\nroot:\n  sequence:\n    elements:\n      - activity: {name: activity9, arguments: [arg1]}\n",
            "root.sequence.elements[0].activity.name: unknown activity `activity9`",
        ),
        (
            "root:\n  sequence:\n    elements:\n      - activty: {name: activity1}\n",
            "root.sequence.elements[0]: unknown variant `activty`",
        ),
        (
            "variables: {arg1: x}\nroot:\n  activity: {name: activity3, arguments: [arg1, nope]}\n",
            "root.activity.arguments[1]: variable `nope` is neither in `variables`",
        ),
        (
            "root:\n  parallel: {branches: []}\n",
            "root.parallel.branches: is empty",
        ),
        (
            "root:\n  activity: {name: activity1, arguments: [a], retries: 3}\nvariables: {a: x}\n",
            "root.activity.retries: unknown field `retries`",
        ),
        (
            "root: [\n",
            "(document): did not find expected node content at line 2",
        ),
        ("variables: {}\n", "missing field `root`"),
    ];
    for (yaml, expected) in cases {
        let err = parse_yaml(yaml).unwrap_err().to_string();
        assert!(
            err.contains(expected),
            "{yaml:?}: expected {expected:?}, got {err:?}"
        );
    }
}

#[test]
fn the_shipped_definitions_are_valid() -> Result<()> {
    definition("workflow1.yaml")?;
    definition("workflow2.yaml")?;
    Ok(())
}
