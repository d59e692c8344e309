"""hello_continue_as_new: a one-second loop that continues as new until iteration 10."""

import asyncio

from temporalio import workflow

from interop.common import worker

TASK_QUEUE = "hello-continue-as-new-task-queue"

# The bare `0` Python's starter sends; Python's workflow returns None and carries no total.
STARTERS = [["starter"]]
EXPECT = ["Final run: iteration 10 (the worker carried no running total)"]


@workflow.defn
class LoopingWorkflow:
    @workflow.run
    async def run(self, iteration: int) -> None:
        if iteration == 10:
            return
        await asyncio.sleep(1)  # a durable timer inside a workflow
        workflow.continue_as_new(iteration + 1)


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[LoopingWorkflow])]
