//! The pipeline workflow: three activities in a row.

use std::time::Duration;

use temporalio_common::RetryPolicy;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, WorkflowContext, WorkflowResult};

use crate::{CommunityReport, activities::CommunityActivities};

/// Reads the forum and reports the top posts and title words.
#[workflow]
#[derive(Default)]
pub struct TemporalCommunityWorkflow;

#[workflow_methods]
impl TemporalCommunityWorkflow {
    /// Returns the top 10 posts by views and the top title words.
    #[run(name = "TemporalCommunityWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<CommunityReport> {
        // Each HTTP request times out after 10 s; a whole activity gets 60 s, and a failed one
        // is retried with backoff (a forum hiccup should not fail the report).
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(60))
            .retry_policy(
                RetryPolicy::builder()
                    .initial_interval(Duration::from_millis(500))
                    .maximum_interval(Duration::from_secs(10))
                    .maximum_attempts(5)
                    .build(),
            )
            .build();
        let ids = ctx
            .execute_activity(CommunityActivities::post_ids, (), options.clone())
            .await?;
        let posts = ctx
            .execute_activity(CommunityActivities::top_posts, ids, options.clone())
            .await?;
        Ok(ctx
            .execute_activity(CommunityActivities::top_words, posts, options)
            .await?)
    }
}
