"""activity_choice: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop activity_choice` (interop/python_client.py)."""

import argparse

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.activity_choice.interop.worker import PurchaseFruitsWorkflow
    client = await connect()
    # Python's ShoppingList of (Fruit IntEnum, amount): the enum travels as an integer.
    shopping = {"items": [{"fruit": 1, "amount": 8}, {"fruit": 2, "amount": 5},
                          {"fruit": 3, "amount": 1}, {"fruit": 4, "amount": 4}]}
    result = await client.execute_workflow(
        PurchaseFruitsWorkflow.run, shopping,
        id=unique("hello-activity-choice"), task_queue="hello-activity-choice-task-queue",
    )
    for line in ["Ordered 8 Apples", "Ordered 5 Bananas", "Ordered 1 Cherries", "Ordered 4 Oranges"]:
        check(line in result, f"the result says {line!r}", result)
