//! The workflow: pick the activity for each item.

use std::time::Duration;

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, ApplicationFailure, WorkflowContext, WorkflowResult, WorkflowTermination,
};

use crate::{Fruit, ShoppingList, ShoppingListItem, activities::OrderActivities};

// ANCHOR: lesson
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
        let unknown = |(index, item): (usize, &ShoppingListItem)| match &item.fruit {
            Fruit::Unknown(value) => Some(unknown_fruit(index, value)),
            _ => None,
        };
        if let Some(failure) = list.items.iter().enumerate().find_map(unknown) {
            return Err(failure);
        }

        let options = ActivityOptions::start_to_close_timeout(Duration::from_secs(5));
        let mut ordered = Vec::with_capacity(list.items.len());
        for (index, item) in list.items.into_iter().enumerate() {
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
                // Validated above; failing the workflow (never panicking) keeps that true even
                // if the check and this match drift apart.
                Fruit::Unknown(value) => return Err(unknown_fruit(index, &value)),
            };
            ordered.push(confirmation);
        }
        Ok(ordered.concat())
    }
}

/// The workflow's failure for an unknown fruit: non-retryable, with an explicit type name that
/// callers (and retry policies) can match.
fn unknown_fruit(index: usize, value: &str) -> WorkflowTermination {
    ApplicationFailure::builder(anyhow::anyhow!(
        "item {index} has unknown fruit {value}: expected 1 (APPLE), 2 (BANANA), 3 (CHERRY) or 4 (ORANGE)"
    ))
    .type_name(UNKNOWN_FRUIT_ERROR.to_owned())
    .non_retryable(true)
    .build()
    .into()
}
// ANCHOR_END: lesson
