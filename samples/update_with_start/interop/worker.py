"""message_passing/update_with_start/lazy_initialization: a cart its first update starts."""

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from typing import List, Optional, Tuple

from temporalio import activity, workflow
from temporalio.exceptions import ApplicationError

from interop.common import worker

TASK_QUEUE = "update-with-start-lazy-initialization"

STARTERS = [["starter"]]
EXPECT = ["added 1 × sku-123: subtotal 599",
          "could not add sku-456: Item unavailable: ShoppingCartItem(sku='sku-456', quantity=1)",
          "total: 599"]


@dataclass
class ShoppingCartItem:
    sku: str
    quantity: int


@activity.defn
async def get_price(item: ShoppingCartItem) -> Optional[int]:
    await asyncio.sleep(0.1)
    return None if item.sku == "sku-456" else 599 * item.quantity


@dataclass
class FinalizedOrder:
    id: str
    items: List[Tuple[ShoppingCartItem, int]]
    total: int


@workflow.defn
class ShoppingCartWorkflow:
    def __init__(self) -> None:
        self.items: List[Tuple[ShoppingCartItem, int]] = []
        self.order_submitted = False

    @workflow.run
    async def run(self) -> FinalizedOrder:
        await workflow.wait_condition(
            lambda: workflow.all_handlers_finished() and self.order_submitted
        )
        return FinalizedOrder(id=workflow.info().workflow_id, items=self.items,
                              total=sum(price for _, price in self.items))

    @workflow.update
    async def add_item(self, item: ShoppingCartItem) -> int:
        price = await workflow.execute_activity(
            get_price, item, start_to_close_timeout=timedelta(seconds=10)
        )
        if price is None:
            raise ApplicationError(f"Item unavailable: {item}", type="ItemUnavailableError")
        self.items.append((item, price))
        return sum(price for _, price in self.items)

    @add_item.validator
    def validate_add_item(self, item: ShoppingCartItem) -> None:
        if self.order_submitted:
            raise ApplicationError("Order already submitted")

    @workflow.signal
    def checkout(self):
        self.order_submitted = True


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[ShoppingCartWorkflow],
                   activities=[get_price])]
