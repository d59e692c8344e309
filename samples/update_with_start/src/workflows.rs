//! The cart workflow: items arrive by update, checkout by signal.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, ApplicationFailure, SyncWorkflowContext, WorkflowContext, WorkflowContextView,
    WorkflowResult,
};

use crate::{FinalizedOrder, ShoppingCartItem, activities::PriceActivities};

// ANCHOR: lesson
/// The failure type of an item that cannot be bought (as in the Python sample).
pub const ITEM_UNAVAILABLE_ERROR: &str = "ItemUnavailableError";

/// A validator's answer: `Err` rejects the update before anything is written to history.
type Validation = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// A shopping cart: lines added by `add_item` updates until the `checkout` signal.
#[workflow]
#[derive(Default)]
pub struct ShoppingCartWorkflow {
    items: Vec<(ShoppingCartItem, i64)>,
    order_submitted: bool,
}

#[workflow_methods]
impl ShoppingCartWorkflow {
    /// Returns the finalized order after checkout, once every `add_item` has finished.
    #[run(name = "ShoppingCartWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<FinalizedOrder> {
        // Wait for checkout *and* for updates still pricing their item, so none is cut off.
        let handlers = ctx.clone();
        ctx.wait_condition(move |s| s.order_submitted && handlers.all_handlers_finished())
            .await?;
        let id = ctx.workflow_id().to_owned();
        Ok(ctx.state(|s| FinalizedOrder {
            id,
            items: s.items.clone(),
            total: s.items.iter().map(|(_, price)| price).sum(),
        }))
    }

    /// Rejects items after checkout (before anything is written to history).
    #[update_validator(add_item)]
    fn validate_add_item(
        &self,
        _ctx: &WorkflowContextView,
        _item: &ShoppingCartItem,
    ) -> Validation {
        if self.order_submitted {
            return Err("Order already submitted".into());
        }
        Ok(())
    }

    /// Update: prices the item (an activity), adds it, and returns the new subtotal. The caller
    /// gets this answer at once; the workflow keeps running until checkout.
    #[update(name = "add_item")]
    pub async fn add_item(
        ctx: &mut WorkflowContext<Self>,
        item: ShoppingCartItem,
    ) -> Result<i64, Box<dyn std::error::Error + Send + Sync>> {
        let price = ctx
            .execute_activity(
                PriceActivities::get_price,
                item.clone(),
                ActivityOptions::start_to_close_timeout(Duration::from_secs(10)),
            )
            .await?;
        let Some(price) = price else {
            return Err(Box::new(
                ApplicationFailure::builder(anyhow::anyhow!(
                    "Item unavailable: ShoppingCartItem(sku='{}', quantity={})",
                    item.sku,
                    item.quantity
                ))
                .type_name(ITEM_UNAVAILABLE_ERROR.to_owned())
                .build(),
            ));
        };
        Ok(ctx.state_mut(|s| {
            s.items.push((item, price));
            s.items.iter().map(|(_, price)| price).sum()
        }))
    }

    /// Signal: check out. Later `add_item` updates are rejected.
    #[signal(name = "checkout")]
    pub fn checkout(&mut self, _ctx: &mut SyncWorkflowContext<Self>) {
        self.order_submitted = true;
    }
}
// ANCHOR_END: lesson
