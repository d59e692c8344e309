//! # Entity workflow: a customer reward account
//!
//! A workflow can *be* a thing: one long-running workflow per customer, holding that customer's
//! reward account for as long as it exists. This is the [Python samples catalogue](../../README.md#the-python-samples-catalogue)'s
//! `CustomerRewardAccount` ("the catalogue" below):
//! it loads the customer with a `get_user` activity, then answers **queries** (read-only:
//! `query_reward_status`) and **updates** (request–response writes that a **validator** may
//! reject before anything is recorded: `add_points`, `cancel`). Because Temporal runs one handler
//! at a time against the state, there are no lost updates and no locks, and the account survives
//! worker restarts.
//!
//! Points may be added or taken away; the balance never goes below 0, and the level follows the
//! current balance: BASIC, GOLD (≥ 500), PLATINUM (≥ 1000).
//!
//! An entity never finishes, but a run's history must stay bounded. When the server suggests it
//! (or past a configurable history length) the workflow **continues as new**, carrying
//! `{user_id, starting_points, starting_level}` — only once every in-flight handler has
//! finished, so no accepted update goes unanswered. `cancel` ends the workflow with the final
//! status.
//!
//! Beyond the catalogue, and without changing its names or shapes: a `redeem_points` update whose
//! handler runs an activity, an `add_points_signal` for fire-and-forget credits, a notification
//! activity on level changes, and the history threshold option.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p entity worker
//! cargo run -p entity starter                       # a tour of the catalogue's operations
//! cargo run -p entity add-points --user-id alice --points 600
//! cargo run -p entity status --user-id alice
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use activities::RewardActivities;
pub use workflows::CustomerRewardAccount;

/// The task queue of the reward accounts.
pub const TASK_QUEUE: &str = "reward-accounts-task-queue";

/// Continue as new past this many history events unless told otherwise (the server also
/// suggests it, long before its hard limits).
pub const DEFAULT_HISTORY_THRESHOLD: u32 = 10_000;

/// The workflow id of a customer's account: one account per customer, so opening a second one
/// for the same customer is rejected by the server.
pub fn workflow_id(user_id: &str) -> String {
    format!("reward-account-{user_id}")
}

/// Reward levels, serialised as the catalogue's enum values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CustomerRewardLevel {
    /// Below 500 points.
    #[default]
    Basic,
    /// 500 points or more.
    Gold,
    /// 1000 points or more.
    Platinum,
}

impl CustomerRewardLevel {
    /// The level for a balance, by the catalogue's rules.
    pub fn for_points(points: i64) -> Self {
        match points {
            1000.. => Self::Platinum,
            500.. => Self::Gold,
            _ => Self::Basic,
        }
    }
}

impl std::fmt::Display for CustomerRewardLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Basic => "BASIC",
            Self::Gold => "GOLD",
            Self::Platinum => "PLATINUM",
        })
    }
}

/// The workflow input: a new account, or the state carried into a new run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRewardAccountInput {
    /// Whose account.
    pub user_id: String,
    /// The balance to start from (0 for a new account).
    #[serde(default)]
    pub starting_points: i64,
    /// The level to start at.
    #[serde(default)]
    pub starting_level: CustomerRewardLevel,
    /// Continue as new past this many history events (default [`DEFAULT_HISTORY_THRESHOLD`]).
    /// Not in the catalogue's input; left out of the payload when unset, so the input stays the
    /// catalogue's three fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history_threshold: Option<u32>,
}

impl CustomerRewardAccountInput {
    /// A new account: no points, BASIC.
    pub fn new(user_id: &str) -> Self {
        Self {
            user_id: user_id.to_owned(),
            starting_points: 0,
            starting_level: CustomerRewardLevel::Basic,
            history_threshold: None,
        }
    }
}

/// The account as clients see it: what the query and every update return, and the workflow's
/// result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRewardAccountStatus {
    /// BASIC, GOLD or PLATINUM.
    pub level: CustomerRewardLevel,
    /// The balance.
    pub points: i64,
    /// False once cancelled.
    pub is_active: bool,
}

impl std::fmt::Display for CustomerRewardAccountStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = if self.is_active {
            "active"
        } else {
            "cancelled"
        };
        write!(f, "{}, {} points, {state}", self.level, self.points)
    }
}

/// Input of the `add_points` update (and of the `add_points_signal` signal): points to add, or to
/// take away when negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddPointInput {
    /// Points to add (negative: to remove).
    pub points: i64,
}

/// Input of the `redeem_points` update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedeemPointsInput {
    /// Points to redeem: at least 1, at most the balance.
    pub points: i64,
}

/// What `get_user` returns: the customer as the user service knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    /// The user id.
    pub id: String,
    /// Their display name.
    #[serde(default)]
    pub name: String,
}

/// Worker options: the account workflow and its activities.
pub fn worker_options(
    task_queue: &str,
    activities: RewardActivities,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<CustomerRewardAccount>()?
        .register_activities(activities)
        .build())
}
