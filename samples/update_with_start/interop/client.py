"""update_with_start: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop update_with_start` (interop/python_client.py)."""

import argparse
from typing import List

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python starter's request handler: update-with-start, USE_EXISTING, typed as Python's.
    from dataclasses import dataclass
    from typing import List, Tuple

    from temporalio import common
    from temporalio.client import WithStartWorkflowOperation, WorkflowUpdateFailedError

    @dataclass
    class ShoppingCartItem:
        sku: str
        quantity: int

    @dataclass
    class FinalizedOrder:
        id: str
        items: List[Tuple[ShoppingCartItem, int]]
        total: int

    client = await connect()
    cart_id = f"cart-{unique('session')}"

    async def add(sku: str):
        start_op = WithStartWorkflowOperation(
            "ShoppingCartWorkflow", id=cart_id, result_type=FinalizedOrder,
            id_conflict_policy=common.WorkflowIDConflictPolicy.USE_EXISTING,
            task_queue="update-with-start-lazy-initialization",
        )
        try:
            price = await client.execute_update_with_start_workflow(
                "add_item", ShoppingCartItem(sku=sku, quantity=1),
                start_workflow_operation=start_op, result_type=int,
            )
        except WorkflowUpdateFailedError as err:
            # The Python starter matches `err.cause.type == "ItemUnavailableError"`. The Rust
            # SDK 1.1 drops an update failure's type name (see the sample's README), so only
            # the message can be checked here.
            check("Item unavailable" in str(err.cause), "an unavailable item fails the update",
                  str(err.cause))
            price = None
        return price, await start_op.workflow_handle()

    subtotal_1, _ = await add("sku-123")
    subtotal_2, handle = await add("sku-456")
    check([subtotal_1, subtotal_2] == [599, None], "subtotals [599, None]",
          [subtotal_1, subtotal_2])
    await handle.signal("checkout")
    order = await handle.result()
    check(order.total == 599 and order.items[0][0].sku == "sku-123",
          "the finalized order, typed as FinalizedOrder", order)
