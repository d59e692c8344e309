"""auto_heartbeat: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop auto_heartbeat` (interop/python_client.py)."""

import argparse
import asyncio

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.auto_heartbeat.interop.worker import TASK_QUEUE, WaitForCancelWorkflow
    client = await connect()
    # No input, as the Python starter; then, past the 2 s heartbeat timeout, the signal.
    handle = await client.start_workflow(
        WaitForCancelWorkflow.run, id=unique("custom_decorator-workflow"), task_queue=TASK_QUEUE,
    )
    await asyncio.sleep(3)
    await handle.signal(WaitForCancelWorkflow.cancel_activity)
    result = await handle.result()
    check(result == "activity cancelled!", "the heartbeating activity heard the cancel", result)
