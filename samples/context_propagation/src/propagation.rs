//! The lesson's core: where the user id lives on each side, and the interceptors that carry it
//! across in the `__my_user_id` header.
//!
//! | side | the "context" (Python: a `ContextVar`) | interceptor |
//! |---|---|---|
//! | client, activity | a Tokio task-local, [`USER_ID`] | [`UserIdClientInterceptor`], [`UserIdActivityInterceptor`] |
//! | workflow | a workflow context value, [`UserId`] | [`UserIdWorkflowInterceptor`] |
//!
//! Workflows get their own kind of context because workflow code is replayed: the SDK scopes
//! workflow context values per handler and restores them on every poll, deterministically.

use std::{collections::HashMap, future::Future};

use futures::future::BoxFuture;
use temporalio_client::{
    errors::{
        WorkflowInteractionError, WorkflowQueryError, WorkflowStartError, WorkflowUpdateError,
    },
    interceptors::{
        ClientInterceptor, Next, QueryWorkflowInput, QueryWorkflowOutput,
        SignalWithStartWorkflowInput, SignalWorkflowInput, StartWorkflowInput, StartWorkflowOutput,
        StartWorkflowUpdateInput, StartWorkflowUpdateOutput,
    },
};
use temporalio_common::protos::temporal::api::common::v1::{Header, Payload};
use temporalio_sdk::interceptors::{
    ActivityInboundInterceptor, ExecuteActivityInput, ExecuteActivityOutput, Next as ActivityNext,
};
use temporalio_workflow::{
    WorkflowContextKey, WorkflowContextView,
    workflow_interceptors::{
        CancellableWorkflowOutboundFuture, ExecuteWorkflowInput, ExecuteWorkflowResult,
        HandleQueryInput, HandleQueryResult, HandleSignalInput, HandleSignalResult,
        HandleUpdateInput, HandleUpdateResult, ScheduleActivityInput, ScheduleActivityResult,
        ScheduleLocalActivityInput, SignalWorkflowInput as WorkflowSignalInput,
        SignalWorkflowResult, StartChildWorkflowInput, StartChildWorkflowResult,
        SyncWorkflowInterceptorContext, ValidateUpdateInput, ValidateUpdateResult,
        WorkflowInterceptor, WorkflowInterceptorConstructor, WorkflowInterceptorContext,
        WorkflowInterceptorFuture, WorkflowNext,
    },
};

// ANCHOR: lesson
/// The header key, as in the Python sample.
pub const HEADER_KEY: &str = "__my_user_id";

tokio::task_local! {
    /// The user id of the current request, on the client and in activities.
    pub static USER_ID: String;
}

/// Runs `future` with `user_id` as the current user: every Temporal call it makes through a
/// client with [`UserIdClientInterceptor`] carries it.
pub fn with_user_id<F: Future>(user_id: String, future: F) -> impl Future<Output = F::Output> {
    USER_ID.scope(user_id, future)
}

/// The current user id on the client or in an activity, if one is set.
pub fn current_user_id() -> Option<String> {
    USER_ID.try_with(Clone::clone).ok()
}

/// The workflow context key under which the user id lives inside a workflow.
pub struct UserId;

impl WorkflowContextKey for UserId {
    type Value = String;
}

/// The header payload: the user id as a JSON string, as Python's default converter writes it.
pub fn to_payload(user_id: &str) -> Payload {
    Payload {
        metadata: HashMap::from([("encoding".to_owned(), b"json/plain".to_vec())]),
        data: serde_json::to_vec(user_id).unwrap_or_default(),
        ..Default::default()
    }
}

/// Reads the header, if present. A header that is not a JSON string is ignored with a warning:
/// the identity is then unknown, which is what every reader already handles, and one bad
/// caller cannot fail the workflow's tasks.
pub fn from_headers(headers: &HashMap<String, Payload>) -> Option<String> {
    let payload = headers.get(HEADER_KEY)?;
    let json = payload.metadata.get("encoding").map(Vec::as_slice) == Some(b"json/plain");
    match serde_json::from_slice::<String>(&payload.data) {
        Ok(user_id) if json => Some(user_id),
        _ => {
            tracing::warn!(
                "ignoring header {HEADER_KEY}: expected a json/plain string, got {:?}",
                String::from_utf8_lossy(&payload.data)
            );
            None
        }
    }
}

fn add_to(header: &mut Option<Header>) {
    if let Some(user_id) = current_user_id() {
        header
            .get_or_insert_with(Header::default)
            .fields
            .insert(HEADER_KEY.to_owned(), to_payload(&user_id));
    }
}

/// Client side: writes the current [`USER_ID`] into the header of every start, signal, query
/// and update this client sends.
#[derive(Debug, Default, Clone, Copy)]
pub struct UserIdClientInterceptor;

// Every client call's input carries `options.header`, so each method is the same two lines;
// the macro writes them once per call (start, signal-with-start, signal, query, update).
macro_rules! add_user_id_to {
    ($($method:ident($input:ty) -> $output:ty;)*) => {$(
        fn $method<'a>(
            &'a self,
            mut input: $input,
            next: Next<'a, $input, BoxFuture<'a, $output>>,
        ) -> BoxFuture<'a, $output> {
            add_to(&mut input.options.header);
            next.run(input)
        }
    )*};
}

