//! # Update-with-start: lazy initialization
//!
//! A web shop keeps each visitor's shopping cart in a workflow, keyed by the session id. The
//! request handler that adds an item does not know — and should not have to check — whether the
//! cart exists yet. **Update-with-start** sends the `add_item` update and, in the same atomic
//! call, starts the cart workflow if none is running under that id (id conflict policy
//! `USE_EXISTING`): the first request creates the cart, every later one reaches the same
//! execution. The update answers (the new subtotal) as soon as its handler returns, while the
//! workflow itself goes on until checkout: an *early return*.
//!
//! Names match the Python sample `message_passing/update_with_start/lazy_initialization`.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p update_with_start worker
//! cargo run -p update_with_start starter
//! ```

pub mod activities;
pub mod client;
pub mod workflows;

use serde::{Deserialize, Serialize};
use temporalio_sdk::WorkerOptions;

pub use activities::PriceActivities;
pub use workflows::ShoppingCartWorkflow;

/// Task queue, as in the Python sample.
pub const TASK_QUEUE: &str = "update-with-start-lazy-initialization";

/// The cart's workflow id for a session: `cart-{session_id}`.
pub fn cart_id(session_id: &str) -> String {
    format!("cart-{session_id}")
}

/// One line of the cart, field for field as in Python.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShoppingCartItem {
    /// The product.
    pub sku: String,
    /// How many.
    pub quantity: i64,
}

/// The cart's result. `items` holds `(item, price)` pairs, which JSON carries as two-element
/// arrays, exactly as Python's `List[Tuple[ShoppingCartItem, int]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalizedOrder {
    /// The cart's workflow id.
    pub id: String,
    /// What was ordered, with each line's price.
    pub items: Vec<(ShoppingCartItem, i64)>,
    /// The sum of the prices.
    pub total: i64,
}

/// Worker options: the cart workflow and the pricing activity.
pub fn worker_options(task_queue: &str, prices: PriceActivities) -> anyhow::Result<WorkerOptions> {
    Ok(WorkerOptions::new(task_queue)
        .register_workflow::<ShoppingCartWorkflow>()?
        .register_activities(prices)
        .build())
}
