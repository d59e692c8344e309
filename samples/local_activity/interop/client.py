"""local_activity: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop local_activity` (interop/python_client.py)."""

import argparse

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.local_activity.interop.worker import GreetingWorkflow
    client = await connect()
    result = await client.execute_workflow(
        GreetingWorkflow.run, "World", id=unique("hello-local-activity"),
        task_queue="hello-local-activity-task-queue",
    )
    check(result == "Hello, World!", "the greeting", result)
