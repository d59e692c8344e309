"""updatable_timer: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop updatable_timer` (interop/python_client.py)."""

import argparse
from datetime import timedelta

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.updatable_timer.interop.worker import Workflow
    # The Python sample's starter and wake_up_time_updater: a float timestamp in, None out.
    from datetime import datetime

    client = await connect()
    day = (datetime.now() + timedelta(days=1)).timestamp()
    handle = await client.start_workflow(
        Workflow.run, day, id=unique("updatable-timer-workflow"), task_queue="updatable-timer",
    )
    wake_up = await handle.query("get_wake_up_time", result_type=float)
    check(abs(wake_up - day) < 1e-6, "get_wake_up_time answers the float the starter sent", wake_up)
    soon = (datetime.now() + timedelta(seconds=2)).timestamp()
    await handle.signal("update_wake_up_time", soon)
    result = await handle.result()
    check(result is None, "it wakes up early and returns None, as Python's run does", result)
