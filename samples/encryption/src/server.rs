//! The codec server: lets the Temporal Web UI and CLI show encrypted payloads decrypted.
//!
//! They call `POST /decode` (and `POST /encode`) with `{"payloads": [...]}` in protobuf JSON form
//! (`metadata` values and `data` base64-encoded) and expect the same shape back. The server holds
//! the keys, so they never reach the browser or the Temporal server. Browsers call it
//! cross-origin, so it answers CORS preflights for an explicit list of origins, and it can
//! require a bearer token (the UI's "codec server auth" setting sends one).

use std::sync::Arc;

use axum::{
    Router,
    body::Bytes,
    extract::{DefaultBodyLimit, Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::post,
};
pub use samples_helper::codec::{JsonPayload, JsonPayloads};
use temporalio_common::protos::temporal::api::common::v1::Payload;

use crate::codec::KeyRing;

// ANCHOR: lesson
/// How the codec server behaves.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Origins allowed to call it from a browser (e.g. the local Web UI).
    pub allowed_origins: Vec<String>,
    /// If set, requests must carry `Authorization: Bearer <token>`.
    pub token: Option<String>,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            allowed_origins: vec![
                "http://localhost:8233".to_owned(),
                "http://127.0.0.1:8233".to_owned(),
            ],
            token: None,
            max_body_bytes: 4 * 1024 * 1024,
        }
    }
}

struct AppState {
    ring: KeyRing,
    config: ServerConfig,
}

/// The router, ready to serve.
pub fn router(ring: KeyRing, config: ServerConfig) -> Router {
    let max = config.max_body_bytes;
    let state = Arc::new(AppState { ring, config });
    Router::new()
        .route("/encode", post(encode).options(preflight))
        .route("/decode", post(decode).options(preflight))
        .layer(middleware::from_fn_with_state(state.clone(), cors_and_auth))
        .layer(DefaultBodyLimit::max(max))
        .with_state(state)
}

fn reject(status: StatusCode, reason: impl Into<String>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        reason.into(),
    )
        .into_response()
}

/// CORS for allowed origins only, then the bearer token (not required for preflights, which
/// browsers send without credentials).
async fn cors_and_auth(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    if let Some(origin) = &origin {
        let allowed = origin
            .to_str()
            .is_ok_and(|o| state.config.allowed_origins.iter().any(|a| a == o));
        if !allowed {
            return reject(
                StatusCode::FORBIDDEN,
                format!(
                    "origin {origin:?} is not allowed; allowed: {}",
                    state.config.allowed_origins.join(", ")
                ),
            );
        }
    }
    let is_preflight = request.method() == Method::OPTIONS;
    if !is_preflight && let Some(token) = &state.config.token {
        let expected = format!("Bearer {token}");
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        if given != Some(expected.as_str()) {
            return with_cors(
                reject(StatusCode::UNAUTHORIZED, "missing or wrong bearer token"),
                origin,
            );
        }
    }
    if let Some(namespace) = request
        .headers()
        .get("x-namespace")
        .and_then(|v| v.to_str().ok())
    {
        tracing::debug!(namespace, "codec request");
    }
    with_cors(next.run(request).await, origin)
}

fn with_cors(mut response: Response, origin: Option<HeaderValue>) -> Response {
    if let Some(origin) = origin {
        let h = response.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("POST, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("content-type, authorization, x-namespace"),
        );
        h.insert(header::VARY, HeaderValue::from_static("origin"));
    }
    response
}

async fn preflight() -> StatusCode {
    StatusCode::NO_CONTENT
}

fn parse(body: &Bytes) -> Result<Vec<Payload>, Box<Response>> {
    JsonPayloads::parse_body(body).map_err(|e| Box::new(reject(StatusCode::BAD_REQUEST, e)))
}

fn respond(payloads: &[Payload]) -> Response {
    let body = JsonPayloads::of(payloads);
    match serde_json::to_vec(&body) {
        Ok(json) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
        Err(e) => reject(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

async fn encode(State(state): State<Arc<AppState>>, _headers: HeaderMap, body: Bytes) -> Response {
    let payloads = match parse(&body) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    match payloads
        .iter()
        .map(|p| state.ring.encrypt(p))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(encoded) => respond(&encoded),
        Err(e) => reject(StatusCode::BAD_REQUEST, e.to_string()),
    }
}

async fn decode(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let payloads = match parse(&body) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    match payloads
        .into_iter()
        .map(|p| state.ring.decrypt(p))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(decoded) => respond(&decoded),
        Err(e) => reject(StatusCode::BAD_REQUEST, e.to_string()),
    }
}
// ANCHOR_END: lesson
