"""metrics: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop metrics` (interop/python_client.py)."""

import argparse

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.metrics.interop.worker import GreetingWorkflow, StartTwoActivitiesWorkflow
    client = await connect()
    result = await client.execute_workflow(
        GreetingWorkflow.run, "World", id=unique("prometheus-workflow"),
        task_queue="prometheus-task-queue",
    )
    check(result == "Hello, World!", "the greeting", result)
    result = await client.execute_workflow(
        StartTwoActivitiesWorkflow.run, id=unique("custom-metric-workflow"),
        task_queue="custom-metric-task-queue",
    )
    check(result is None, "the two-activity workflow, which takes and returns nothing", result)
