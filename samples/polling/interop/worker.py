"""polling: the Python samples' frequent and infrequent workers, in one process.

Each Python variant has its own worker on its own task queue; one process runs two of them here.
The service answers on the fifth call per workflow, as the Python samples' test service does. The
Rust starter with no flags drives the frequent variant, as the Python starter of that variant does.
The infrequent variant is served but not driven: with the bare name Python sends, it retries every
60 s, so a check would take four minutes. Python's periodic_sequence variant is not served: its
child retries its activity with a fresh attempt counter each time and never reaches the fifth call
(its README says so).
"""

import asyncio
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError

from interop.common import worker

FREQUENT_TASK_QUEUE = "frequent-activity-retry-task-queue"
INFREQUENT_TASK_QUEUE = "infrequent-activity-retry-task-queue"

STARTERS = [["starter"]]
EXPECT = ["Started workflow frequent-activity-retry", "Result: Hello, World!"]

ERROR_ATTEMPTS = 5
attempts: Counter = Counter()


@dataclass
class ComposeGreetingInput:
    greeting: str
    name: str


async def get_service_result(input: ComposeGreetingInput) -> str:
    workflow_id = activity.info().workflow_id
    attempts[workflow_id] += 1
    if attempts[workflow_id] == ERROR_ATTEMPTS:
        return f"{input.greeting}, {input.name}!"
    raise ApplicationError("service is down")


@activity.defn(name="compose_greeting")
async def compose_greeting_frequent(input: ComposeGreetingInput) -> str:
    # Poll inside one long activity, heartbeating so a lost worker is noticed within 2 s.
    while True:
        try:
            return await get_service_result(input)
        except ApplicationError:
            pass
        activity.heartbeat("Invoking activity")
        await asyncio.sleep(1)


@activity.defn(name="compose_greeting")
async def compose_greeting_infrequent(input: ComposeGreetingInput) -> str:
    # Fail the attempt; the retry policy is the poll loop.
    return await get_service_result(input)


@workflow.defn(name="GreetingWorkflow")
class FrequentGreetingWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        return await workflow.execute_activity(
            compose_greeting_frequent, ComposeGreetingInput("Hello", name),
            start_to_close_timeout=timedelta(seconds=60), heartbeat_timeout=timedelta(seconds=2))


@workflow.defn(name="GreetingWorkflow")
class InfrequentGreetingWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        return await workflow.execute_activity(
            compose_greeting_infrequent, ComposeGreetingInput("Hello", name),
            start_to_close_timeout=timedelta(seconds=2),
            retry_policy=RetryPolicy(backoff_coefficient=1.0,
                                     initial_interval=timedelta(seconds=60)))


def workers(client, _args):
    return [
        worker(client, task_queue=FREQUENT_TASK_QUEUE, workflows=[FrequentGreetingWorkflow],
               activities=[compose_greeting_frequent]),
        worker(client, task_queue=INFREQUENT_TASK_QUEUE, workflows=[InfrequentGreetingWorkflow],
               activities=[compose_greeting_infrequent]),
    ]
