//! The activities and the data they pass: `fetch_orders` returns a batch of orders that is
//! hundreds of kilobytes even compressed, and `process_orders` takes it. Neither knows about
//! external storage: the codec in the worker's data converter moves the batch into the store on
//! the way out of `fetch_orders` and back on the way into `process_orders`.

use serde::{Deserialize, Serialize};
use temporalio_common::error::ApplicationFailure;
use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

use crate::support::sample_data;

// ANCHOR: lesson
/// The fulfilment center's state: orders shipped within it arrive sooner.
pub const WAREHOUSE_STATE: &str = "TX";
/// The most orders `fetch_orders` generates for one batch (about 3 KB each).
pub const MAX_ORDERS: i64 = 10_000;

/// Input of the workflow and of `fetch_orders`: small, so it stays inline in history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderBatchRequest {
    /// The batch's id.
    pub batch_id: String,
    /// How many orders the batch holds.
    pub order_count: i64,
}

/// A shipping address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Address {
    /// Street and number.
    pub street: String,
    /// City.
    pub city: String,
    /// Two-letter state code.
    pub state: String,
    /// ZIP code.
    pub zip_code: String,
    /// Country code.
    pub country: String,
}

/// Who ordered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    /// Customer id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Where to ship.
    pub address: Address,
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderItem {
    /// Stock keeping unit.
    pub sku: String,
    /// Product name.
    pub name: String,
    /// A long description (what makes the batch large).
    pub description: String,
    /// How many.
    pub quantity: i64,
    /// Price of one, in USD.
    pub unit_price_usd: f64,
    /// Weight of one, in kg.
    pub weight_kg: f64,
}

/// An order, field for field as the Python sample's `Order` dataclass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// Order id.
    pub id: String,
    /// Who ordered.
    pub customer: Customer,
    /// What.
    pub items: Vec<OrderItem>,
    /// Total weight, in kg.
    pub total_weight_kg: f64,
    /// Handling notes.
    pub shipping_notes: String,
}

/// An order, priced for shipping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessedOrder {
    /// Order id.
    pub id: String,
    /// Customer id.
    pub customer_id: String,
    /// Destination city.
    pub destination_city: String,
    /// Destination state.
    pub destination_state: String,
    /// Total weight, in kg.
    pub total_weight_kg: f64,
    /// Shipping cost, in USD.
    pub shipping_cost_usd: f64,
    /// Days to deliver.
    pub estimated_delivery_days: i64,
}

/// The workflow's result: small, so it stays inline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchSummary {
    /// The batch's id.
    pub batch_id: String,
    /// Orders processed.
    pub order_count: i64,
    /// Sum of shipping costs, in USD.
    pub total_shipping_cost_usd: f64,
    /// Sum of weights, in kg.
    pub total_weight_kg: f64,
    /// Mean delivery days.
    pub avg_delivery_days: f64,
}

/// The two activities; they hold nothing, so the struct is empty.
#[derive(Debug, Default, Clone, Copy)]
pub struct OrderActivities;

#[activities]
impl OrderActivities {
    /// Loads a batch's orders (generated here, deterministically from the batch id, standing in
    /// for a database query). The result is large; the codec stores it and history keeps a
    /// reference.
    #[activity(name = "fetch_orders")]
    pub async fn fetch_orders(
        _ctx: ActivityContext,
        request: OrderBatchRequest,
    ) -> Result<Vec<Order>, ActivityError> {
        if request.order_count > MAX_ORDERS {
            // The same request fails the same way on every attempt: non-retryable.
            return Err(ActivityError::application(
                ApplicationFailure::builder(anyhow::anyhow!(
                    "batch {} asks for {} orders; at most {MAX_ORDERS} fit one batch",
                    request.batch_id,
                    request.order_count
                ))
                .type_name("BatchTooLarge".to_owned())
                .non_retryable(true)
                .build(),
            ));
        }
        Ok(sample_data::generate_orders(
            &request.batch_id,
            request.order_count,
        ))
    }

    /// Prices each order's shipping. Its input arrives as a reference; the worker's codec has
    /// fetched it (and checked its hash) before this function runs.
    #[activity(name = "process_orders")]
    pub async fn process_orders(
        _ctx: ActivityContext,
        orders: Vec<Order>,
    ) -> Result<Vec<ProcessedOrder>, ActivityError> {
        Ok(orders
            .into_iter()
            .map(|order| {
                let state = order.customer.address.state;
                ProcessedOrder {
                    shipping_cost_usd: round(2.50 + 1.20 * order.total_weight_kg, 2),
                    estimated_delivery_days: if state == WAREHOUSE_STATE { 2 } else { 5 },
                    id: order.id,
                    customer_id: order.customer.id,
                    destination_city: order.customer.address.city,
                    destination_state: state,
                    total_weight_kg: order.total_weight_kg,
                }
            })
            .collect())
    }
}
// ANCHOR_END: lesson

/// Rounds to `digits` decimals, as Python's `round` does for these magnitudes.
pub fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}
