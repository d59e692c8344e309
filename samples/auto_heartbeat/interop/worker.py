"""custom_decorator: an activity that waits until cancelled, kept alive by `@auto_heartbeater`."""

import asyncio
from datetime import timedelta
from functools import wraps
from typing import Any, Awaitable, Callable, TypeVar, cast

from temporalio import activity, workflow
from temporalio.common import RetryPolicy

from interop.common import worker

TASK_QUEUE = "custom_decorator-task-queue"

# The Rust starter: start, wait past the 2 s heartbeat timeout, signal, print the result.
STARTERS = [["starter", "--cancel-after-secs", "3"]]
EXPECT = ["Result: activity cancelled!"]

F = TypeVar("F", bound=Callable[..., Awaitable[Any]])


def auto_heartbeater(fn: F) -> F:
    @wraps(fn)
    async def wrapper(*args, **kwargs):
        heartbeat_timeout = activity.info().heartbeat_timeout
        heartbeat_task = None
        if heartbeat_timeout:
            heartbeat_task = asyncio.create_task(
                heartbeat_every(heartbeat_timeout.total_seconds() / 2))
        try:
            return await fn(*args, **kwargs)
        finally:
            if heartbeat_task:
                heartbeat_task.cancel()
                await asyncio.wait([heartbeat_task])

    return cast(F, wrapper)


async def heartbeat_every(delay: float, *details: Any) -> None:
    while True:
        await asyncio.sleep(delay)
        activity.heartbeat(*details)


@activity.defn
@auto_heartbeater
async def wait_for_cancel_activity() -> str:
    try:
        await asyncio.Future()
        raise RuntimeError("unreachable")
    except asyncio.CancelledError:
        return "activity cancelled!"


@workflow.defn
class WaitForCancelWorkflow:
    @workflow.run
    async def run(self) -> str:
        self.activity = workflow.start_activity(
            wait_for_cancel_activity,
            start_to_close_timeout=timedelta(hours=20),
            heartbeat_timeout=timedelta(seconds=2),
            retry_policy=RetryPolicy(maximum_attempts=1),
            cancellation_type=workflow.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
        )
        return await self.activity

    @workflow.signal
    def cancel_activity(self) -> None:
        self.activity.cancel()


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[WaitForCancelWorkflow],
                   activities=[wait_for_cancel_activity])]
