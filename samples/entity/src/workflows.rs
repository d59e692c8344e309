//! The reward account workflow.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, ContinueAsNewOptions, SyncWorkflowContext, WorkflowContext,
    WorkflowContextView, WorkflowResult,
};

use crate::{
    AccountInput, AccountState, AccountStatus, DEFAULT_HISTORY_THRESHOLD, Level,
    activities::{LevelChange, NotificationActivities, RewardRequest},
};

type ValidationResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// The patch that introduced issuing a reward when points are redeemed.
pub const ISSUE_REWARD_PATCH: &str = "redeem-issues-reward";

/// Most points one request may add (a guard against typos and abuse).
pub const MAX_POINTS_PER_REQUEST: u64 = 1_000_000;

/// One customer's reward account.
#[workflow]
pub struct RewardAccountWorkflow {
    state: AccountState,
    history_threshold: u32,
    /// Set by every handler: wakes the main loop to look at the new state.
    changed: bool,
}

#[workflow_methods]
impl RewardAccountWorkflow {
    #[init]
    fn new(_ctx: &WorkflowContextView, input: AccountInput) -> Self {
        let state = input
            .state
            .unwrap_or_else(|| AccountState::new(&input.customer_id));
        Self {
            state,
            history_threshold: input.history_threshold.unwrap_or(DEFAULT_HISTORY_THRESHOLD),
            changed: true,
        }
    }

    /// Holds the account until it is cancelled; returns the final status.
    #[run(name = "RewardAccountWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<AccountStatus> {
        loop {
            // Sleep until a handler changes something. (A cancelled *workflow* ends here too:
            // `?` turns the cancellation into a cancelled result.)
            ctx.wait_condition(|s| s.changed).await?;
            ctx.state_mut(|s| s.changed = false);

            // Side effects belong in activities: tell the customer about a new level.
            let (customer_id, from, to) = ctx.state(|s| {
                (
                    s.state.customer_id.clone(),
                    s.state.notified_level,
                    Level::for_earned(s.state.earned),
                )
            });
            if from != to {
                let change = LevelChange {
                    customer_id,
                    from,
                    to,
                };
                ctx.execute_activity(
                    NotificationActivities::notify_level_change,
                    change,
                    ActivityOptions::start_to_close_timeout(Duration::from_secs(10)),
                )
                .await?;
                ctx.state_mut(|s| s.state.notified_level = to);
            }

            if !ctx.state(|s| s.state.active) {
                wait_for_handlers(ctx).await?;
                return Ok(ctx.state(|s| s.state.status()));
            }

            let threshold = ctx.state(|s| s.history_threshold);
            if ctx.continue_as_new_suggested() || ctx.history_length() >= threshold {
                // Let in-flight handlers finish first: an update accepted by this run must be
                // answered by this run, or its caller would never hear back.
                wait_for_handlers(ctx).await?;
                let input = ctx.state(|s| {
                    let mut state = s.state.clone();
                    state.run += 1;
                    AccountInput {
                        customer_id: state.customer_id.clone(),
                        state: Some(state),
                        history_threshold: Some(s.history_threshold),
                    }
                });
                let Err(next_run) = ctx.continue_as_new(input, ContinueAsNewOptions::default());
                return Err(next_run);
            }
        }
    }

    /// The account's status. Queries are read-only and answered even after the workflow ends.
    #[query(name = "status")]
    pub fn status(&self, _ctx: &WorkflowContextView) -> AccountStatus {
        self.state.status()
    }

    /// Adds points without waiting for an answer. Signals cannot be rejected, so invalid ones
    /// are ignored (use the update to learn the outcome).
    #[signal(name = "add_points")]
    pub fn add_points_signal(&mut self, _ctx: &mut SyncWorkflowContext<Self>, points: u64) {
        if self.state.active && (1..=MAX_POINTS_PER_REQUEST).contains(&points) {
            self.credit(points);
        }
    }

    #[update_validator(add_points)]
    fn validate_add_points(&self, _ctx: &WorkflowContextView, points: &u64) -> ValidationResult {
        self.require_active()?;
        if !(1..=MAX_POINTS_PER_REQUEST).contains(points) {
            return Err(format!(
                "points must be between 1 and {MAX_POINTS_PER_REQUEST}, not {points}"
            )
            .into());
        }
        Ok(())
    }

    /// Adds points; returns the new status.
    #[update(name = "add_points")]
    pub fn add_points(
        &mut self,
        _ctx: &mut SyncWorkflowContext<Self>,
        points: u64,
    ) -> AccountStatus {
        self.credit(points);
        self.state.status()
    }

    #[update_validator(redeem_points)]
    fn validate_redeem_points(&self, _ctx: &WorkflowContextView, points: &u64) -> ValidationResult {
        self.require_active()?;
        if *points == 0 {
            return Err("redeem at least 1 point".into());
        }
        if *points > self.state.points {
            return Err(format!(
                "cannot redeem {points} points: the balance is {}",
                self.state.points
            )
            .into());
        }
        Ok(())
    }

    /// Redeems points (never more than the balance) and issues the reward through an activity;
    /// returns the new status once the reward is issued. While the activity runs, the main loop
    /// may decide to continue as new: it waits for this handler first.
    #[update(name = "redeem_points")]
    pub async fn redeem_points(ctx: &mut WorkflowContext<Self>, points: u64) -> AccountStatus {
        // Deduct before the await, so a second redeem arriving meanwhile is validated against
        // the new balance.
        let customer_id = ctx.state_mut(|s| {
            s.state.points -= points;
            s.changed = true;
            s.state.customer_id.clone()
        });
        // Issuing the reward was added after accounts were already running: the patch keeps
        // redeems recorded before it (no marker in their history) replaying without the activity.
        if !ctx.patched(ISSUE_REWARD_PATCH) {
            return ctx.state(|s| s.state.status());
        }
        let issued = ctx
            .execute_activity(
                NotificationActivities::issue_reward,
                RewardRequest {
                    customer_id,
                    points,
                },
                ActivityOptions::start_to_close_timeout(Duration::from_secs(30)),
            )
            .await;
        if issued.is_err() {
            // The reward could not be issued: give the points back.
            ctx.state_mut(|s| {
                s.state.points += points;
                s.changed = true;
            });
        }
        ctx.state(|s| s.state.status())
    }

    #[update_validator(cancel_account)]
    fn validate_cancel_account(&self, _ctx: &WorkflowContextView, _input: &()) -> ValidationResult {
        self.require_active()
    }

    /// Closes the account; the workflow then ends with this status.
    #[update(name = "cancel_account")]
    pub fn cancel_account(
        &mut self,
        _ctx: &mut SyncWorkflowContext<Self>,
        _input: (),
    ) -> AccountStatus {
        self.state.active = false;
        self.changed = true;
        self.state.status()
    }
}

impl RewardAccountWorkflow {
    fn credit(&mut self, points: u64) {
        self.state.points += points;
        self.state.earned += points;
        self.changed = true;
    }

    fn require_active(&self) -> ValidationResult {
        if self.state.active {
            Ok(())
        } else {
            Err(format!("the account of {} is cancelled", self.state.customer_id).into())
        }
    }
}

/// Waits until no signal or update handler is still running.
async fn wait_for_handlers(ctx: &WorkflowContext<RewardAccountWorkflow>) -> WorkflowResult<()> {
    ctx.wait_condition(|_| ctx.all_handlers_finished()).await?;
    Ok(())
}
