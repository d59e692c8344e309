"""sleep_for_days: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop sleep_for_days` (interop/python_client.py)."""

import argparse
import asyncio

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.sleep_for_days.interop.worker import SleepForDaysWorkflow
    # The Python starter: no argument at all (30 days); then the `complete` signal ends it.
    client = await connect()
    handle = await client.start_workflow(
        SleepForDaysWorkflow.run, id=unique("sleep-for-days-workflow-id"),
        task_queue="sleep-for-days-task-queue", result_type=str,
    )
    await asyncio.sleep(1)
    await handle.signal("complete")
    result = await handle.result()
    check(result == "done!", "the complete signal cuts the 30-day sleep short", result)
