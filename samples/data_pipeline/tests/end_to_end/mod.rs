//! End-to-end tests against a real dev server and a local fixture server shaped like the forum.

use std::{collections::HashSet, sync::atomic::Ordering, time::Duration};

use anyhow::{Result, bail};
use data_pipeline::{
    CommunityActivities, CommunityReport, HackerNewsActivities, TemporalCommunityWorkflow,
    activities::MALFORMED_RESPONSE_ERROR,
    support::fixture::{self, FIRST_ID, FixtureOptions, FixtureServer},
};
use samples_helper::Workers;
use samples_helper::testing::{activity_attempts, test_client, unique};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowQueryOptions, WorkflowStartOptions,
    errors::WorkflowGetResultError,
};
use temporalio_common::error::IncomingError;

async fn run(
    client: &Client,
    fixture: &FixtureServer,
    concurrency: usize,
) -> Result<(String, Result<CommunityReport, WorkflowGetResultError>)> {
    let task_queue = unique("data-pipeline");
    let workflow_id = unique("temporal-community");
    let http = data_pipeline::http_client(Duration::from_secs(5))?;
    let activities = CommunityActivities::new(http, &fixture.url(), concurrency);
    let result = Workers::new(
        client,
        data_pipeline::worker_options(&task_queue, activities)?,
    )
    .run_while(async {
        let options = WorkflowStartOptions::new(&task_queue, &workflow_id).build();
        let handle = client
            .start_workflow(TemporalCommunityWorkflow::run, (), options)
            .await?;
        let posts = match handle.get_result(WorkflowGetResultOptions::default()).await {
            Ok(posts) => posts,
            Err(failure) => return anyhow::Ok(Err(failure)),
        };
        // The words are the `top_words` query's answer, asked of the finished run (the
        // worker is still up to answer it).
        let top_words = handle
            .query(
                TemporalCommunityWorkflow::top_words,
                (),
                WorkflowQueryOptions::default(),
            )
            .await?;
        anyhow::Ok(Ok(CommunityReport { posts, top_words }))
    })
    .await??;
    Ok((workflow_id, result))
}

async fn fixture(options: FixtureOptions) -> Result<FixtureServer> {
    fixture::start("127.0.0.1:0".parse()?, options).await
}

#[tokio::test]
async fn the_report_has_the_top_ten_by_views_and_the_top_words() -> Result<()> {
    let client = test_client().await?.client;
    let server = fixture(FixtureOptions::default()).await?;
    let (id, report) = run(&client, &server, 10).await?;
    let report = report?;
    let expected: Vec<_> = fixture::expected_posts(&server.url(), &HashSet::new())
        .into_iter()
        .take(10)
        .collect();
    assert_eq!(report.posts, expected);
    assert!(report.posts.windows(2).all(|w| w[0].views >= w[1].views));
    assert_eq!(report.top_words[0].word, "activities");
    assert_eq!(report.top_words[0].count, 4);
    assert!(
        report
            .top_words
            .iter()
            .all(|w| !["the", "for", "in", "and"].contains(&w.word.as_str()))
    );
    // 1 listing + 30 topics.
    assert_eq!(server.stats.requests.load(Ordering::SeqCst), 31);
    samples_helper::replay::record(&client, env!("CARGO_MANIFEST_DIR"), "report", &id, None)
        .await?;
    Ok(())
}

#[tokio::test]
async fn posts_are_fetched_concurrently_within_the_bound() -> Result<()> {
    let client = test_client().await?.client;
    let server = fixture(FixtureOptions {
        latency: Duration::from_millis(100),
        ..FixtureOptions::default()
    })
    .await?;
    let (_, report) = run(&client, &server, 8).await?;
    report?;
    let max = server.stats.max_in_flight.load(Ordering::SeqCst);
    assert!(max > 1, "requests must overlap, max in flight was {max}");
    assert!(max <= 8, "at most 8 at once, saw {max}");
    Ok(())
}

