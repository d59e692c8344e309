//! # Activity choice
//!
//! A workflow decides *which* activity to run from its input: here, one ordering activity per
//! kind of fruit on a shopping list. The choice is ordinary workflow code — a `match` — and it
//! is deterministic because it depends only on the input, which is recorded in history.
//!
//! The sample also shows how to treat input the workflow cannot handle. Deserialization is
//! lenient (any fruit value is accepted), and the workflow validates the whole list before it
//! orders anything: an unknown fruit fails the *workflow* at once with a non-retryable
//! `UnknownFruitError`. Had the input failed to deserialize instead, the *workflow task* would
//! fail and be retried forever, waiting for a code fix that will never make bad input good.
//!
//! Read on: [`workflows`] (the choice), [`activities`] (one per fruit), then [`client`] (start
//! and wait).
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p activity_choice worker
//! cargo run -p activity_choice starter
//! ```

pub mod activities;
pub mod client;
pub mod support;
pub mod workflows;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use activities::OrderActivities;
pub use workflows::PurchaseFruitsWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "hello-activity-choice-task-queue";
/// Workflow id, as in the Python sample.
pub const WORKFLOW_ID: &str = "hello-activity-choice-workflow-id";

/// A fruit, serialised as Python's `IntEnum` values (APPLE = 1 … ORANGE = 4).
///
/// Any other value deserializes to [`Fruit::Unknown`] so that the workflow, not the payload
/// converter, decides what to do with it (the conversions are in `support/wire.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "serde_json::Value", into = "serde_json::Value")]
pub enum Fruit {
    /// 1
    Apple,
    /// 2
    Banana,
    /// 3
    Cherry,
    /// 4
    Orange,
    /// Anything else, kept as its JSON text for the error message.
    Unknown(String),
}

/// One line of the shopping list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShoppingListItem {
    /// What to order.
    pub fruit: Fruit,
    /// How many.
    pub amount: u32,
}

/// The workflow input, as in the Python sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShoppingList {
    /// The items, ordered in this order.
    pub items: Vec<ShoppingListItem>,
}

impl ShoppingList {
    /// The Python sample's list: 8 apples, 5 bananas, 1 cherry, 4 oranges.
    pub fn python_sample() -> Self {
        let item = |fruit, amount| ShoppingListItem { fruit, amount };
        Self {
            items: vec![
                item(Fruit::Apple, 8),
                item(Fruit::Banana, 5),
                item(Fruit::Cherry, 1),
                item(Fruit::Orange, 4),
            ],
        }
    }
}

/// Worker options: the workflow and the four ordering activities.
pub fn worker_options(task_queue: &str) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<PurchaseFruitsWorkflow>()?
        .register_activities(OrderActivities)
        .build())
}
