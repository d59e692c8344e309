"""hello_cron: a greeting workflow the server starts on a cron schedule."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow

from interop.common import worker

TASK_QUEUE = "hello-cron-task-queue"

# The schedule is the starter's choice, not part of the input: every 2 s instead of Python's
# every minute keeps the check short.
STARTERS = [["starter", "--cron", "@every 2s", "--runs", "2"]]
EXPECT = ["run 1: ", "run 2: ", "Stopped the cron"]


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
    async def run(self, name: str) -> None:
        result = await workflow.execute_activity(compose_greeting,
                                                 ComposeGreetingInput("Hello", name),
                                                 start_to_close_timeout=timedelta(seconds=10))
        workflow.logger.info("Result: %s", result)


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[GreetingWorkflow],
                   activities=[compose_greeting], activity_executor=ThreadPoolExecutor(5))]
