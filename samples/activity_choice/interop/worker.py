"""hello_activity_choice: one activity per fruit, chosen by the workflow."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from enum import IntEnum
from typing import List

from temporalio import activity, workflow

from interop.common import worker

TASK_QUEUE = "hello-activity-choice-task-queue"

STARTERS = [["starter"]]
EXPECT = ["Result: Ordered 8 Apples...Ordered 5 Bananas...Ordered 1 Cherries...Ordered 4 Oranges..."]


@activity.defn
def order_apples(amount: int) -> str:
    return f"Ordered {amount} Apples..."


@activity.defn
def order_bananas(amount: int) -> str:
    return f"Ordered {amount} Bananas..."


@activity.defn
def order_cherries(amount: int) -> str:
    return f"Ordered {amount} Cherries..."


@activity.defn
def order_oranges(amount: int) -> str:
    return f"Ordered {amount} Oranges..."


class Fruit(IntEnum):
    APPLE = 1
    BANANA = 2
    CHERRY = 3
    ORANGE = 4


@dataclass
class ShoppingListItem:
    fruit: Fruit
    amount: int


@dataclass
class ShoppingList:
    items: List[ShoppingListItem]


ORDER = {Fruit.APPLE: order_apples, Fruit.BANANA: order_bananas,
         Fruit.CHERRY: order_cherries, Fruit.ORANGE: order_oranges}


@workflow.defn
class PurchaseFruitsWorkflow:
    @workflow.run
    async def run(self, shopping_list: ShoppingList) -> str:
        ordered: List[str] = []
        for item in shopping_list.items:
            if item.fruit not in ORDER:
                raise ValueError(f"Unrecognized fruit: {item.fruit}")
            ordered.append(await workflow.execute_activity(
                ORDER[item.fruit], item.amount, start_to_close_timeout=timedelta(seconds=5)))
        return "".join(ordered)


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[PurchaseFruitsWorkflow],
                   activities=list(ORDER.values()),
                   activity_executor=ThreadPoolExecutor(5))]
