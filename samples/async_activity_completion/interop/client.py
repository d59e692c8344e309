"""async_activity_completion: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop async_activity_completion` (interop/python_client.py)."""

import argparse

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.async_activity_completion.interop.worker import GreetingWorkflow
    # The Python sample's client call; the worker completes its activity asynchronously.
    client = await connect()
    result = await client.execute_workflow(
        GreetingWorkflow.run, "World", id=unique("hello-async-activity-completion"),
        task_queue="hello-async-activity-completion-task-queue", result_type=str,
    )
    check(result == "Hello, World!", "the asynchronously completed greeting", result)
