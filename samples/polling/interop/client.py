"""polling: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop polling` (interop/python_client.py)."""

import argparse
from datetime import timedelta

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.polling.interop.worker import FrequentGreetingWorkflow
    client = await connect()
    # A bare name, as Python's samples send. The infrequent variant is left out: with a bare
    # name it polls every 60 s like Python's, which would make this check take minutes.
    for task_queue in ["frequent-activity-retry-task-queue", "periodic-retry-task-queue"]:
        result = await client.execute_workflow(
            FrequentGreetingWorkflow.run, "World", id=unique(task_queue), task_queue=task_queue,
            execution_timeout=timedelta(minutes=2),
        )
        check(result == "Hello, World!", f"{task_queue} polls until the service answers", result)
