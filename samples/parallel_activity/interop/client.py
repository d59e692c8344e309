"""parallel_activity: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop parallel_activity` (interop/python_client.py)."""

import argparse

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.parallel_activity.interop.worker import SayHelloWorkflow
    client = await connect()
    # No argument at all, as Python's SayHelloWorkflow.run takes none.
    result = await client.execute_workflow(
        SayHelloWorkflow.run, id=unique("hello-parallel-activity"),
        task_queue="hello-parallel-activity-task-queue",
    )
    check(result == [f"Hello, user{i}!" for i in range(1, 6)], "five sorted greetings", result)
