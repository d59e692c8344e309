//! Not part of the lesson: the local stand-in for the forum and Hacker News APIs.
//!
//! A local stand-in for the forum and Hacker News, serving recorded-shape JSON, for the demo and
//! the tests (no internet needed). It can add latency, fail, return garbage or 404s, and it counts
//! how many requests were in flight at once, so tests can prove the fetches are concurrent.

use std::{
    collections::HashSet,
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use serde_json::{Value, json};

/// Titles of the fixture topics (shaped like the Temporal forum's).
const TITLES: [&str; 30] = [
    "Workflow task timeout when activity takes longer than expected",
    "How to handle retries for non-idempotent activities",
    "Best practices for versioning long-running workflows",
    "Temporal worker memory usage keeps growing",
    "Signal vs update: when to use which",
    "Continue-as-new with pending signals",
    "Schedules: backfill behaviour with overlap policy",
    "Running Temporal on Kubernetes with Helm",
    "Data converter for encrypted payloads",
    "Child workflow cancellation and parent close policy",
    "Activity heartbeat timeout not firing",
    "Workflow determinism errors after deployment",
    "Rust SDK: registering activities with shared state",
    "Temporal Cloud mTLS certificate rotation",
    "Saga pattern compensation ordering",
    "Local activities vs regular activities performance",
    "Query workflow state from a web service",
    "Worker versioning with build IDs",
    "Large payloads and the history size limit",
    "Temporal with PostgreSQL persistence tuning",
    "Polling an external API from a workflow",
    "Testing workflows with the time-skipping server",
    "Update validators rejecting requests",
    "Search attributes for workflow visibility",
    "Interceptors for tracing with OpenTelemetry",
    "Rate limiting activities per task queue",
    "Migrating cron jobs to Temporal schedules",
    "Debugging stuck workflows in the Web UI",
    "Namespace retention and archival",
    "Async activity completion from another service",
];

/// How the fixture misbehaves.
#[derive(Debug, Clone, Default)]
pub struct FixtureOptions {
    /// Added to every request.
    pub latency: Duration,
    /// `/latest.json` (and `/v0/topstories.json`) answer 503 this many times first.
    pub fail_latest_times: usize,
    /// `/latest.json` answers malformed JSON.
    pub malformed_latest: bool,
    /// Topic ids that answer 404 (as a deleted topic does).
    pub missing: HashSet<u64>,
}

/// Counters, for assertions.
#[derive(Debug, Default)]
pub struct FixtureStats {
    /// Requests served.
    pub requests: AtomicUsize,
    in_flight: AtomicUsize,
    /// The most requests ever in flight at once.
    pub max_in_flight: AtomicUsize,
    latest_calls: AtomicUsize,
}

struct AppState {
    options: FixtureOptions,
    stats: Arc<FixtureStats>,
}

/// A running fixture server.
pub struct FixtureServer {
    /// Its address.
    pub addr: SocketAddr,
    /// Its counters.
    pub stats: Arc<FixtureStats>,
}

impl FixtureServer {
    /// The base URL to give the activities.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// The first topic's id; topics are numbered from here.
pub const FIRST_ID: u64 = 2001;

fn views(index: usize) -> u64 {
    // Distinct, unordered view counts.
    ((index as u64 * 7919) % 1000) * 13 + 100
}

fn slug(title: &str) -> String {
    title
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The fixture's posts, most viewed first (what the pipeline should report, before the top 10).
pub fn expected_posts(base_url: &str, missing: &HashSet<u64>) -> Vec<crate::TemporalCommunityPost> {
    let mut posts: Vec<_> = TITLES
        .iter()
        .enumerate()
        .map(|(i, title)| (FIRST_ID + i as u64, title, views(i)))
        .filter(|(id, ..)| !missing.contains(id))
        .map(|(id, title, views)| crate::TemporalCommunityPost {
            title: (*title).to_owned(),
            url: format!("{base_url}/t/{}/{id}", slug(title)),
            views,
        })
        .collect();
    posts.sort_by(|a, b| b.views.cmp(&a.views).then_with(|| a.title.cmp(&b.title)));
    posts
}

fn topic_ref(i: usize) -> Value {
    let id = FIRST_ID + i as u64;
    json!({
        "id": id, "title": TITLES[i], "fancy_title": TITLES[i], "slug": slug(TITLES[i]),
        "posts_count": 3 + i % 5, "reply_count": 2 + i % 4, "highest_post_number": 3 + i % 5,
        "image_url": null, "created_at": "2026-11-20T10:00:00.000Z", "last_posted_at": "2026-11-21T09:30:00.000Z",
        "bumped": true, "bumped_at": "2026-11-21T09:30:00.000Z", "archetype": "regular", "unseen": false,
        "pinned": false, "unpinned": null, "visible": true, "closed": false, "archived": false,
        "bookmarked": null, "liked": null, "views": views(i), "like_count": i % 7,
        "has_summary": false, "last_poster_username": "maxim", "category_id": 5,
        "pinned_globally": false, "featured_link": null, "posters": []
    })
}

async fn enter<T>(state: &AppState, body: impl std::future::Future<Output = T>) -> T {
    state.stats.requests.fetch_add(1, Ordering::SeqCst);
    let now = state.stats.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    state.stats.max_in_flight.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(state.options.latency).await;
    let out = body.await;
    state.stats.in_flight.fetch_sub(1, Ordering::SeqCst);
    out
}

async fn latest(State(state): State<Arc<AppState>>) -> Response {
    enter(&state, async {
        let call = state.stats.latest_calls.fetch_add(1, Ordering::SeqCst);
        if call < state.options.fail_latest_times {
            return (StatusCode::SERVICE_UNAVAILABLE, "upstream busy").into_response();
        }
        if state.options.malformed_latest {
            return (StatusCode::OK, [("content-type", "application/json")], "{\"topic_list\": {\"topics\": [").into_response();
        }
        let topics: Vec<Value> = (0..TITLES.len()).map(topic_ref).collect();
        Json(json!({
            "users": [], "primary_groups": [], "flair_groups": [],
            "topic_list": { "can_create_topic": false, "per_page": 30, "top_tags": [], "topics": topics }
        }))
        .into_response()
    })
    .await
}

async fn topic(State(state): State<Arc<AppState>>, Path(file): Path<String>) -> Response {
    enter(&state, async {
        let id: Option<u64> = file.strip_suffix(".json").and_then(|s| s.parse().ok());
        match id.filter(|id| !state.options.missing.contains(id)).and_then(|id| {
            let i = usize::try_from(id.checked_sub(FIRST_ID)?).ok()?;
            (i < TITLES.len()).then_some((id, i))
        }) {
            None => (StatusCode::NOT_FOUND, Json(json!({"errors": ["The requested URL or resource could not be found."], "error_type": "not_found"}))).into_response(),
            Some((id, i)) => {
                let mut t = topic_ref(i);
                if let Some(o) = t.as_object_mut() {
                    o.insert("word_count".into(), json!(120 + i * 17));
                    o.insert("deleted_at".into(), Value::Null);
                    o.insert("user_id".into(), json!(1000 + i));
                    o.insert("post_stream".into(), json!({"posts": [{"id": id * 10, "post_number": 1, "cooked": "<p>…</p>"}], "stream": [id * 10]}));
                    o.insert("details".into(), json!({"can_edit": false, "notification_level": 1, "participants": []}));
                }
                Json(t).into_response()
            }
        }
    })
    .await
}

async fn hn_top(State(state): State<Arc<AppState>>) -> Response {
    enter(&state, async {
        let call = state.stats.latest_calls.fetch_add(1, Ordering::SeqCst);
        if call < state.options.fail_latest_times {
            return (StatusCode::SERVICE_UNAVAILABLE, "upstream busy").into_response();
        }
        Json(
            (0..TITLES.len())
                .map(|i| FIRST_ID + i as u64)
                .collect::<Vec<_>>(),
        )
        .into_response()
    })
    .await
}

async fn hn_item(State(state): State<Arc<AppState>>, Path(file): Path<String>) -> Response {
    enter(&state, async {
        let id: Option<u64> = file.strip_suffix(".json").and_then(|s| s.parse().ok());
        let found = id.and_then(|id| {
            let i = usize::try_from(id.checked_sub(FIRST_ID)?).ok()?;
            (i < TITLES.len()).then_some((id, i))
        });
        match found {
            // Hacker News answers `null` for unknown items, and flags deleted ones.
            None => Json(Value::Null).into_response(),
            Some((id, _)) if state.options.missing.contains(&id) => Json(json!({"id": id, "deleted": true, "type": "story"})).into_response(),
            Some((id, i)) => Json(json!({
                "by": "someone", "descendants": i, "id": id, "kids": [], "score": views(i), "time": 1_795_000_000 + i,
                "title": TITLES[i], "type": "story", "url": format!("https://example.com/{}", slug(TITLES[i]))
            }))
            .into_response(),
        }
    })
    .await
}

/// Starts the fixture server on `listen` (port 0: any free port).
pub async fn start(listen: SocketAddr, options: FixtureOptions) -> anyhow::Result<FixtureServer> {
    let stats = Arc::new(FixtureStats::default());
    let state = Arc::new(AppState {
        options,
        stats: stats.clone(),
    });
    let app = Router::new()
        .route("/latest.json", get(latest))
        .route("/t/{file}", get(topic))
        .route("/v0/topstories.json", get(hn_top))
        .route("/v0/item/{file}", get(hn_item))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(FixtureServer { addr, stats })
}
