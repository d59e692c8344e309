"""nexus: the Python samples' caller workflows (hello_nexus's CallerWorkflow, nexus_cancel's
HelloCallerWorkflow), for the Rust starter. The handler is the sample's Python handler (a demo
service); the Rust `setup` step creates the endpoints."""

import asyncio
from datetime import timedelta

from temporalio import workflow
from temporalio.exceptions import CancelledError, NexusOperationError

with workflow.unsafe.imports_passed_through():
    from samples.nexus.python.handler import (
        HelloInput, Language, MyInput, MyNexusService, MyOutput, NexusService)

from interop.common import worker

TASK_QUEUE = "hello-nexus-basic-caller-task-queue"

STARTERS = [["setup"], ["starter"], ["cancel-starter"]]
EXPECT = [
    "Hello world from sync operation!",
    "Hello world from workflow run operation!",
    "First greeting: Hello Nexus 👋",
]


@workflow.defn
class CallerWorkflow:
    @workflow.run
    async def run(self, name: str) -> tuple[MyOutput, MyOutput]:
        nexus = workflow.create_nexus_client(
            service=MyNexusService, endpoint="hello-nexus-basic-nexus-endpoint")
        first = await nexus.execute_operation(MyNexusService.my_sync_operation, MyInput(name))
        second = await nexus.start_operation(MyNexusService.my_workflow_run_operation, MyInput(name))
        return first, await second


@workflow.defn
class HelloCallerWorkflow:
    @workflow.run
    async def run(self, message: str) -> str:
        nexus = workflow.create_nexus_client(service=NexusService, endpoint="nexus-cancel-endpoint")

        async def hello(language: Language):
            handle = await nexus.start_operation(
                NexusService.hello, HelloInput(name=message, language=language),
                schedule_to_close_timeout=timedelta(seconds=10),
                cancellation_type=workflow.NexusOperationCancellationType.WAIT_REQUESTED)
            return await handle

        tasks = [asyncio.create_task(hello(language)) for language in Language]
        done, pending = await workflow.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        result = await done.pop()
        for task in pending:
            task.cancel()
        for task in pending:
            try:
                await task
            except (NexusOperationError, CancelledError):
                pass
        return result.message


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[CallerWorkflow, HelloCallerWorkflow])]
