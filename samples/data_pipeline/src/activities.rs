//! The activities of both pipelines, with the HTTP client injected: the community forum's three
//! (`post_ids`, `top_posts`, `top_words`) and the Hacker News version's two (`story_ids`,
//! `top_stories`).

use std::{collections::HashMap, sync::Arc};

use futures::{StreamExt, stream};
use serde::de::DeserializeOwned;
use temporalio_macros::activities;
use temporalio_sdk::{
    ApplicationFailure,
    activities::{ActivityContext, ActivityError},
};

use crate::{TemporalCommunityPost, WordCount};

// ANCHOR: lesson
/// Failure type of a response that is not the JSON we expect (non-retryable).
pub const MALFORMED_RESPONSE_ERROR: &str = "MalformedResponseError";
/// Failure type of an HTTP error status or transport failure (retryable).
pub const HTTP_ERROR: &str = "HttpError";

/// The pipeline's activities.
pub struct CommunityActivities {
    http: reqwest::Client,
    base_url: String,
    concurrency: usize,
}

impl CommunityActivities {
    /// Activities reading `base_url` (no trailing slash needed) with at most `concurrency`
    /// requests in flight.
    pub fn new(http: reqwest::Client, base_url: &str, concurrency: usize) -> Self {
        Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            concurrency: concurrency.max(1),
        }
    }

    /// Fetches one post; `None` when it is missing or deleted.
    async fn post(&self, id: u64) -> Result<Option<TemporalCommunityPost>, ActivityError> {
        let url = format!("{}/t/{id}.json", self.base_url);
        let topic: Option<DiscourseTopic> = get_json(&self.http, &url).await?;
        Ok(topic.map(|t| TemporalCommunityPost {
            url: format!("{}/t/{}/{}", self.base_url, t.slug, id),
            title: t.title,
            views: t.views,
        }))
    }
}

/// GETs `url` as JSON. `Ok(None)` for 404 (missing or deleted); a retryable failure for
/// other non-2xx statuses and transport errors; a non-retryable one for malformed JSON.
async fn get_json<T: DeserializeOwned>(
    http: &reqwest::Client,
    url: &str,
) -> Result<Option<T>, ActivityError> {
    let response = http
        .get(url)
        .send()
        .await
        .map_err(|e| http_error(url, &e.to_string()))?;
    let status = response.status();
    if status == reqwest::StatusCode::NOT_FOUND {
        return Ok(None);
    }
    if !status.is_success() {
        return Err(http_error(url, &format!("HTTP {status}")));
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| http_error(url, &e.to_string()))?;
    serde_json::from_slice(&body).map(Some).map_err(|e| {
        ActivityError::application(
            ApplicationFailure::builder(anyhow::anyhow!("malformed JSON from {url}: {e}"))
                .type_name(MALFORMED_RESPONSE_ERROR.to_owned())
                // Retrying will fetch the same bad document: fail now, loudly.
                .non_retryable(true)
                .build(),
        )
    })
}

#[derive(serde::Deserialize)]
struct DiscourseLatest {
    topic_list: DiscourseTopicList,
}

#[derive(serde::Deserialize)]
struct DiscourseTopicList {
    topics: Vec<DiscourseTopicRef>,
}

#[derive(serde::Deserialize)]
struct DiscourseTopicRef {
    id: u64,
}

#[derive(serde::Deserialize)]
struct DiscourseTopic {
    title: String,
    slug: String,
    views: u64,
}

#[derive(serde::Deserialize)]
struct HnItem {
    title: Option<String>,
    by: Option<String>,
    url: Option<String>,
    #[serde(default)]
    deleted: bool,
    #[serde(default)]
    dead: bool,
}

fn http_error(url: &str, what: &str) -> ActivityError {
    ActivityError::application(
        ApplicationFailure::builder(anyhow::anyhow!("GET {url} failed: {what}"))
            .type_name(HTTP_ERROR.to_owned())
            .build(),
    )
}

/// Words too common to say anything about a title.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "an", "and", "any", "are", "as", "at", "be", "but", "by", "can",
    "do", "does", "for", "from", "get", "has", "have", "how", "i", "if", "in", "into", "is", "it",
    "its", "my", "not", "of", "on", "or", "should", "so", "that", "the", "their", "there", "this",
    "to", "use", "using", "via", "was", "we", "what", "when", "where", "which", "while", "why",
    "will", "with", "without", "you", "your",
];

