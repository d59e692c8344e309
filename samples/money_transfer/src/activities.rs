//! The activities: the only code that touches the bank.
//!
//! Activities are where side effects belong. Temporal may run an activity more than once (after
//! a failure, a timeout or a worker crash), so each one passes the transfer's reference id to the
//! bank *together with the whole request*: the bank answers a replay with the original
//! transaction and refuses the same reference with other details (see `bank.rs`).

use std::{sync::Arc, time::Duration};

use temporalio_macros::activities;
use temporalio_sdk::{
    ApplicationFailure,
    activities::{ActivityContext, ActivityError},
};

use crate::{
    PaymentDetails,
    bank::{Bank, BankError, TransferRequest},
};

// ANCHOR: lesson
impl PaymentDetails {
    /// The bank's view of this transfer: the contents its reference is bound to.
    fn request(&self) -> TransferRequest<'_> {
        TransferRequest {
            reference: &self.reference_id,
            source: &self.source_account,
            target: &self.target_account,
            amount: self.amount,
        }
    }
}

/// Failure type for an unknown account. Listed as non-retryable in the workflow's retry policy.
pub const INVALID_ACCOUNT_ERROR: &str = "InvalidAccountError";
/// Failure type for a balance too small. Listed as non-retryable in the workflow's retry policy.
pub const INSUFFICIENT_FUNDS_ERROR: &str = "InsufficientFundsError";
/// Failure type for a reference reused with other details, or after a refund. Non-retryable.
pub const REFERENCE_REUSED_ERROR: &str = "ReferenceReusedError";
/// Failure type for a step without the step it depends on. Non-retryable.
pub const OUT_OF_ORDER_ERROR: &str = "OutOfOrderError";
/// Failure type of the simulated bugs (retryable: fix the code, and the next retry succeeds).
pub const SIMULATED_BUG_ERROR: &str = "SimulatedBugError";

/// The bank activities, with the bank injected so tests (and other deployments) can pass theirs.
pub struct BankActivities {
    bank: Bank,
    fail_deposits: bool,
    fail_refunds: bool,
    pause_after_withdraw: Option<Duration>,
}

impl BankActivities {
    /// Activities backed by `bank`.
    pub fn new(bank: Bank) -> Self {
        Self {
            bank,
            fail_deposits: false,
            fail_refunds: false,
            pause_after_withdraw: None,
        }
    }

    /// Simulates the tutorial's bug: every deposit fails (retryably) on this worker.
    pub fn with_failing_deposits(mut self, fail: bool) -> Self {
        self.fail_deposits = fail;
        self
    }

    /// Makes every refund fail too (retryably): the "money is stuck" path, where the workflow's
    /// failure must carry both errors.
    pub fn with_failing_refunds(mut self, fail: bool) -> Self {
        self.fail_refunds = fail;
        self
    }

    /// After committing a withdrawal, wait this long before reporting it to Temporal. Leaves a
    /// window to kill the worker between the write and the report (see the README).
    pub fn with_pause_after_withdraw(mut self, pause: Option<Duration>) -> Self {
        self.pause_after_withdraw = pause;
        self
    }

    /// Runs blocking SQLite work off the async runtime's worker threads.
    async fn bank_call<T: Send + 'static>(
        &self,
        call: impl FnOnce(&Bank) -> Result<T, BankError> + Send + 'static,
    ) -> Result<T, ActivityError> {
        let bank = self.bank.clone();
        tokio::task::spawn_blocking(move || call(&bank))
            .await
            .map_err(|e| ActivityError::from(anyhow::anyhow!("bank call panicked: {e}")))?
            .map_err(to_activity_error)
    }
}

#[activities]
impl BankActivities {
    /// Withdraws the amount from the source account; returns the bank's transaction id.
    #[activity(name = "withdraw")]
    pub async fn withdraw(
        self: Arc<Self>,
        _ctx: ActivityContext,
        details: PaymentDetails,
    ) -> Result<String, ActivityError> {
        tracing::info!(reference = %details.reference_id, account = %details.source_account, amount = details.amount, "withdrawing");
        let id = self
            .bank_call(move |bank| bank.withdraw(&details.request()))
            .await?;
        if let Some(pause) = self.pause_after_withdraw {
            // The money has moved but Temporal does not know yet. If the worker dies now, the
            // activity times out and is retried; the bank's idempotency makes the retry harmless.
            println!("Withdrawal {id} committed; pausing {pause:?} before reporting it");
            tokio::time::sleep(pause).await;
        }
        Ok(id)
    }

    /// Deposits the amount into the target account; returns the bank's transaction id.
    #[activity(name = "deposit")]
    pub async fn deposit(
        self: Arc<Self>,
        _ctx: ActivityContext,
        details: PaymentDetails,
    ) -> Result<String, ActivityError> {
        tracing::info!(reference = %details.reference_id, account = %details.target_account, amount = details.amount, "depositing");
        if self.fail_deposits {
            return Err(simulated_bug(
                "deposits are failing on this worker (restart it without --fail-deposits)",
            ));
        }
        self.bank_call(move |bank| bank.deposit(&details.request()))
            .await
    }

    /// Returns the amount to the source account after a failed deposit; returns the transaction id.
    #[activity(name = "refund")]
    pub async fn refund(
        self: Arc<Self>,
        _ctx: ActivityContext,
        details: PaymentDetails,
    ) -> Result<String, ActivityError> {
        tracing::info!(reference = %details.reference_id, account = %details.source_account, amount = details.amount, "refunding");
        if self.fail_refunds {
            return Err(simulated_bug(
                "refunds are failing on this worker (--fail-refunds)",
            ));
        }
        self.bank_call(move |bank| bank.refund(&details.request()))
            .await
    }
}

/// Maps bank errors to Temporal failures. The *type name* is what a retry policy's
/// non-retryable list matches on, so business errors get explicit, stable names.
fn to_activity_error(err: BankError) -> ActivityError {
    let type_name = match &err {
        BankError::InvalidAccount(_) => INVALID_ACCOUNT_ERROR,
        BankError::InsufficientFunds { .. } => INSUFFICIENT_FUNDS_ERROR,
        BankError::InvalidAmount(_) => "InvalidAmountError",
        BankError::ReferenceReused { .. } => REFERENCE_REUSED_ERROR,
        BankError::OutOfOrder { .. } => OUT_OF_ORDER_ERROR,
        // Storage trouble is usually transient: leave it retryable.
        BankError::Storage(_) => "BankStorageError",
    };
    // Marked non-retryable on the failure itself, so no retry policy can retry them.
    let non_retryable = matches!(
        err,
        BankError::InvalidAmount(_)
            | BankError::ReferenceReused { .. }
            | BankError::OutOfOrder { .. }
    );
    ActivityError::application(
        ApplicationFailure::builder(err)
            .type_name(type_name.to_owned())
            .non_retryable(non_retryable)
            .build(),
    )
}

/// A retryable failure standing in for a bug in activity code.
fn simulated_bug(what: &str) -> ActivityError {
    tracing::warn!("simulated bug: {what}; Temporal will retry this activity");
    ActivityError::application(
        ApplicationFailure::builder(anyhow::anyhow!("simulated bug: {what}"))
            .type_name(SIMULATED_BUG_ERROR.to_owned())
            .build(),
    )
}
// ANCHOR_END: lesson
