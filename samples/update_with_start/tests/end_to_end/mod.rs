//! End-to-end tests against a real dev server, through the request handler the starter uses.

use anyhow::Result;
use samples_helper::Workers;
use samples_helper::testing::{EventType, event_types, test_client, unique};
use temporalio_client::{Client, WorkflowDescribeOptions, WorkflowExecutionStatus};
use update_with_start::{
    PriceActivities, ShoppingCartItem, ShoppingCartWorkflow, cart_id,
    client::{self, Added},
};

fn count(events: &[EventType], wanted: EventType) -> usize {
    events.iter().filter(|e| **e == wanted).count()
}

async fn status(c: &Client, session: &str) -> Result<(WorkflowExecutionStatus, String)> {
    let d = c
        .get_workflow_handle::<ShoppingCartWorkflow>(cart_id(session))
        .describe(WorkflowDescribeOptions::default())
        .await?;
    let run_id = d
        .raw()
        .workflow_execution_info
        .as_ref()
        .and_then(|i| i.execution.as_ref())
        .map(|e| e.run_id.clone())
        .unwrap_or_default();
    Ok((d.status(), run_id))
}

#[tokio::test]
async fn the_first_update_creates_the_cart_and_later_ones_reach_the_same_execution() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("update-with-start");
    let session = unique("session");
    let order = Workers::new(
        &c,
        update_with_start::worker_options(&task_queue, PriceActivities::default())?,
    )
    .run_while(async {
        // No cart yet: the first request creates it.
        assert_eq!(
            client::add_item(&c, &task_queue, &session, "sku-123", 1).await?,
            Added::Subtotal(599)
        );
        // Early return: the update answered, and the cart goes on running.
        let (first_status, first_run) = status(&c, &session).await?;
        assert_eq!(first_status, WorkflowExecutionStatus::Running);
        assert_eq!(
            client::add_item(&c, &task_queue, &session, "sku-789", 2).await?,
            Added::Subtotal(599 + 1198)
        );
        let (_, second_run) = status(&c, &session).await?;
        assert_eq!(
            first_run, second_run,
            "the second request reached the same execution"
        );
        client::checkout(&c, &session).await?;
        client::order(&c, &session).await
    })
    .await??;
    assert_eq!(order.id, cart_id(&session));
    assert_eq!(
        order.items,
        [
            (
                ShoppingCartItem {
                    sku: "sku-123".into(),
                    quantity: 1
                },
                599
            ),
            (
                ShoppingCartItem {
                    sku: "sku-789".into(),
                    quantity: 2
                },
                1198
            ),
        ]
    );
    assert_eq!(order.total, 1797);
    let events = event_types(&c, &cart_id(&session)).await?;
    assert_eq!(count(&events, EventType::WorkflowExecutionStarted), 1);
    assert_eq!(
        count(&events, EventType::WorkflowExecutionUpdateAccepted),
        2
    );
    samples_helper::replay::record(
        &c,
        env!("CARGO_MANIFEST_DIR"),
        "two-items",
        &cart_id(&session),
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn two_concurrent_first_requests_start_one_cart() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("update-with-start");
    let session = unique("session");
    let order = Workers::new(
        &c,
        update_with_start::worker_options(&task_queue, PriceActivities::default())?,
    )
    .run_while(async {
        let (a, b) = tokio::join!(
            client::add_item(&c, &task_queue, &session, "sku-1", 1),
            client::add_item(&c, &task_queue, &session, "sku-2", 1),
        );
        let mut subtotals = [a?, b?];
        subtotals.sort_by_key(|s| format!("{s:?}"));
        // One of them saw the cart empty, the other saw the first item.
        assert_eq!(subtotals, [Added::Subtotal(1198), Added::Subtotal(599)]);
        client::checkout(&c, &session).await?;
        client::order(&c, &session).await
    })
    .await??;
    assert_eq!(order.total, 1198);
    let events = event_types(&c, &cart_id(&session)).await?;
    assert_eq!(
        count(&events, EventType::WorkflowExecutionStarted),
        1,
        "{events:?}"
    );
    assert_eq!(
        count(&events, EventType::WorkflowExecutionUpdateAccepted),
        2
    );
    Ok(())
}

#[tokio::test]
async fn an_unavailable_item_is_refused_and_the_cart_still_exists() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("update-with-start");
    let session = unique("session");
    let order = Workers::new(
        &c,
        update_with_start::worker_options(&task_queue, PriceActivities::default())?,
    )
    .run_while(async {
        // The Python starter's second request, made first: the cart is created, the
        // update fails.
        let refused = client::add_item(&c, &task_queue, &session, "sku-456", 1).await?;
        assert_eq!(
            refused,
            Added::Refused("Item unavailable: ShoppingCartItem(sku='sku-456', quantity=1)".into())
        );
        assert_eq!(
            status(&c, &session).await?.0,
            WorkflowExecutionStatus::Running
        );
        assert_eq!(
            client::add_item(&c, &task_queue, &session, "sku-123", 1).await?,
            Added::Subtotal(599)
        );
        client::checkout(&c, &session).await?;
        client::order(&c, &session).await
    })
    .await??;
    assert_eq!(order.items.len(), 1);
    assert_eq!(order.total, 599);
    samples_helper::replay::record(
        &c,
        env!("CARGO_MANIFEST_DIR"),
        "unavailable-item",
        &cart_id(&session),
        None,
    )
    .await?;
    Ok(())
}
