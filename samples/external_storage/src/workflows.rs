//! The workflow: fetch a large batch, hand it to the next activity, return a small summary. It
//! reads like any other workflow; where the batch lives is the data converter's business.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, WorkflowContext, WorkflowResult};

use crate::activities::{BatchSummary, OrderActivities, OrderBatchRequest, round};

// ANCHOR: lesson
/// Processes one batch of shipping orders.
#[workflow]
#[derive(Default)]
pub struct ProcessOrderBatchWorkflow;

#[workflow_methods]
impl ProcessOrderBatchWorkflow {
    /// Fetches the batch's orders, prices their shipping, and sums it up.
    #[run(name = "ProcessOrderBatchWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        request: OrderBatchRequest,
    ) -> WorkflowResult<BatchSummary> {
        // A batch takes a second or two; a worker that dies mid-activity is noticed when this
        // timeout expires, and the activity runs again on another worker.
        let options = ActivityOptions::start_to_close_timeout(Duration::from_secs(30));
        // The batch comes back as a reference in history (`ActivityTaskCompleted`); the worker's
        // codec fetched it before this line sees it. Replaying this workflow fetches it again,
        // so the object must outlive the workflow's history (its retention period).
        let orders = ctx
            .execute_activity(
                OrderActivities::fetch_orders,
                request.clone(),
                options.clone(),
            )
            .await?;
        // Passing the batch on stores it again: same bytes, same content-addressed key, so the
        // store keeps one object and history a second small reference.
        let processed = ctx
            .execute_activity(OrderActivities::process_orders, orders, options)
            .await?;
        let count = processed.len();
        let total_cost: f64 = processed.iter().map(|p| p.shipping_cost_usd).sum();
        let total_weight: f64 = processed.iter().map(|p| p.total_weight_kg).sum();
        let total_days: i64 = processed.iter().map(|p| p.estimated_delivery_days).sum();
        Ok(BatchSummary {
            batch_id: request.batch_id,
            order_count: count as i64,
            total_shipping_cost_usd: round(total_cost, 2),
            total_weight_kg: round(total_weight, 2),
            avg_delivery_days: if count == 0 {
                0.0
            } else {
                round(total_days as f64 / count as f64, 1)
            },
        })
    }
}
// ANCHOR_END: lesson
