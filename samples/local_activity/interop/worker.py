"""hello_local_activity: the greeting composed by a local activity."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow

from interop.common import worker

TASK_QUEUE = "hello-local-activity-task-queue"

STARTERS = [["starter"]]
EXPECT = ["Result: Hello, World!"]


@dataclass
class ComposeGreetingInput:
    greeting: str
    name: str


@activity.defn
def compose_greeting(input: ComposeGreetingInput) -> str:
    return f"{input.greeting}, {input.name}!"


@workflow.defn
class GreetingWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        return await workflow.execute_local_activity(
            compose_greeting, ComposeGreetingInput("Hello", name),
            start_to_close_timeout=timedelta(seconds=10))


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[GreetingWorkflow],
                   activities=[compose_greeting], activity_executor=ThreadPoolExecutor(5))]
