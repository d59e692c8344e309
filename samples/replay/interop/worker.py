"""replay: the Python sample's workflows, activity and worker, for the Rust starter — and then the
Rust replayer replays the histories the Python worker made against the Rust workflow code."""

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow

from interop.common import worker

TASK_QUEUE = "replay-sample"

STARTERS = [["starter"], ["replayer"]]
EXPECT = [
    "JustActivity Workflow result: Hello, replayer!",
    "JustTimer Workflow result: Slept",
    "TimerThenActivity Workflow result: Hello, replayer!",
    "histories replay against this code.",
]


@dataclass
class ComposeGreetingInput:
    greeting: str
    name: str


@activity.defn
async def compose_greeting(input: ComposeGreetingInput) -> str:
    activity.logger.info("Running activity with parameter %s" % input)
    return f"{input.greeting}, {input.name}!"


@workflow.defn
class JustActivity:
    @workflow.run
    async def run(self, name: str) -> str:
        workflow.logger.info("Running just activity workflow with parameter %s" % name)
        return await workflow.execute_activity(
            compose_greeting, ComposeGreetingInput("Hello", name),
            start_to_close_timeout=timedelta(seconds=10))


@workflow.defn
class JustTimer:
    @workflow.run
    async def run(self, name: str) -> str:
        workflow.logger.info("Running just timer workflow with parameter %s" % name)
        await asyncio.sleep(0.1)
        return "Slept"


@workflow.defn
class TimerThenActivity:
    @workflow.run
    async def run(self, name: str) -> str:
        workflow.logger.info("Running timer then activity workflow with parameter %s" % name)
        await asyncio.sleep(0.1)
        return await workflow.execute_activity(
            compose_greeting, ComposeGreetingInput("Hello", name),
            start_to_close_timeout=timedelta(seconds=10))


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE,
                   workflows=[JustActivity, JustTimer, TimerThenActivity],
                   activities=[compose_greeting])]
