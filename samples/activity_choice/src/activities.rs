//! One activity per fruit, named as in the Python sample.

use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

// ANCHOR: lesson
/// The ordering activities. In a real shop each would call a different supplier.
pub struct OrderActivities;

#[activities]
impl OrderActivities {
    /// Orders apples.
    #[activity(name = "order_apples")]
    pub async fn order_apples(_ctx: ActivityContext, amount: u32) -> Result<String, ActivityError> {
        Ok(format!("Ordered {amount} Apples..."))
    }

    /// Orders bananas.
    #[activity(name = "order_bananas")]
    pub async fn order_bananas(
        _ctx: ActivityContext,
        amount: u32,
    ) -> Result<String, ActivityError> {
        Ok(format!("Ordered {amount} Bananas..."))
    }

    /// Orders cherries.
    #[activity(name = "order_cherries")]
    pub async fn order_cherries(
        _ctx: ActivityContext,
        amount: u32,
    ) -> Result<String, ActivityError> {
        Ok(format!("Ordered {amount} Cherries..."))
    }

    /// Orders oranges.
    #[activity(name = "order_oranges")]
    pub async fn order_oranges(
        _ctx: ActivityContext,
        amount: u32,
    ) -> Result<String, ActivityError> {
        Ok(format!("Ordered {amount} Oranges..."))
    }
}
// ANCHOR_END: lesson
