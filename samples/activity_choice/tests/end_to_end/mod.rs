//! End-to-end tests against a real dev server.

use activity_choice::{
    Fruit, ShoppingList, ShoppingListItem, client, workflows::UNKNOWN_FRUIT_ERROR,
};
use anyhow::{Result, bail};
use samples_helper::Workers;
use samples_helper::testing::{Attributes, EventType, event_types, history, test_client, unique};
use temporalio_client::{Client, errors::WorkflowGetResultError};
use temporalio_common::error::IncomingError;

async fn purchase(
    client: &Client,
    list: ShoppingList,
) -> Result<(String, Result<String, WorkflowGetResultError>)> {
    let task_queue = unique("activity-choice");
    let workflow_id = unique("hello-activity-choice");
    let result = Workers::new(client, activity_choice::worker_options(&task_queue)?)
        .run_while(async {
            client::start(client, &task_queue, &workflow_id, list).await?;
            anyhow::Ok(client::confirmations(client, &workflow_id).await)
        })
        .await??;
    Ok((workflow_id, result))
}

/// (activity type, JSON input) of every scheduled activity, in order.
async fn scheduled_activities(client: &Client, workflow_id: &str) -> Result<Vec<(String, String)>> {
    Ok(history(client, workflow_id)
        .await?
        .into_iter()
        .filter_map(|e| match e.attributes {
            Some(Attributes::ActivityTaskScheduledEventAttributes(a)) => Some((
                a.activity_type.map(|t| t.name).unwrap_or_default(),
                a.input
                    .and_then(|p| p.payloads.into_iter().next())
                    .map(|p| String::from_utf8_lossy(&p.data).into_owned())
                    .unwrap_or_default(),
            )),
            _ => None,
        })
        .collect())
}

#[tokio::test]
async fn each_item_runs_the_activity_for_its_fruit_in_order() -> Result<()> {
    let client = test_client().await?.client;
    let (id, result) = purchase(&client, ShoppingList::python_sample()).await?;
    assert_eq!(
        result?,
        "Ordered 8 Apples...Ordered 5 Bananas...Ordered 1 Cherries...Ordered 4 Oranges..."
    );
    let expected = [
        ("order_apples", "8"),
        ("order_bananas", "5"),
        ("order_cherries", "1"),
        ("order_oranges", "4"),
    ]
    .map(|(a, n)| (a.to_owned(), n.to_owned()));
    assert_eq!(scheduled_activities(&client, &id).await?, expected);
    samples_helper::replay::record(&client, env!("CARGO_MANIFEST_DIR"), "purchase", &id, None)
        .await?;
    Ok(())
}

#[tokio::test]
async fn repeated_and_reordered_items_choose_per_item() -> Result<()> {
    let client = test_client().await?.client;
    let item = |fruit, amount| ShoppingListItem { fruit, amount };
    let list = ShoppingList {
        items: vec![
            item(Fruit::Orange, 2),
            item(Fruit::Apple, 1),
            item(Fruit::Orange, 3),
        ],
    };
    let (id, result) = purchase(&client, list).await?;
    assert_eq!(
        result?,
        "Ordered 2 Oranges...Ordered 1 Apples...Ordered 3 Oranges..."
    );
    let types: Vec<String> = scheduled_activities(&client, &id)
        .await?
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(types, ["order_oranges", "order_apples", "order_oranges"]);
    Ok(())
}

#[tokio::test]
async fn an_unknown_fruit_fails_the_workflow_at_once_and_orders_nothing() -> Result<()> {
    let client = test_client().await?.client;
    let item = |fruit, amount| ShoppingListItem { fruit, amount };
    let list = ShoppingList {
        items: vec![item(Fruit::Apple, 2), item(Fruit::Unknown("7".into()), 1)],
    };
    let (id, result) = purchase(&client, list).await?;
    let Err(WorkflowGetResultError::Failed(failure)) = result else {
        bail!("expected a workflow failure, got {result:?}")
    };
    let IncomingError::Application(app) = failure.as_ref() else {
        bail!("expected an application failure, got {failure:?}")
    };
    assert_eq!(app.type_name(), Some(UNKNOWN_FRUIT_ERROR));
    assert!(app.is_non_retryable());
    assert!(
        app.to_string().contains("item 1 has unknown fruit 7"),
        "{app}"
    );

    // Failed in the first workflow task: no activity, no failed-and-retried workflow task.
    let events = event_types(&client, &id).await?;
    assert!(
        !events.contains(&EventType::ActivityTaskScheduled),
        "{events:?}"
    );
    assert!(
        !events.contains(&EventType::WorkflowTaskFailed),
        "{events:?}"
    );
    assert_eq!(events.last(), Some(&EventType::WorkflowExecutionFailed));
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "unknown-fruit",
        &id,
        None,
    )
    .await?;
    Ok(())
}

#[test]
fn fruit_serialises_as_python_int_enum_values() -> Result<()> {
    let list = ShoppingList::python_sample();
    let json = serde_json::to_string(&list)?;
    assert_eq!(
        json,
        r#"{"items":[{"fruit":1,"amount":8},{"fruit":2,"amount":5},{"fruit":3,"amount":1},{"fruit":4,"amount":4}]}"#
    );
    let back: ShoppingList = serde_json::from_str(&json)?;
    assert_eq!(back, list);
    let odd: ShoppingListItem = serde_json::from_str(r#"{"fruit":"kiwi","amount":1}"#)?;
    assert_eq!(odd.fruit, Fruit::Unknown("\"kiwi\"".into()));
    Ok(())
}
