//! A workflow's failure as a client reads it: a chain of causes, outermost first.
//!
//! The chain is where the story is — the workflow failed *because* an activity failed *because*
//! the activity raised an application error of some type. Starters print it and tests compare
//! it; the `exceptions` sample walks it field by field as its lesson.

use std::fmt;

use temporalio_client::errors::WorkflowGetResultError;
use temporalio_common::error::{ActivityExecutionError, IncomingError};

/// One failure in a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureLink {
    /// The failure's kind, as every SDK names it: `ApplicationFailure`, `ActivityFailure`, …
    pub kind: &'static str,
    /// The application failure's type, the activity's or child workflow's type, the timeout's
    /// type; empty when there is none.
    pub type_name: String,
    /// The failure's message.
    pub message: String,
}

impl fmt::Display for FailureLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.type_name.is_empty() {
            write!(f, "{}: {}", self.kind, self.message)
        } else {
            write!(f, "{}[{}]: {}", self.kind, self.type_name, self.message)
        }
    }
}

/// The failure and its causes, outermost first.
pub fn failure_chain(failure: &IncomingError) -> Vec<FailureLink> {
    let mut links = Vec::new();
    let mut current = Some(failure);
    while let Some(f) = current {
        let (kind, type_name) = match f {
            IncomingError::Application(a) => {
                ("ApplicationFailure", a.type_name().map(str::to_owned))
            }
            IncomingError::Activity(a) => ("ActivityFailure", a.activity_type().map(str::to_owned)),
            IncomingError::ChildWorkflowExecution(c) => {
                ("ChildWorkflowFailure", c.workflow_type().map(str::to_owned))
            }
            IncomingError::Timeout(t) => {
                ("TimeoutFailure", Some(format!("{:?}", t.timeout_type())))
            }
            IncomingError::Cancelled(_) => ("CanceledFailure", None),
            IncomingError::Terminated(_) => ("TerminatedFailure", None),
            _ => ("Failure", None),
        };
        links.push(FailureLink {
            kind,
            type_name: type_name.unwrap_or_default(),
            message: f.failure().message.clone(),
        });
        current = f.cause();
    }
    links
}

/// The innermost message of an activity's failure, for a workflow to report: what the activity
/// said ("account `x` does not exist"), not the wrappers around it ("Activity failed: …").
pub fn innermost_message(err: &ActivityExecutionError) -> String {
    let mut message = err.to_string();
    let mut cause = err.cause();
    while let Some(c) = cause {
        message = c.to_string();
        cause = c.cause();
    }
    message
}

/// One line for a workflow that did not return a result: the failure's message followed by
/// each cause's (`… (caused by: …)`), or the error itself when the workflow did not fail
/// (timed out waiting, not found, …).
pub fn describe(error: &WorkflowGetResultError) -> String {
    match error {
        WorkflowGetResultError::Failed(failure) => {
            let mut links = failure_chain(failure).into_iter();
            let mut text = links.next().map(|l| l.message).unwrap_or_default();
            for cause in links {
                text.push_str(&format!(" (caused by: {})", cause.message));
            }
            text
        }
        other => other.to_string(),
    }
}
