//! The pipeline workflows: the community forum's three activities in a row, and the tutorial's
//! Hacker News version with two.

use std::time::Duration;

use temporalio_common::RetryPolicy;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, WorkflowContext, WorkflowContextView, WorkflowResult};

use crate::{
    TemporalCommunityPost, WordCount,
    activities::{CommunityActivities, HackerNewsActivities},
};

// ANCHOR: lesson
/// Reads the forum and reports the top posts and title words.
#[workflow]
#[derive(Default)]
pub struct TemporalCommunityWorkflow {
    top_words: Vec<WordCount>,
}

#[workflow_methods]
impl TemporalCommunityWorkflow {
    /// Returns the top 10 posts by views — the tutorial's result, unchanged, so its Python
    /// starter can drive this worker. The top title words are the `top_words` query's answer.
    #[run(name = "TemporalCommunityWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
    ) -> WorkflowResult<Vec<TemporalCommunityPost>> {
        // Each HTTP request times out after 10 s; a whole activity gets 60 s. A failed one is
        // retried until the forum is back, as the tutorial teaches (no maximum attempts: an
        // outage delays the report instead of failing it), but sooner than the default policy
        // (first retry after 0.5 s, not 1 s; then at most every 10 s, not 100 s). A malformed
        // response is marked non-retryable where it is raised, so it fails at once.
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(60))
            .retry_policy(
                RetryPolicy::builder()
                    .initial_interval(Duration::from_millis(500))
                    .maximum_interval(Duration::from_secs(10))
                    .build(),
            )
            .build();
        let ids = ctx
            .execute_activity(CommunityActivities::post_ids, (), options.clone())
            .await?;
        let posts = ctx
            .execute_activity(CommunityActivities::top_posts, ids, options.clone())
            .await?;
        let words = ctx
            .execute_activity(CommunityActivities::top_words, posts.clone(), options)
            .await?;
        // Kept in the workflow's state for the query. Adding to the result instead would change
        // the result's shape, and break clients written for the tutorial's.
        ctx.state_mut(|s| s.top_words = words);
        Ok(posts)
    }

    /// The most frequent title words, most frequent first (empty until the last step ran).
    /// Queries are answered after the workflow completed too: a worker replays its history.
    #[query(name = "top_words")]
    pub fn top_words(&self, _ctx: &WorkflowContextView) -> Vec<WordCount> {
        self.top_words.clone()
    }
}

/// The tutorial's Hacker News version: the top story ids, then each story.
#[workflow]
#[derive(Default)]
pub struct HackerNewsWorkflow;

#[workflow_methods]
impl HackerNewsWorkflow {
    /// Returns `[title, by, url]` per story, the tutorial's `list[list[str]]`.
    #[run(name = "HackerNewsWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<Vec<Vec<String>>> {
        // The tutorial's options: a 15 s start-to-close timeout and the default retry policy,
        // which retries (1 s, then doubling up to 100 s) for as long as the API is down.
        let options = ActivityOptions::start_to_close_timeout(Duration::from_secs(15));
        let story_ids = ctx
            .execute_activity(HackerNewsActivities::story_ids, (), options.clone())
            .await?;
        Ok(ctx
            .execute_activity(HackerNewsActivities::top_stories, story_ids, options)
            .await?)
    }
}
// ANCHOR_END: lesson
