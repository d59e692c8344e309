//! The activity: a price service, with its catalogue injected.

use std::{sync::Arc, time::Duration};

use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

use crate::ShoppingCartItem;

// ANCHOR: lesson
/// The price service. The default is the Python sample's: everything costs 599 a unit, except
/// `sku-456`, which is unavailable.
#[derive(Debug, Clone)]
pub struct PriceActivities {
    /// Price of one unit of any available item.
    pub unit_price: i64,
    /// Items that cannot be bought.
    pub unavailable: Vec<String>,
    /// Simulated latency of the service.
    pub latency: Duration,
}

impl Default for PriceActivities {
    fn default() -> Self {
        Self {
            unit_price: 599,
            unavailable: vec!["sku-456".to_owned()],
            latency: Duration::from_millis(100),
        }
    }
}

#[activities]
impl PriceActivities {
    /// The price of the line (`unit price × quantity`), or `None` when the item is unavailable.
    #[activity(name = "get_price")]
    pub async fn get_price(
        self: Arc<Self>,
        _ctx: ActivityContext,
        item: ShoppingCartItem,
    ) -> Result<Option<i64>, ActivityError> {
        tokio::time::sleep(self.latency).await;
        if self.unavailable.contains(&item.sku) {
            return Ok(None);
        }
        Ok(Some(self.unit_price * item.quantity))
    }
}
// ANCHOR_END: lesson
