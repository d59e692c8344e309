//! The codec server: lets the Temporal Web UI and CLI show what a workflow's payloads hold.
//!
//! The Web UI sends the payloads of the page it shows to `POST /decode` (protobuf JSON,
//! `{"payloads": [...]}`) and displays what comes back. Here decoding means: resolve references
//! from the store, then decompress. `?preserveStorageRefs=true` leaves references as they are
//! (the UI then offers a download instead of fetching every large blob as a page opens), and
//! `POST /download` resolves references only. `POST /encode` is the way back (the CLI uses it
//! to send input typed by a person). Same routes as the Python sample's codec server.

use std::sync::Arc;

use axum::{
    Router,
    body::Bytes,
    extract::{DefaultBodyLimit, Query, Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::post,
};
use samples_helper::codec::JsonPayloads;
use temporalio_common::protos::temporal::api::common::v1::Payload;

use crate::storage::{ClaimCheckCodec, reference_of};

struct AppState {
    codec: ClaimCheckCodec,
    allowed_origins: Vec<String>,
}

/// `?preserveStorageRefs=true` on `/decode`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct DecodeQuery {
    #[serde(default)]
    preserve_storage_refs: bool,
}

// ANCHOR: lesson
/// The router: `/encode`, `/decode` and `/download`, callable from `allowed_origins` in a browser.
pub fn router(codec: ClaimCheckCodec, allowed_origins: Vec<String>) -> Router {
    let state = Arc::new(AppState {
        codec,
        allowed_origins,
    });
    Router::new()
        .route("/encode", post(encode).options(preflight))
        .route("/decode", post(decode).options(preflight))
        .route("/download", post(download).options(preflight))
        .layer(middleware::from_fn_with_state(state.clone(), cors))
        // Requests carry references and small payloads; large blobs only go out.
        .layer(DefaultBodyLimit::max(4 * 1024 * 1024))
        .with_state(state)
}

async fn encode(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let payloads = match parse(&body) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let encoded =
        futures::future::try_join_all(payloads.iter().map(|p| state.codec.encode_one(p))).await;
    respond(encoded)
}

async fn decode(
    State(state): State<Arc<AppState>>,
    Query(query): Query<DecodeQuery>,
    body: Bytes,
) -> Response {
    let payloads = match parse(&body) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let codec = &state.codec;
    let decoded = futures::future::try_join_all(payloads.into_iter().map(|p| async move {
        // A reference the caller wants to see as a reference stays one.
        if query.preserve_storage_refs && reference_of(&p)?.is_some() {
            return Ok(p);
        }
        codec.decode_one(p).await
    }))
    .await;
    respond(decoded)
}

async fn download(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let payloads = match parse(&body) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    for p in &payloads {
        if !matches!(reference_of(p), Ok(Some(_))) {
            return reject(
                StatusCode::BAD_REQUEST,
                "every payload sent to /download must be a storage reference",
            );
        }
    }
    let decoded =
        futures::future::try_join_all(payloads.into_iter().map(|p| state.codec.decode_one(p)))
            .await;
    respond(decoded)
}
// ANCHOR_END: lesson

/// A missing or corrupted object is the caller's to know about (404/422, naming the key); a
/// store that fails is the server's (502).
fn respond(result: Result<Vec<Payload>, crate::StorageError>) -> Response {
    use crate::StorageError as E;
    match result {
        Ok(payloads) => {
            let body = JsonPayloads::of(&payloads);
            match serde_json::to_vec(&body) {
                Ok(json) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
                Err(e) => reject(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
            }
        }
        Err(e @ E::Missing { .. }) => reject(StatusCode::NOT_FOUND, e.to_string()),
        Err(e @ (E::Corrupted { .. } | E::OtherStore { .. } | E::Malformed(_))) => {
            reject(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
        }
        Err(e @ E::Store { .. }) => reject(StatusCode::BAD_GATEWAY, e.to_string()),
    }
}

fn parse(body: &Bytes) -> Result<Vec<Payload>, Box<Response>> {
    JsonPayloads::parse_body(body).map_err(|e| Box::new(reject(StatusCode::BAD_REQUEST, e)))
}

fn reject(status: StatusCode, reason: impl Into<String>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        reason.into(),
    )
        .into_response()
}

async fn preflight() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// Browsers may call from the listed origins only (the Web UI's); others get 403.
async fn cors(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let Some(origin) = request.headers().get(header::ORIGIN).cloned() else {
        // Not a browser (the CLI, curl): no CORS to answer.
        return next.run(request).await;
    };
    if !origin
        .to_str()
        .is_ok_and(|o| state.allowed_origins.iter().any(|a| a == o))
    {
        return reject(
            StatusCode::FORBIDDEN,
            format!(
                "origin {origin:?} is not allowed; allowed: {}",
                state.allowed_origins.join(", ")
            ),
        );
    }
    let is_preflight = request.method() == Method::OPTIONS;
    let mut response = if is_preflight {
        preflight().await.into_response()
    } else {
        next.run(request).await
    };
    let h = response.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("content-type, x-namespace"),
    );
    h.insert(header::VARY, HeaderValue::from_static("origin"));
    response
}
