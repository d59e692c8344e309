"""updatable_timer: a sleep whose wake-up time a signal moves."""

import asyncio
from datetime import datetime, timedelta, timezone

from temporalio import workflow

from interop.common import worker

TASK_QUEUE = "updatable-timer"

# The Python starter's one-day sleep, then the updater's move to a few seconds from now.
STARTERS = [["starter"]]
EXPECT = ["Wake-up time: ", "Moved it to: ", "Woke up."]


class UpdatableTimer:
    def __init__(self, wake_up_time: datetime) -> None:
        self.wake_up_time = wake_up_time
        self.wake_up_time_updated = False

    async def sleep(self) -> None:
        while True:
            interval = self.wake_up_time - workflow.now()
            if interval <= timedelta(0):
                break
            try:
                self.wake_up_time_updated = False
                await workflow.wait_condition(lambda: self.wake_up_time_updated, timeout=interval)
            except asyncio.TimeoutError:
                continue

    def update_wake_up_time(self, wake_up_time: datetime) -> None:
        self.wake_up_time = wake_up_time
        self.wake_up_time_updated = True


@workflow.defn
class Workflow:
    @workflow.init
    def __init__(self, wake_up_time: float) -> None:
        self.timer = UpdatableTimer(datetime.fromtimestamp(wake_up_time, tz=timezone.utc))

    @workflow.run
    async def run(self, wake_up_time: float):
        await self.timer.sleep()

    @workflow.signal
    async def update_wake_up_time(self, wake_up_time: float) -> None:
        self.timer.update_wake_up_time(datetime.fromtimestamp(wake_up_time, tz=timezone.utc))

    @workflow.query
    def get_wake_up_time(self) -> float:
        return float(self.timer.wake_up_time.timestamp())


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[Workflow])]
