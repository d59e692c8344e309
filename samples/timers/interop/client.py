"""timers: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop timers` (interop/python_client.py)."""

import argparse
import asyncio

from temporalio import workflow

from interop.common import check, connect, unique


@workflow.defn(name="MaintenanceWorkflow")
class MaintenanceWorkflow:
    """The catalogue's workflow signature, so the client applies its type hints."""

    @workflow.run
    async def run(self, user_email: str) -> None: ...


async def run(_: argparse.Namespace) -> None:
    client = await connect()
    # The catalogue's input, a bare email: the Rust worker arms the catalogue's three intervals.
    handle = await client.start_workflow(
        MaintenanceWorkflow.run, "owner@example.com", id=unique("maintenance"),
        task_queue="timers-task-queue",
    )
    for _ in range(100):
        events = [e async for e in handle.fetch_history_events()]
        timers = [e.timer_started_event_attributes.start_to_fire_timeout.ToTimedelta()
                  for e in events if e.HasField("timer_started_event_attributes")]
        if len(timers) == 3:
            break
        await asyncio.sleep(0.2)
    days = sorted(round(t.total_seconds() / 86400) for t in timers)
    check(days == [90, 365, 730], "three timers: 3 months, a year, 24 months (in days)", days)
    # The catalogue's workflow never ends; the Rust one adds a `stop` signal.
    await handle.signal("stop")
    result = await handle.result()
    check(result is None, "it returns None, as the catalogue's run does", result)
