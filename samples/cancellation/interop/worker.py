"""hello_cancellation: a heartbeating activity cancelled by the client, cleanup in `finally`."""

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import NoReturn

from temporalio import activity, workflow
from temporalio.exceptions import CancelledError

from interop.common import worker

TASK_QUEUE = "hello-cancellation-task-queue"

STARTERS = [["starter"]]
EXPECT = ["Workflow cancelled (status Canceled); the cleanup activity ran first."]


@activity.defn
def never_complete_activity() -> NoReturn:
    try:
        while True:
            # Heartbeats are how a running activity learns it was cancelled.
            activity.heartbeat()
            time.sleep(1)
    except CancelledError:
        raise


@activity.defn
def cleanup_activity() -> None:
    pass


@workflow.defn
class CancellationWorkflow:
    @workflow.run
    async def run(self) -> None:
        try:
            await workflow.execute_activity(
                never_complete_activity, start_to_close_timeout=timedelta(seconds=1000),
                heartbeat_timeout=timedelta(seconds=2))
        finally:
            await workflow.execute_activity(cleanup_activity,
                                            start_to_close_timeout=timedelta(seconds=5))


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[CancellationWorkflow],
                   activities=[never_complete_activity, cleanup_activity],
                   activity_executor=ThreadPoolExecutor(5))]
