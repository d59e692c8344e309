//! The reward account workflow: the catalogue's `CustomerRewardAccount`.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, ContinueAsNewOptions, SyncWorkflowContext, WorkflowContext,
    WorkflowContextView, WorkflowResult,
};

use crate::{
    AddPointInput, CustomerRewardAccountInput, CustomerRewardAccountStatus, CustomerRewardLevel,
    DEFAULT_HISTORY_THRESHOLD, RedeemPointsInput,
    activities::{LevelChange, RewardActivities, RewardRequest},
};

// ANCHOR: lesson
type ValidationResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// Most points one request may add or remove (a guard against typos and abuse).
pub const MAX_POINTS_PER_REQUEST: i64 = 1_000_000;

/// One customer's reward account.
#[workflow]
pub struct CustomerRewardAccount {
    user_id: String,
    points: i64,
    level: CustomerRewardLevel,
    is_active: bool,
    /// The level the customer was last told about.
    notified_level: CustomerRewardLevel,
    history_threshold: u32,
    /// Set by every handler that changes the account: wakes the main loop.
    changed: bool,
}

#[workflow_methods]
impl CustomerRewardAccount {
    /// A new account, or the next run of one: the carried balance and level are restored here.
    #[init]
    fn new(_ctx: &WorkflowContextView, input: CustomerRewardAccountInput) -> Self {
        Self {
            user_id: input.user_id,
            points: input.starting_points.max(0),
            level: input.starting_level,
            is_active: true,
            notified_level: input.starting_level,
            history_threshold: input.history_threshold.unwrap_or(DEFAULT_HISTORY_THRESHOLD),
            changed: false,
        }
    }

