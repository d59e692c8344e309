"""hello_async_activity_completion: an activity that returns without completing; a task of the
worker's process heartbeats it and completes it through the client's async activity handle."""

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client

from interop.common import worker

TASK_QUEUE = "hello-async-activity-completion-task-queue"

STARTERS = [["starter"]]
EXPECT = ["Result: Hello, World!"]


@dataclass
class ComposeGreetingInput:
    greeting: str
    name: str


class GreetingComposer:
    def __init__(self, client: Client) -> None:
        self.client = client
        self.tasks = set()

    @activity.defn
    async def compose_greeting(self, input: ComposeGreetingInput) -> str:
        task = asyncio.create_task(self.complete_greeting(activity.info().task_token, input))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        activity.raise_complete_async()

    async def complete_greeting(self, task_token: bytes, input: ComposeGreetingInput) -> None:
        handle = self.client.get_async_activity_handle(task_token=task_token)
        for _ in range(3):
            await handle.heartbeat()  # within the 2 s heartbeat timeout
            await asyncio.sleep(1)
        await handle.complete(f"{input.greeting}, {input.name}!")


@workflow.defn
class GreetingWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        return await workflow.execute_activity_method(
            GreetingComposer.compose_greeting, ComposeGreetingInput("Hello", name),
            start_to_close_timeout=timedelta(seconds=10), heartbeat_timeout=timedelta(seconds=2))


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[GreetingWorkflow],
                   activities=[GreetingComposer(client).compose_greeting])]
