//! The client half: the request handler that adds an item with update-with-start, the checkout,
//! and [`shop`], what the starter does with them. `main.rs` and the tests call these same
//! functions.

use anyhow::{Context, Result};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowIdConflictPolicy, WorkflowSignalOptions,
    WorkflowUpdateWithStartOptions,
    errors::{WorkflowUpdateError, WorkflowUpdateWithStartError},
};

use crate::{FinalizedOrder, ShoppingCartItem, ShoppingCartWorkflow, cart_id};

// ANCHOR: lesson
/// What adding an item did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// The item is in the cart; the cart's new subtotal.
    Subtotal(i64),
    /// The cart refused the item (unavailable, or the order was already submitted); why.
    Refused(String),
}

/// Handles "add this item" for a session: sends `add_item` and, in the same call, starts the
/// session's cart if it does not exist yet (`USE_EXISTING`: otherwise the running cart gets
/// the update).
pub async fn add_item(
    client: &Client,
    task_queue: &str,
    session_id: &str,
    sku: &str,
    quantity: i64,
) -> Result<Added> {
    let options = WorkflowUpdateWithStartOptions::new(
        task_queue,
        cart_id(session_id),
        WorkflowIdConflictPolicy::UseExisting,
    )
    .build();
    let item = ShoppingCartItem {
        sku: sku.to_owned(),
        quantity,
    };
    match client
        .execute_update_with_start_workflow(
            ShoppingCartWorkflow::run,
            (),
            ShoppingCartWorkflow::add_item,
            item,
            options,
        )
        .await
    {
        Ok(subtotal) => Ok(Added::Subtotal(subtotal)),
        // The cart exists either way; the update itself was refused or failed.
        Err(WorkflowUpdateWithStartError::Update(WorkflowUpdateError::Failed(failure))) => {
            Ok(Added::Refused(failure.message))
        }
        Err(e) => Err(e).with_context(|| format!("cannot add {sku} to cart-{session_id}")),
    }
}

/// Signal: check out.
pub async fn checkout(client: &Client, session_id: &str) -> Result<()> {
    let id = cart_id(session_id);
    client
        .get_workflow_handle::<ShoppingCartWorkflow>(&id)
        .signal(
            ShoppingCartWorkflow::checkout,
            (),
            WorkflowSignalOptions::default(),
        )
        .await
        .with_context(|| format!("cannot check out {id}"))
}

/// Waits for the finalized order.
pub async fn order(client: &Client, session_id: &str) -> Result<FinalizedOrder> {
    Ok(client
        .get_workflow_handle::<ShoppingCartWorkflow>(cart_id(session_id))
        .get_result(WorkflowGetResultOptions::default())
        .await?)
}
// ANCHOR_END: lesson

// ANCHOR: starter
/// What `cargo run -p update_with_start starter` does, as the Python starter does it: add each
/// `(sku, quantity)` to the session's cart (the first add starts the cart), check out, and
/// print what each step returned. Returns the finalized order.
pub async fn shop(
    client: &Client,
    task_queue: &str,
    session_id: &str,
    items: &[(String, i64)],
) -> Result<FinalizedOrder> {
    println!("Cart {}", cart_id(session_id));
    let mut subtotals = Vec::new();
    for (sku, quantity) in items {
        let added = add_item(client, task_queue, session_id, sku, *quantity).await?;
        subtotals.push(match added {
            Added::Subtotal(subtotal) => {
                println!("  added {quantity} × {sku}: subtotal {subtotal}");
                Some(subtotal)
            }
            Added::Refused(why) => {
                println!("  could not add {sku}: {why}");
                None
            }
        });
    }
    println!("subtotals were {subtotals:?}");
    checkout(client, session_id).await?;
    let order = order(client, session_id).await?;
    println!("final order: {order:?}");
    Ok(order)
}
// ANCHOR_END: starter