#[tokio::test]
async fn a_5xx_is_retried_until_it_succeeds() -> Result<()> {
    let client = test_client().await?.client;
    let server = fixture(FixtureOptions {
        fail_latest_times: 2,
        ..FixtureOptions::default()
    })
    .await?;
    let (id, report) = run(&client, &server, 10).await?;
    assert_eq!(report?.posts.len(), 10);
    // The listing activity succeeded on its third attempt.
    assert_eq!(
        activity_attempts(&client, &id).await?[0],
        ("post_ids".to_owned(), 3)
    );
    // And it would have gone on retrying: as in the tutorial, no maximum number of attempts.
    let policies: Vec<_> = samples_helper::testing::history(&client, &id)
        .await?
        .into_iter()
        .filter_map(|e| match e.attributes {
            Some(samples_helper::testing::Attributes::ActivityTaskScheduledEventAttributes(a)) => {
                a.retry_policy
            }
            _ => None,
        })
        .collect();
    assert_eq!(policies.len(), 3);
    for policy in policies {
        assert_eq!(policy.maximum_attempts, 0, "unlimited attempts: {policy:?}");
        let max = policy.maximum_interval.map(|d| d.seconds);
        assert_eq!(max, Some(10), "{policy:?}");
    }
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "retried-5xx",
        &id,
        None,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn malformed_json_fails_at_once_naming_the_url() -> Result<()> {
    let client = test_client().await?.client;
    let server = fixture(FixtureOptions {
        malformed_latest: true,
        ..FixtureOptions::default()
    })
    .await?;
    let (id, report) = run(&client, &server, 10).await?;
    let Err(WorkflowGetResultError::Failed(failure)) = report else {
        bail!("expected a failure: {report:?}")
    };
    let cause = failure.cause().map(|c| (c.to_string(), c));
    let Some((message, IncomingError::Application(app))) = cause else {
        bail!("expected an application failure")
    };
    assert_eq!(app.type_name(), Some(MALFORMED_RESPONSE_ERROR));
    assert!(
        message.contains(&format!("{}/latest.json", server.url())),
        "{message}"
    );
    assert_eq!(
        activity_attempts(&client, &id).await?,
        [("post_ids".to_owned(), 1)]
    );
    Ok(())
}

#[tokio::test]
async fn a_missing_post_is_skipped() -> Result<()> {
    let client = test_client().await?.client;
    // The most viewed topic is gone (404).
    let top = fixture::expected_posts("", &HashSet::new())[0]
        .url
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .parse::<u64>()?;
    assert!(top >= FIRST_ID);
    let missing: HashSet<u64> = [top].into();
    let server = fixture(FixtureOptions {
        missing: missing.clone(),
        ..FixtureOptions::default()
    })
    .await?;
    let (_, report) = run(&client, &server, 10).await?;
    let report = report?;
    assert!(
        report
            .posts
            .iter()
            .all(|p| !p.url.ends_with(&format!("/{top}")))
    );
    let expected: Vec<_> = fixture::expected_posts(&server.url(), &missing)
        .into_iter()
        .take(10)
        .collect();
    assert_eq!(report.posts, expected);
    Ok(())
}

#[tokio::test]
async fn the_hacker_news_version_returns_title_by_url_rows_skipping_a_deleted_story() -> Result<()>
{
    let client = test_client().await?.client;
    // The third of the ten top stories is deleted: the tutorial's version skips it.
    let deleted = FIRST_ID + 2;
    let server = fixture(FixtureOptions {
        missing: [deleted].into(),
        ..FixtureOptions::default()
    })
    .await?;
    let task_queue = unique("hackernews");
    let workflow_id = unique("hackernews-workflow");
    let http = data_pipeline::http_client(Duration::from_secs(5))?;
    let activities = HackerNewsActivities::new(http, &server.url());
    let rows = Workers::new(
        &client,
        data_pipeline::hacker_news_worker_options(&task_queue, activities)?,
    )
    .run_while(async {
        data_pipeline::client::start_hacker_news(&client, &task_queue, &workflow_id).await?;
        data_pipeline::client::top_stories(&client, &workflow_id).await
    })
    .await??;
    // The fixture's titles by id, from its forum-shaped listing.
    let title_of = |id: u64| {
        fixture::expected_posts("", &HashSet::new())
            .into_iter()
            .find(|p| p.url.ends_with(&format!("/{id}")))
            .map(|p| p.title)
    };
    let expected_titles: Vec<String> = (FIRST_ID..FIRST_ID + 10)
        .filter(|id| *id != deleted)
        .filter_map(title_of)
        .collect();
    assert_eq!(expected_titles.len(), 9);
    let titles: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(
        titles, expected_titles,
        "the top 10 in the API's order, less the deleted one"
    );
    assert!(
        rows.iter()
            .all(|r| r.len() == 3 && r[1] == "someone" && r[2].starts_with("https://example.com/")),
        "{rows:?}"
    );
    // The tutorial's two activities, once each.
    assert_eq!(
        activity_attempts(&client, &workflow_id).await?,
        [("story_ids".to_owned(), 1), ("top_stories".to_owned(), 1)]
    );
    samples_helper::replay::record(
        &client,
        env!("CARGO_MANIFEST_DIR"),
        "hacker-news",
        &workflow_id,
        None,
    )
    .await?;
    Ok(())
}
