//! The workflow: pick the activity for each item.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{ActivityOptions, ApplicationFailure, WorkflowContext, WorkflowResult};

use crate::{Fruit, ShoppingList, activities::OrderActivities};

/// Failure type of a shopping list with a fruit this workflow does not know.
pub const UNKNOWN_FRUIT_ERROR: &str = "UnknownFruitError";

/// Orders every item of a shopping list, each with the activity for its fruit.
#[workflow]
#[derive(Default)]
pub struct PurchaseFruitsWorkflow;

#[workflow_methods]
impl PurchaseFruitsWorkflow {
    /// Returns the concatenated order confirmations.
    #[run(name = "PurchaseFruitsWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        list: ShoppingList,
    ) -> WorkflowResult<String> {
        // Validate everything before ordering anything, so a bad list orders nothing. The failure
        // is non-retryable: retrying the workflow cannot make this input valid.
        if let Some((index, bad)) = list
            .items
            .iter()
            .enumerate()
            .find_map(|(i, item)| match &item.fruit {
                Fruit::Unknown(value) => Some((i, value)),
                _ => None,
            })
        {
            return Err(ApplicationFailure::builder(anyhow::anyhow!(
                "item {index} has unknown fruit {bad}: expected 1 (APPLE), 2 (BANANA), 3 (CHERRY) or 4 (ORANGE)"
            ))
            .type_name(UNKNOWN_FRUIT_ERROR.to_owned())
            .non_retryable(true)
            .build()
            .into());
        }

        let options = ActivityOptions::start_to_close_timeout(Duration::from_secs(5));
        let mut ordered = Vec::with_capacity(list.items.len());
        for item in list.items {
            // The choice: a plain `match` on recorded input, so replay makes the same choice.
            let confirmation = match item.fruit {
                Fruit::Apple => {
                    ctx.execute_activity(
                        OrderActivities::order_apples,
                        item.amount,
                        options.clone(),
                    )
                    .await?
                }
                Fruit::Banana => {
                    ctx.execute_activity(
                        OrderActivities::order_bananas,
                        item.amount,
                        options.clone(),
                    )
                    .await?
                }
                Fruit::Cherry => {
                    ctx.execute_activity(
                        OrderActivities::order_cherries,
                        item.amount,
                        options.clone(),
                    )
                    .await?
                }
                Fruit::Orange => {
                    ctx.execute_activity(
                        OrderActivities::order_oranges,
                        item.amount,
                        options.clone(),
                    )
                    .await?
                }
                Fruit::Unknown(_) => unreachable!("validated above"),
            };
            ordered.push(confirmation);
        }
        Ok(ordered.concat())
    }
}