impl ClientInterceptor for UserIdClientInterceptor {
    add_user_id_to! {
        start_workflow(StartWorkflowInput) -> Result<StartWorkflowOutput, WorkflowStartError>;
        signal_with_start_workflow(SignalWithStartWorkflowInput)
            -> Result<StartWorkflowOutput, WorkflowStartError>;
        signal_workflow(SignalWorkflowInput) -> Result<(), WorkflowInteractionError>;
        query_workflow(QueryWorkflowInput) -> Result<QueryWorkflowOutput, WorkflowQueryError>;
        start_workflow_update(StartWorkflowUpdateInput)
            -> Result<StartWorkflowUpdateOutput, WorkflowUpdateError>;
    }
}

/// Workflow side: one per workflow instance (see [`workflow_interceptor`]).
pub struct UserIdWorkflowInterceptor;

/// The constructor a worker registers: the SDK builds one interceptor per workflow instance.
pub fn workflow_interceptor() -> WorkflowInterceptorConstructor {
    WorkflowInterceptorConstructor::new(|_: &WorkflowContextView| UserIdWorkflowInterceptor)
}

/// Runs an inbound call with the header's user id (if any) as the workflow context value: both
/// while `next` creates the call (a synchronous handler runs right there) and while the call's
/// future is polled (an async handler or the run method).
fn scoped<'a, I, T: 'a>(
    ctx: &WorkflowInterceptorContext,
    user_id: Option<String>,
    next: WorkflowNext<'a, I, WorkflowInterceptorFuture<'a, T>>,
    input: I,
) -> WorkflowInterceptorFuture<'a, T> {
    match user_id {
        Some(user_id) => {
            let inner =
                ctx.with_context_value_sync::<UserId, _>(user_id.clone(), || next.run(input));
            WorkflowInterceptorFuture::new(ctx.with_context_value::<UserId, _>(user_id, inner))
        }
        None => next.run(input),
    }
}

/// Writes the workflow's current user id (if any) into an outbound call's headers.
fn propagate(ctx: &WorkflowInterceptorContext, headers: &mut HashMap<String, Payload>) {
    if let Some(user_id) = ctx.context_value::<UserId>() {
        headers.insert(HEADER_KEY.to_owned(), to_payload(&user_id));
    }
}

// The workflow interceptor's methods differ only in their input and result types; these macros
// write each kind once: inbound async calls (the run, signals, updates), inbound synchronous
// calls (queries, update validators), and outbound calls (activities, children, signals).
macro_rules! inbound {
    ($($method:ident($input:ty) -> $output:ty;)*) => {$(
        fn $method<'a>(
            &'a self,
            ctx: WorkflowInterceptorContext,
            input: $input,
            next: WorkflowNext<'a, $input, WorkflowInterceptorFuture<'a, $output>>,
        ) -> WorkflowInterceptorFuture<'a, $output> {
            let user_id = from_headers(input.headers());
            scoped(&ctx, user_id, next, input)
        }
    )*};
}

macro_rules! inbound_sync {
    ($($method:ident($input:ty) -> $output:ty;)*) => {$(
        fn $method(
            &self,
            ctx: SyncWorkflowInterceptorContext,
            input: $input,
            next: WorkflowNext<'_, $input, $output>,
        ) -> $output {
            match from_headers(input.headers()) {
                Some(user_id) => ctx.with_context_value::<UserId, _>(user_id, || next.run(input)),
                None => next.run(input),
            }
        }
    )*};
}

macro_rules! outbound {
    ($($method:ident($input:ty) -> $output:ty;)*) => {$(
        fn $method(
            &self,
            ctx: WorkflowInterceptorContext,
            mut input: $input,
            next: WorkflowNext<'static, $input, CancellableWorkflowOutboundFuture<$output>>,
        ) -> CancellableWorkflowOutboundFuture<$output> {
            propagate(&ctx, input.headers_mut());
            next.run(input)
        }
    )*};
}

impl WorkflowInterceptor for UserIdWorkflowInterceptor {
    // Inbound: the start, signals, updates and queries bring the caller's user id.
    inbound! {
        execute(ExecuteWorkflowInput) -> ExecuteWorkflowResult;
        handle_signal(HandleSignalInput) -> HandleSignalResult;
        handle_update(HandleUpdateInput) -> HandleUpdateResult;
    }
    inbound_sync! {
        handle_query(HandleQueryInput) -> HandleQueryResult;
        validate_update(ValidateUpdateInput) -> ValidateUpdateResult;
    }

    // Outbound: whatever the workflow sends on carries the user id of the code sending it.
    outbound! {
        schedule_activity(ScheduleActivityInput) -> ScheduleActivityResult;
        schedule_local_activity(ScheduleLocalActivityInput) -> ScheduleActivityResult;
        start_child_workflow(StartChildWorkflowInput) -> StartChildWorkflowResult;
        signal_workflow(WorkflowSignalInput) -> SignalWorkflowResult;
    }
}

/// Activity side: runs each activity with the header's user id as its [`USER_ID`].
#[derive(Debug, Default, Clone, Copy)]
pub struct UserIdActivityInterceptor;

impl ActivityInboundInterceptor for UserIdActivityInterceptor {
    fn execute_activity<'a>(
        &'a self,
        input: ExecuteActivityInput,
        next: ActivityNext<'a, ExecuteActivityInput, ExecuteActivityOutput<'a>>,
    ) -> ExecuteActivityOutput<'a> {
        match from_headers(input.headers()) {
            Some(user_id) => Box::pin(USER_ID.scope(user_id, next.run(input))),
            None => next.run(input),
        }
    }
}
// ANCHOR_END: lesson
