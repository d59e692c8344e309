//! The `MoneyTransfer` workflow: withdraw, deposit, and refund if the deposit fails.
//!
//! Workflow code must be deterministic: on replay it must issue the same commands in the same
//! order. So it only orchestrates — every side effect is an activity — and it makes decisions
//! only from its input and from activity results recorded in history.

use std::time::Duration;

use samples_helper::failure::innermost_message;
use temporalio_common::RetryPolicy;
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityExecutionError, ActivityOptions, ApplicationFailure, WorkflowContext, WorkflowResult,
};

use crate::{
    PaymentDetails,
    activities::{BankActivities, INSUFFICIENT_FUNDS_ERROR, INVALID_ACCOUNT_ERROR},
};

// ANCHOR: lesson
/// Failure type when the deposit failed *and* the refund failed: money is stuck and a human
/// must look. The failure's cause is the deposit error; its message and details name both.
pub const REFUND_FAILED_ERROR: &str = "RefundFailedError";

/// Moves `amount` from `source_account` to `target_account`.
#[workflow]
#[derive(Default)]
pub struct MoneyTransferWorkflow;

#[workflow_methods]
impl MoneyTransferWorkflow {
    /// Returns `Transfer complete (transaction IDs: W…, D…)`, or fails with the deposit error as
    /// the cause after refunding the source account.
    #[run(name = "MoneyTransfer")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        details: PaymentDetails,
    ) -> WorkflowResult<String> {
        let options = activity_options(details.max_attempts);

        // A failed withdrawal fails the workflow: nothing moved, nothing to undo.
        let withdrawal = ctx
            .execute_activity(BankActivities::withdraw, details.clone(), options.clone())
            .await?;

        match ctx
            .execute_activity(BankActivities::deposit, details.clone(), options.clone())
            .await
        {
            Ok(deposit) => Ok(format!(
                "Transfer complete (transaction IDs: {withdrawal}, {deposit})"
            )),
            Err(deposit_error) => {
                // Compensate: the money left the source account, so put it back. The refund is an
                // activity too, with the same retries, so a flaky bank cannot skip it.
                match ctx
                    .execute_activity(BankActivities::refund, details, options)
                    .await
                {
                    // The workflow fails with the deposit's failure as its cause, so the caller
                    // sees *why* the transfer did not happen.
                    Ok(_refund) => Err(deposit_error.into()),
                    Err(refund_error) => Err(refund_failed(deposit_error, refund_error).into()),
                }
            }
        }
    }
}

/// The tutorial's retry policy: at most 3 attempts, at most 2 s apart, and no retries at all for
/// errors that retrying cannot fix. `max_attempts` overrides the attempt count (0 = unlimited).
fn activity_options(max_attempts: Option<u32>) -> ActivityOptions {
    ActivityOptions::with_start_to_close_timeout(Duration::from_secs(5))
        .retry_policy(
            RetryPolicy::builder()
                .initial_interval(Duration::from_secs(1))
                .maximum_interval(Duration::from_secs(2))
                .maximum_attempts(max_attempts.unwrap_or(3))
                .non_retryable_error_types([INVALID_ACCOUNT_ERROR, INSUFFICIENT_FUNDS_ERROR])
                .build(),
        )
        .build()
}

/// Both the deposit and the refund failed.
#[derive(Debug, thiserror::Error)]
#[error(
    "the deposit failed and so did the refund ({refund}); the withdrawn money needs manual repair"
)]
struct RefundFailed {
    /// Becomes the failure's cause, so the deposit error travels with it.
    #[source]
    deposit: ActivityExecutionError,
    refund: String,
}

fn refund_failed(
    deposit: ActivityExecutionError,
    refund: ActivityExecutionError,
) -> ApplicationFailure {
    let refund = innermost_message(&refund);
    let details = vec![innermost_message(&deposit), refund.clone()];
    ApplicationFailure::builder(RefundFailed { deposit, refund })
        .type_name(REFUND_FAILED_ERROR.to_owned())
        .non_retryable(true)
        .details(details)
        .build()
}

// ANCHOR_END: lesson
