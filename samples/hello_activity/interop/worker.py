"""hello_activity: the greeting composed by one activity, a sync `def` on a thread pool."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow

from interop.common import worker

TASK_QUEUE = "hello-activity-task-queue"

STARTERS = [["starter"], ["starter", "--name", "Temporal"]]
EXPECT = ["Result: Hello, World!", "Result: Hello, Temporal!"]


@dataclass
class ComposeGreetingInput:
    greeting: str
    name: str


@activity.defn
def compose_greeting(input: ComposeGreetingInput) -> str:
    activity.logger.info("Running activity with parameter %s" % input)
    return f"{input.greeting}, {input.name}!"


@workflow.defn
class GreetingWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        return await workflow.execute_activity(
            compose_greeting, ComposeGreetingInput("Hello", name),
            start_to_close_timeout=timedelta(seconds=10))


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[GreetingWorkflow],
                   activities=[compose_greeting], activity_executor=ThreadPoolExecutor(5))]
