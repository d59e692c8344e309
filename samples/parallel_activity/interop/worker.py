"""hello_parallel_activity: five activities at once, results sorted."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import List

from temporalio import activity, workflow

from interop.common import worker

TASK_QUEUE = "hello-parallel-activity-task-queue"

STARTERS = [["starter"]]
EXPECT = ["Results (5):", "Hello, user1!", "Hello, user5!"]


@activity.defn
def say_hello_activity(name: str) -> str:
    return f"Hello, {name}!"


@workflow.defn
class SayHelloWorkflow:
    @workflow.run
    async def run(self) -> List[str]:
        results = await asyncio.gather(*(
            workflow.execute_activity(say_hello_activity, f"user{i}",
                                      start_to_close_timeout=timedelta(seconds=5))
            for i in range(1, 6)))
        return list(sorted(results))


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[SayHelloWorkflow],
                   activities=[say_hello_activity], activity_executor=ThreadPoolExecutor(5))]
