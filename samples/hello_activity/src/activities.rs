//! The activity, written two ways. Both register under the name `compose_greeting`; a worker
//! registers one of them.
//!
//! **A plain `fn`** ([`GreetingActivities`]) runs on Tokio's blocking thread pool
//! (`spawn_blocking`), so it may block: synchronous I/O (`std::fs`, a blocking database driver, a
//! blocking HTTP client) or CPU-heavy work cannot stall the worker's async threads, which keep
//! polling and heartbeating meanwhile. Each running activity holds a thread, so the worker's
//! activity slots bound the threads. This is Python's `def` activity with an
//! `activity_executor=ThreadPoolExecutor(…)`, minus the executor: the SDK brings the pool.
//!
//! **An `async fn`** ([`AsyncGreetingActivities`]) runs on the worker's Tokio runtime: the
//! choice when the work is async I/O (`reqwest`, `tokio::fs`, an async database client), since
//! thousands can wait at once on a few threads. It must never block; a blocking call inside it
//! stalls every task on that thread, the worker's own polling included. This is Python's
//! `async def` activity.

use serde::{Deserialize, Serialize};
use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

// ANCHOR: lesson
/// Input of `compose_greeting`, field for field as Python's `ComposeGreetingInput`. One struct
/// rather than two arguments: a field added later (with a default) keeps old callers working.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeGreetingInput {
    /// E.g. `Hello`.
    pub greeting: String,
    /// Who to greet.
    pub name: String,
}

/// `compose_greeting` as a plain `fn`: the SDK runs it on a blocking thread.
#[derive(Debug, Default, Clone, Copy)]
pub struct GreetingActivities;

#[activities]
impl GreetingActivities {
    /// Returns `"{greeting}, {name}!"`.
    #[activity(name = "compose_greeting")]
    pub fn compose_greeting(
        ctx: ActivityContext,
        input: ComposeGreetingInput,
    ) -> Result<String, ActivityError> {
        log_attempt(&ctx, &input);
        Ok(format!("{}, {}!", input.greeting, input.name))
    }
}

/// `compose_greeting` as an `async fn`: it runs on the worker's Tokio runtime.
#[derive(Debug, Default, Clone, Copy)]
pub struct AsyncGreetingActivities;

#[activities]
impl AsyncGreetingActivities {
    /// Returns `"{greeting}, {name}!"`.
    #[activity(name = "compose_greeting")]
    pub async fn compose_greeting(
        ctx: ActivityContext,
        input: ComposeGreetingInput,
    ) -> Result<String, ActivityError> {
        log_attempt(&ctx, &input);
        Ok(format!("{}, {}!", input.greeting, input.name))
    }
}

/// Activities may log freely: unlike workflow code, an activity runs once per attempt and is
/// never replayed.
fn log_attempt(ctx: &ActivityContext, input: &ComposeGreetingInput) {
    tracing::info!(
        "Running activity with parameter {input:?} (attempt {})",
        ctx.info().attempt
    );
}
// ANCHOR_END: lesson
