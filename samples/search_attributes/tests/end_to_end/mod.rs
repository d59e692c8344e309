//! End-to-end tests against a real dev server: attributes and memo read back, and what
//! visibility queries find.

use std::collections::BTreeSet;

use anyhow::Result;
use samples_helper::Workers;
use samples_helper::testing::{EventType, event_types, test_client, unique};
use search_attributes::client;

#[tokio::test]
async fn set_at_start_upserted_by_the_workflow_and_the_memo_kept() -> Result<()> {
    let c = test_client().await?.client;
    client::register(&c).await?;
    let task_queue = unique("search-attributes");
    let id = unique("hello-search-attributes");
    let customer = unique("customer");
    let (before, after) = Workers::new(&c, search_attributes::worker_options(&task_queue)?)
        .run_while(async {
            client::start(&c, &task_queue, &id, Some(&customer)).await?;
            let before = client::describe(&c, &id).await?;
            client::wait(&c, &id).await?;
            anyhow::Ok((before, client::describe(&c, &id).await?))
        })
        .await??;
    assert_eq!(before.keyword.as_deref(), Some("old-value"));
    assert_eq!(before.stage, Some(1));
    assert_eq!(after.keyword.as_deref(), Some("new-value"));
    assert_eq!(after.stage, Some(2));
    assert_eq!(after.customer_id.as_deref(), Some(customer.as_str()));
    assert_eq!(
        after.started_by.as_deref(),
        Some("the search_attributes sample")
    );
    assert!(
        event_types(&c, &id)
            .await?
            .contains(&EventType::UpsertWorkflowSearchAttributes)
    );
    samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), "upserted", &id, None).await
}

#[tokio::test]
async fn visibility_queries_find_exactly_the_matching_executions() -> Result<()> {
    let c = test_client().await?.client;
    client::register(&c).await?;
    let task_queue = unique("search-attributes");
    let customer = unique("customer");
    let ids: Vec<String> = (0..3).map(|i| unique(&format!("search-{i}"))).collect();
    Workers::new(&c, search_attributes::worker_options(&task_queue)?)
        .run_while(async {
            for id in &ids {
                client::start(&c, &task_queue, id, Some(&customer)).await?;
            }
            // Another customer's execution, which no query below may find.
            client::start(
                &c,
                &task_queue,
                &unique("search-other"),
                Some(&unique("customer")),
            )
            .await?;
            for id in &ids {
                client::wait(&c, id).await?;
            }
            anyhow::Ok(())
        })
        .await??;
    let query = format!("CustomerId = '{customer}' AND CustomKeywordField = 'new-value'");
    client::wait_for_count(&c, &query, 3).await?;
    let listed: BTreeSet<String> = client::list(&c, &query)
        .await?
        .into_iter()
        .map(|(id, ..)| id)
        .collect();
    assert_eq!(listed, ids.iter().cloned().collect());
    assert_eq!(
        client::count(&c, &format!("CustomerId = '{customer}' AND Stage = 1")).await?,
        0
    );
    assert_eq!(
        client::count(&c, &format!("CustomerId = '{customer}' AND Stage = 2")).await?,
        3
    );
    Ok(())
}

#[tokio::test]
async fn the_python_shape_sets_only_the_keyword() -> Result<()> {
    let c = test_client().await?.client;
    client::register(&c).await?;
    let task_queue = unique("search-attributes");
    let id = unique("hello-search-attributes");
    let after = Workers::new(&c, search_attributes::worker_options(&task_queue)?)
        .run_while(async {
            client::start(&c, &task_queue, &id, None).await?;
            client::wait(&c, &id).await?;
            client::describe(&c, &id).await
        })
        .await??;
    assert_eq!(after.keyword.as_deref(), Some("new-value"));
    assert_eq!((after.customer_id, after.stage), (None, None));
    Ok(())
}

#[tokio::test]
async fn a_malformed_query_is_a_clear_error() -> Result<()> {
    let c = test_client().await?.client;
    let err = client::count(&c, "CustomerId = ")
        .await
        .expect_err("not a query");
    assert!(
        format!("{err:#}").contains("the query `CustomerId = ` failed"),
        "{err:#}"
    );
    Ok(())
}
