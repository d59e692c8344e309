//! # Entity workflow: a customer reward account
//!
//! A workflow can *be* a thing: one long-running workflow per customer, holding that customer's
//! reward account for as long as it exists. Its state lives in the workflow; clients talk to it
//! with **signals** (fire-and-forget: add points), **queries** (read-only: the status) and
//! **updates** (request-response writes that a **validator** may reject before anything is
//! recorded: add points, redeem points, cancel). Because Temporal serialises everything a
//! workflow does, there are no lost updates and no locks to manage, and the account survives
//! worker restarts.
//!
//! Levels follow the points earned over the account's life: BASIC, GOLD (≥ 500), PLATINUM
//! (≥ 1000); a level change triggers a notification activity.
//!
//! An entity never finishes, but a run's history must stay bounded. When the server suggests it,
//! or past a configurable history length, the workflow **continues as new**, carrying its whole
//! state — but only once every in-flight handler has finished, so no update is lost between runs.
//! Cancelling the account ends the workflow with the final status.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p entity worker
//! cargo run -p entity open --customer-id alice
//! cargo run -p entity add-points --customer-id alice --points 600
//! cargo run -p entity status --customer-id alice
//! ```

pub mod activities;
pub mod workflows;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use activities::NotificationActivities;
pub use workflows::RewardAccountWorkflow;

/// The task queue of the reward accounts.
pub const TASK_QUEUE: &str = "reward-accounts-task-queue";

/// Continue as new past this many history events unless told otherwise (the server also
/// suggests it, long before its hard limits).
pub const DEFAULT_HISTORY_THRESHOLD: u32 = 10_000;

/// The workflow id of a customer's account: one account per customer.
pub fn workflow_id(customer_id: &str) -> String {
    format!("reward-account-{customer_id}")
}

/// Reward levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Level {
    /// Below 500 points earned.
    #[default]
    Basic,
    /// 500 points earned or more.
    Gold,
    /// 1000 points earned or more.
    Platinum,
}

impl Level {
    /// The level for a lifetime total of earned points.
    pub fn for_earned(earned: u64) -> Self {
        match earned {
            1000.. => Self::Platinum,
            500.. => Self::Gold,
            _ => Self::Basic,
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Basic => "BASIC",
            Self::Gold => "GOLD",
            Self::Platinum => "PLATINUM",
        })
    }
}

/// The account's state: everything a new run needs to carry on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountState {
    /// Whose account.
    pub customer_id: String,
    /// Points available to redeem.
    pub points: u64,
    /// Points earned over the account's life (decides the level).
    pub earned: u64,
    /// False once cancelled.
    pub active: bool,
    /// The level last notified to the customer.
    pub notified_level: Level,
    /// Runs of this workflow so far (1 for the first).
    pub run: u32,
}

impl AccountState {
    /// A new, empty, active account.
    pub fn new(customer_id: &str) -> Self {
        Self {
            customer_id: customer_id.to_owned(),
            points: 0,
            earned: 0,
            active: true,
            notified_level: Level::Basic,
            run: 1,
        }
    }

    /// What queries and updates return.
    pub fn status(&self) -> AccountStatus {
        AccountStatus {
            customer_id: self.customer_id.clone(),
            level: Level::for_earned(self.earned),
            points: self.points,
            active: self.active,
            run: self.run,
        }
    }
}

/// The account as clients see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountStatus {
    /// Whose account.
    pub customer_id: String,
    /// BASIC, GOLD or PLATINUM.
    pub level: Level,
    /// Points available.
    pub points: u64,
    /// False once cancelled.
    pub active: bool,
    /// Which run of the workflow holds the account now.
    pub run: u32,
}

/// The workflow input: a new account, or the state carried into a new run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInput {
    /// Whose account.
    pub customer_id: String,
    /// The carried state (absent when the account is opened).
    #[serde(default)]
    pub state: Option<AccountState>,
    /// Continue as new past this many history events (default [`DEFAULT_HISTORY_THRESHOLD`]).
    #[serde(default)]
    pub history_threshold: Option<u32>,
}

/// Worker options: the account workflow and its activities.
pub fn worker_options(
    task_queue: &str,
    activities: NotificationActivities,
) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<RewardAccountWorkflow>()?
        .register_activities(activities)
        .build())
}
