"""schedules: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop schedules` (interop/python_client.py)."""

import argparse
import asyncio
from datetime import timedelta

from temporalio.client import Schedule, ScheduleActionStartWorkflow, ScheduleIntervalSpec, ScheduleSpec, ScheduleState

from interop.common import Mismatch, check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.schedules.interop.worker import YourSchedulesWorkflow
    client = await connect()
    result = await client.execute_workflow(
        YourSchedulesWorkflow.run, "World", id=unique("schedules-workflow"),
        task_queue="schedules-task-queue",
    )
    check(result == "Hello, World!", "the scheduled workflow runs on the Rust worker", result)
    # A schedule created from Python, as Python's sample creates it, triggered now.
    schedule_id = unique("workflow-schedule-id")
    handle = await client.create_schedule(
        schedule_id,
        Schedule(
            action=ScheduleActionStartWorkflow(
                "YourSchedulesWorkflow", "my schedule arg", id=unique("schedules-workflow"),
                task_queue="schedules-task-queue",
            ),
            spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(hours=1))]),
            state=ScheduleState(paused=True, note="created from Python"),
        ),
    )
    try:
        await handle.trigger()
        for _ in range(100):
            actions = (await handle.describe()).info.recent_actions
            if actions:
                break
            await asyncio.sleep(0.1)
        else:
            raise Mismatch("the triggered schedule started nothing within 10 s")
        run = actions[0].action
        result = await client.get_workflow_handle(run.workflow_id, run_id=run.first_execution_run_id).result()
        check(result == "Hello, my schedule arg!", "a Python-created schedule's run", result)
    finally:
        await handle.delete()