    /// Loads the customer, then holds the account until it is cancelled; returns the final
    /// status.
    #[run(name = "CustomerRewardAccount")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
    ) -> WorkflowResult<CustomerRewardAccountStatus> {
        // Initialise from the outside world through an activity: a workflow may not do I/O. If
        // the user cannot exist, the failure ends the workflow and no account is opened.
        let user_id = ctx.state(|s| s.user_id.clone());
        let user = ctx
            .execute_activity(
                RewardActivities::get_user,
                user_id,
                ActivityOptions::start_to_close_timeout(Duration::from_secs(1)),
            )
            .await?;
        ctx.state_mut(|s| s.user_id = user.id);

        loop {
            // Sleep until a handler changes something or the history grows long. (A cancelled
            // *workflow* ends here too: `?` turns the cancellation into a cancelled result.)
            ctx.wait_condition(|s| {
                s.changed || !s.is_active || ctx.continue_as_new_suggested() || {
                    ctx.history_length() >= s.history_threshold
                }
            })
            .await?;
            ctx.state_mut(|s| s.changed = false);

            // Side effects belong in activities: tell the customer about a new level.
            let (user_id, from, to) = ctx.state(|s| (s.user_id.clone(), s.notified_level, s.level));
            if from != to {
                ctx.execute_activity(
                    RewardActivities::notify_level_change,
                    LevelChange { user_id, from, to },
                    ActivityOptions::start_to_close_timeout(Duration::from_secs(10)),
                )
                .await?;
                ctx.state_mut(|s| s.notified_level = to);
            }

            if !ctx.state(|s| s.is_active) {
                // Answer every accepted update before the workflow completes.
                wait_for_handlers(ctx).await?;
                return Ok(ctx.state(|s| s.status()));
            }

            let threshold = ctx.state(|s| s.history_threshold);
            if ctx.continue_as_new_suggested() || ctx.history_length() >= threshold {
                // Let in-flight handlers finish first: an update accepted by this run must be
                // answered by this run, or its caller would never hear back.
                wait_for_handlers(ctx).await?;
                let input = ctx.state(|s| CustomerRewardAccountInput {
                    user_id: s.user_id.clone(),
                    starting_points: s.points,
                    starting_level: s.level,
                    history_threshold: Some(s.history_threshold),
                });
                let Err(next_run) = ctx.continue_as_new(input, ContinueAsNewOptions::default());
                return Err(next_run);
            }
        }
    }

    /// The account's status. Queries are read-only and answered even after the workflow ends.
    #[query(name = "query_reward_status")]
    pub fn query_reward_status(&self, _ctx: &WorkflowContextView) -> CustomerRewardAccountStatus {
        self.status()
    }

    #[update_validator(add_points)]
    fn validate_add_points(
        &self,
        _ctx: &WorkflowContextView,
        input: &AddPointInput,
    ) -> ValidationResult {
        // A rejected update is never recorded in history. (A non-integer `points` never gets
        // here: it fails to decode, and the update is rejected with the decoding error.)
        self.require_active()?;
        if input.points.abs() > MAX_POINTS_PER_REQUEST {
            return Err(format!(
                "points must be between -{MAX_POINTS_PER_REQUEST} and {MAX_POINTS_PER_REQUEST}, not {}",
                input.points
            )
            .into());
        }
        Ok(())
    }

    /// Adds points (or removes them, when negative: the balance stops at 0) and recomputes the
    /// level; returns the new status.
    #[update(name = "add_points")]
    pub fn add_points(
        &mut self,
        _ctx: &mut SyncWorkflowContext<Self>,
        input: AddPointInput,
    ) -> CustomerRewardAccountStatus {
        self.apply(input.points);
        self.status()
    }

    /// Adds points without waiting for an answer (not in the catalogue). Signals cannot be
    /// rejected, so out-of-range ones are ignored: use the update to learn the outcome.
    #[signal(name = "add_points_signal")]
    pub fn add_points_signal(
        &mut self,
        _ctx: &mut SyncWorkflowContext<Self>,
        input: AddPointInput,
    ) {
        if self.is_active && input.points.abs() <= MAX_POINTS_PER_REQUEST {
            self.apply(input.points);
        }
    }

    #[update_validator(redeem_points)]
    fn validate_redeem_points(
        &self,
        _ctx: &WorkflowContextView,
        input: &RedeemPointsInput,
    ) -> ValidationResult {
        self.require_active()?;
        if input.points < 1 {
            return Err(format!("redeem at least 1 point, not {}", input.points).into());
        }
        if input.points > self.points {
            return Err(format!(
                "cannot redeem {} points: the balance is {}",
                input.points, self.points
            )
            .into());
        }
        Ok(())
    }

    /// Redeems points and issues the reward through an activity (not in the catalogue); returns
    /// the new status once the reward is issued. While the activity runs, the main loop may
    /// decide to continue as new: it waits for this handler first.
    #[update(name = "redeem_points")]
    pub async fn redeem_points(
        ctx: &mut WorkflowContext<Self>,
        input: RedeemPointsInput,
    ) -> CustomerRewardAccountStatus {
        // Deduct before the await, so a second redeem arriving meanwhile is validated against
        // the new balance.
        let user_id = ctx.state_mut(|s| {
            s.apply(-input.points);
            s.user_id.clone()
        });
        let issued = ctx
            .execute_activity(
                RewardActivities::issue_reward,
                RewardRequest {
                    user_id,
                    points: input.points,
                },
                ActivityOptions::start_to_close_timeout(Duration::from_secs(30)),
            )
            .await;
        if issued.is_err() {
            // The reward could not be issued: give the points back.
            ctx.state_mut(|s| s.apply(input.points));
        }
        ctx.state(|s| s.status())
    }

    #[update_validator(cancel)]
    fn validate_cancel(&self, _ctx: &WorkflowContextView, _input: &()) -> ValidationResult {
        self.require_active()
    }

    /// Closes the account; the workflow then completes with this status.
    #[update(name = "cancel")]
    pub fn cancel(
        &mut self,
        _ctx: &mut SyncWorkflowContext<Self>,
        _input: (),
    ) -> CustomerRewardAccountStatus {
        self.is_active = false;
        self.changed = true;
        self.status()
    }
}

impl CustomerRewardAccount {
    /// The catalogue's business rules: the balance never goes below 0, and the level follows it.
    fn apply(&mut self, points: i64) {
        self.points = (self.points + points).max(0);
        self.level = CustomerRewardLevel::for_points(self.points);
        self.changed = true;
    }

    fn status(&self) -> CustomerRewardAccountStatus {
        CustomerRewardAccountStatus {
            level: self.level,
            points: self.points,
            is_active: self.is_active,
        }
    }

    fn require_active(&self) -> ValidationResult {
        if self.is_active {
            Ok(())
        } else {
            Err(format!("the account of {} is cancelled", self.user_id).into())
        }
    }
}

/// Waits until no signal or update handler is still running.
async fn wait_for_handlers(ctx: &WorkflowContext<CustomerRewardAccount>) -> WorkflowResult<()> {
    ctx.wait_condition(|_| ctx.all_handlers_finished()).await?;
    Ok(())
}
// ANCHOR_END: lesson
