"""schedules: the workflow a schedule starts, and the Python sample's run_worker.py."""

from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow

from interop.common import worker

TASK_QUEUE = "schedules-task-queue"

STARTERS = [["starter"]]
EXPECT = ["1. Created schedule workflow-schedule-id", "returned: Hello, World!",
          "5. Deleted schedule workflow-schedule-id"]


@dataclass
class YourParams:
    greeting: str
    name: str


@activity.defn
async def your_activity(input: YourParams) -> str:
    return f"{input.greeting}, {input.name}!"


@workflow.defn
class YourSchedulesWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        return await workflow.execute_activity(your_activity, YourParams("Hello", name),
                                               start_to_close_timeout=timedelta(seconds=10))


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[YourSchedulesWorkflow],
                   activities=[your_activity])]
