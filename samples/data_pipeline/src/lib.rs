//! # Data pipeline
//!
//! The Temporal "build a data pipeline" tutorial, done right. `TemporalCommunityWorkflow` reads
//! the latest topics of the Temporal community forum (a Discourse site) and reports the ten most
//! viewed, plus — the tutorial's suggested next step — the most frequent words in their titles:
//!
//! 1. `post_ids` fetches the latest topic ids;
//! 2. `top_posts` fetches every topic **concurrently, with a bound** (the tutorial fetches them
//!    one by one), skips missing or deleted ones with a warning, and keeps the top 10 by views;
//! 3. `top_words` counts title words, stop words dropped.
//!
//! Each step is an activity, so each is retried on its own: a 5xx from the forum is a retryable
//! failure, retried with backoff until the forum is back; malformed JSON is a non-retryable failure naming the URL (no
//! retry can fix it). The HTTP client is injected into the activities, with per-request timeouts
//! well inside the activity's timeout. A schedule can run the pipeline every 10 hours. The
//! tutorial's first version, `HackerNewsWorkflow` (`story_ids`, then `top_stories`), runs on its
//! own task queue in the same worker.
//!
//! Run it (with `temporal server start-dev` running; the forum needs internet, or use the
//! bundled fixture server):
//!
//! ```text
//! cargo run -p data_pipeline worker
//! cargo run -p data_pipeline starter
//! ```

pub mod activities;
pub mod client;
pub mod support;
pub mod workflows;

use std::time::Duration;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use activities::{CommunityActivities, HackerNewsActivities};
pub use workflows::{HackerNewsWorkflow, TemporalCommunityWorkflow};

/// Task queue, as in the tutorial.
pub const TASK_QUEUE: &str = "temporal-community-task-queue";
/// Workflow id, as in the tutorial.
pub const WORKFLOW_ID: &str = "temporal-community-workflow";
/// Schedule id, as in the tutorial.
pub const SCHEDULE_ID: &str = "top-stories-every-10-hours";
/// The Temporal community forum.
pub const COMMUNITY_URL: &str = "https://community.temporal.io";
/// The Hacker News API.
pub const HACKER_NEWS_URL: &str = "https://hacker-news.firebaseio.com";
/// Task queue of the Hacker News version, as in the tutorial.
pub const HACKER_NEWS_TASK_QUEUE: &str = "hackernews-task-queue";
/// Workflow id of the Hacker News version, as in the tutorial.
pub const HACKER_NEWS_WORKFLOW_ID: &str = "hackernews-workflow";
/// Schedule id of the Hacker News version, as in the tutorial.
pub const HACKER_NEWS_SCHEDULE_ID: &str = "workflow-schedule-id";

/// A post in the report, as in the tutorial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemporalCommunityPost {
    /// The title.
    pub title: String,
    /// Where to read it.
    pub url: String,
    /// Views.
    pub views: u64,
}

/// How often a word occurs in the top posts' titles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordCount {
    /// The word, lower-cased.
    pub word: String,
    /// How many titles-words it matched.
    pub count: u32,
}

/// What the starter prints: the workflow's result (the posts) and its `top_words` query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommunityReport {
    /// The top 10 posts by views, most viewed first.
    pub posts: Vec<TemporalCommunityPost>,
    /// The most frequent title words, most frequent first.
    pub top_words: Vec<WordCount>,
}

/// Worker options: the workflow and the activities, with their HTTP client.
pub fn worker_options(
    task_queue: &str,
    activities: CommunityActivities,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<TemporalCommunityWorkflow>()?
        .register_activities(activities)
        .build())
}

/// Worker options for the Hacker News version.
pub fn hacker_news_worker_options(
    task_queue: &str,
    activities: HackerNewsActivities,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<HackerNewsWorkflow>()?
        .register_activities(activities)
        .build())
}

/// An HTTP client with a per-request timeout that fits inside the activities' 60 s timeout.
pub fn http_client(per_request: Duration) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .timeout(per_request)
        .user_agent("temporal-samples-rust data_pipeline")
        .build()?)
}

/// The report as a table.
pub fn format_report(report: &CommunityReport) -> String {
    let mut out = format!("{:<4} {:<58} {:>7}  {}\n", "#", "title", "views", "url");
    for (i, p) in report.posts.iter().enumerate() {
        let title: String = p.title.chars().take(58).collect();
        out += &format!("{:<4} {:<58} {:>7}  {}\n", i + 1, title, p.views, p.url);
    }
    out += "Top words: ";
    out += &report
        .top_words
        .iter()
        .map(|w| format!("{} ({})", w.word, w.count))
        .collect::<Vec<_>>()
        .join(", ");
    out.push('\n');
    out
}

/// The Hacker News version's result as a table, the way the tutorial's pandas frame shows it.
pub fn format_stories(stories: &[Vec<String>]) -> String {
    let mut out = format!("{:<3} {:<58} {:<16} {}\n", "", "title", "by", "url");
    for (i, row) in stories.iter().enumerate() {
        let cell = |n: usize| row.get(n).map(String::as_str).unwrap_or_default();
        let title: String = cell(0).chars().take(58).collect();
        out += &format!("{:<3} {:<58} {:<16} {}\n", i, title, cell(1), cell(2));
    }
    out
}
