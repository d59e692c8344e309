"""cron: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop cron` (interop/python_client.py)."""

import argparse
import asyncio

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.cron.interop.worker import GreetingWorkflow
    # The Python starter's start_workflow(..., cron_schedule=...), with a 1-second schedule
    # instead of its one-minute one so the check does not wait for minute boundaries.
    client = await connect()
    workflow_id = unique("hello-cron-workflow")
    handle = await client.start_workflow(
        GreetingWorkflow.run, "World", id=workflow_id, task_queue="hello-cron-task-queue",
        cron_schedule="@every 1s",
    )
    completed = 0
    for _ in range(150):
        completed = len([
            r async for r in client.list_workflows(f"WorkflowId = '{workflow_id}'")
            if r.status is not None and r.status.name == "COMPLETED"
        ])
        if completed >= 2:
            break
        await asyncio.sleep(0.2)
    await handle.terminate("interop check done")
    check(completed >= 2, "the cron schedule starts a new run per tick", completed)
