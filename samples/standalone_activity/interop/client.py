"""standalone_activity: a Python SDK client starts the Rust worker's activity directly, as the Python
sample's execute_activity.py and start_activity.py do, and counts what ran.
Run by `cargo xtask interop standalone_activity` (interop/python_client.py)."""

import argparse
from datetime import timedelta

from temporalio.client import ActivityFailureError
from temporalio.exceptions import ApplicationError

from interop.common import Mismatch, check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own activity definition, so its type hints apply to input and result.
    from samples.standalone_activity.interop.worker import (
        TASK_QUEUE, ComposeGreetingInput, compose_greeting)
    client = await connect()
    options = dict(task_queue=TASK_QUEUE, start_to_close_timeout=timedelta(seconds=10))

    result = await client.execute_activity(
        compose_greeting, args=[ComposeGreetingInput("Hello", "World")],
        id=unique("my-standalone-activity-id"), **options)
    check(result == "Hello, World!", "execute_activity gets the greeting", result)

    activity_id = unique("my-standalone-activity-id")
    handle = await client.start_activity(
        compose_greeting, args=[ComposeGreetingInput("Hello", "Python")], id=activity_id, **options)
    result = await handle.result()
    check(result == "Hello, Python!", "start_activity, then the handle's result", result)

    # The Rust activity's non-retryable failure reaches the Python caller with its type.
    try:
        await client.execute_activity(
            compose_greeting, args=[ComposeGreetingInput("Hello", "")],
            id=unique("my-standalone-activity-id"), **options)
        raise Mismatch("an empty name was greeted")
    except ActivityFailureError as err:
        cause = err.cause
        check(isinstance(cause, ApplicationError) and cause.type == "InvalidGreeting"
              and cause.non_retryable, "an InvalidGreeting, non-retryable failure", repr(cause))

    count = await client.count_activities(query=f"TaskQueue = '{TASK_QUEUE}'")
    check(count.count >= 3, "count_activities sees at least these three", count.count)
