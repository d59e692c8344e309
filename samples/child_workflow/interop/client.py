"""child_workflow: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop child_workflow` (interop/python_client.py)."""

import argparse

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.child_workflow.interop.worker import GreetingWorkflow
    client = await connect()
    result = await client.execute_workflow(
        GreetingWorkflow.run, "World", id=unique("hello-child-workflow"),
        task_queue="hello-child-workflow-task-queue",
    )
    check(result == "Hello, World!", "the child composes the greeting", result)
