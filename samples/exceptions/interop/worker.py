"""hello_exception: an activity that always raises, two attempts, the cause chain."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import NoReturn

from temporalio import activity, workflow
from temporalio.common import RetryPolicy

from interop.common import worker

TASK_QUEUE = "hello-exception-task-queue"

# The Rust starter exits non-zero when the workflow fails, as this sample intends.
STARTERS = [{"args": ["starter"], "expect_failure": True}]
# Python names the failure after the exception's class.
EXPECT = ["ActivityFailure[compose_greeting]", "retry state MaximumAttemptsReached",
          "ApplicationFailure[RuntimeError]: Greeting exception: Hello, World!"]


@dataclass
class ComposeGreetingInput:
    greeting: str
    name: str


@activity.defn
def compose_greeting(input: ComposeGreetingInput) -> NoReturn:
    raise RuntimeError(f"Greeting exception: {input.greeting}, {input.name}!")


@workflow.defn
class GreetingWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        return await workflow.execute_activity(
            compose_greeting, ComposeGreetingInput("Hello", name),
            start_to_close_timeout=timedelta(seconds=10),
            retry_policy=RetryPolicy(maximum_attempts=2))


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[GreetingWorkflow],
                   activities=[compose_greeting], activity_executor=ThreadPoolExecutor(5))]