/// The ten most frequent title words (ties alphabetical), stop words and 1-letter words dropped.
pub fn count_words(posts: &[TemporalCommunityPost]) -> Vec<WordCount> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for post in posts {
        for word in post
            .title
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .map(|w| w.trim_matches('-').to_lowercase())
        {
            if word.chars().count() > 1
                && !STOP_WORDS.contains(&word.as_str())
                && !word.chars().all(|c| c.is_ascii_digit())
            {
                *counts.entry(word).or_default() += 1;
            }
        }
    }
    let mut words: Vec<WordCount> = counts
        .into_iter()
        .map(|(word, count)| WordCount { word, count })
        .collect();
    words.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
    words.truncate(10);
    words
}

#[activities]
impl CommunityActivities {
    /// The ids of the latest posts.
    #[activity(name = "post_ids")]
    pub async fn post_ids(
        self: Arc<Self>,
        _ctx: ActivityContext,
    ) -> Result<Vec<u64>, ActivityError> {
        let url = format!("{}/latest.json", self.base_url);
        let latest: DiscourseLatest = get_json(&self.http, &url)
            .await?
            .ok_or_else(|| http_error(&url, "HTTP 404 Not Found"))?;
        Ok(latest.topic_list.topics.into_iter().map(|t| t.id).collect())
    }

    /// Fetches the posts concurrently (at most `concurrency` at once) and returns the ten most
    /// viewed. Missing or deleted posts are skipped with a warning.
    #[activity(name = "top_posts")]
    pub async fn top_posts(
        self: Arc<Self>,
        _ctx: ActivityContext,
        ids: Vec<u64>,
    ) -> Result<Vec<TemporalCommunityPost>, ActivityError> {
        let fetched: Vec<(u64, Result<Option<TemporalCommunityPost>, ActivityError>)> =
            stream::iter(ids)
                .map(|id| {
                    let this = self.clone();
                    async move { (id, this.post(id).await) }
                })
                .buffer_unordered(self.concurrency)
                .collect()
                .await;
        let mut posts = Vec::with_capacity(fetched.len());
        for (id, result) in fetched {
            match result? {
                Some(post) => posts.push(post),
                None => tracing::warn!(id, "post is missing or deleted; skipping it"),
            }
        }
        // Sort fully (views, then title) so the result does not depend on arrival order.
        posts.sort_by(|a, b| b.views.cmp(&a.views).then_with(|| a.title.cmp(&b.title)));
        posts.truncate(10);
        Ok(posts)
    }

    /// The most frequent words in the posts' titles.
    #[activity(name = "top_words")]
    pub async fn top_words(
        _ctx: ActivityContext,
        posts: Vec<TemporalCommunityPost>,
    ) -> Result<Vec<WordCount>, ActivityError> {
        Ok(count_words(&posts))
    }
}

/// The Hacker News version's activities (the tutorial's first version), reading the Hacker News
/// API at `base_url`.
pub struct HackerNewsActivities {
    http: reqwest::Client,
    base_url: String,
}

impl HackerNewsActivities {
    /// Activities reading the Hacker News API at `base_url` (e.g. [`crate::HACKER_NEWS_URL`]).
    pub fn new(http: reqwest::Client, base_url: &str) -> Self {
        Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
        }
    }
}

#[activities]
impl HackerNewsActivities {
    /// The ids of the 10 top stories (the tutorial's `story_ids`).
    #[activity(name = "story_ids")]
    pub async fn story_ids(
        self: Arc<Self>,
        _ctx: ActivityContext,
    ) -> Result<Vec<u64>, ActivityError> {
        let url = format!("{}/v0/topstories.json", self.base_url);
        let ids: Vec<u64> = get_json(&self.http, &url)
            .await?
            .ok_or_else(|| http_error(&url, "HTTP 404 Not Found"))?;
        Ok(ids.into_iter().take(10).collect())
    }

    /// `[title, by, url]` for each story, in the given order (the tutorial's `top_stories`).
    /// Stories without a URL (job posts, Ask HN), deleted or unknown ones are skipped with a
    /// warning, as the tutorial skips them.
    #[activity(name = "top_stories")]
    pub async fn top_stories(
        self: Arc<Self>,
        _ctx: ActivityContext,
        story_ids: Vec<u64>,
    ) -> Result<Vec<Vec<String>>, ActivityError> {
        let mut rows = Vec::with_capacity(story_ids.len());
        for id in story_ids {
            let url = format!("{}/v0/item/{id}.json", self.base_url);
            // Hacker News answers `null` for unknown items and flags deleted ones.
            let item: Option<Option<HnItem>> = get_json(&self.http, &url).await?;
            match item.flatten().filter(|i| !i.deleted && !i.dead) {
                Some(HnItem {
                    title: Some(title),
                    by: Some(by),
                    url: Some(link),
                    ..
                }) => rows.push(vec![title, by, link]),
                _ => tracing::warn!(
                    id,
                    "story is deleted or has no title, author or URL; skipping it"
                ),
            }
        }
        Ok(rows)
    }
}
// ANCHOR_END: lesson
