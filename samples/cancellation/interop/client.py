"""cancellation: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop cancellation` (interop/python_client.py)."""

import argparse
import asyncio

from temporalio.exceptions import CancelledError

from interop.common import check, connect, failure_of, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.cancellation.interop.worker import CancellationWorkflow
    client = await connect()
    handle = await client.start_workflow(
        CancellationWorkflow.run, id=unique("hello-cancellation"),
        task_queue="hello-cancellation-task-queue",
    )
    await asyncio.sleep(2)
    await handle.cancel()
    err = await failure_of(handle.result())
    check(isinstance(err.cause, CancelledError), "the workflow ends cancelled", repr(err.cause))
    described = await handle.describe()
    check(described.status is not None and described.status.name == "CANCELED",
          "its status is CANCELED", described.status)
