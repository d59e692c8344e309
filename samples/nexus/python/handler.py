"""The handler side of the nexus sample, in Python: the Rust SDK 1.1 cannot serve Nexus operations
(its worker never polls for Nexus tasks), so this Python SDK worker does. It serves the Python
samples' two services — hello_nexus's MyNexusService (a synchronous operation and a workflow-run
operation) and nexus_cancel's NexusService (a workflow-run `hello` per language) — on one task
queue, which the endpoints created by `cargo run -p nexus setup` target.

    python3 -m pip install temporalio
    python3 samples/nexus/python/handler.py [--task-queue my-handler-task-queue]

The address comes from TEMPORAL_ADDRESS (default localhost:7233), the namespace from
TEMPORAL_NAMESPACE (default `default`).
"""

import argparse
import asyncio
import os
import signal
from dataclasses import dataclass
from datetime import timedelta
from enum import IntEnum

import nexusrpc
from temporalio import nexus, workflow
from temporalio.client import Client
from temporalio.worker import Worker


@dataclass
class MyInput:
    name: str


@dataclass
class MyOutput:
    message: str


@nexusrpc.service
class MyNexusService:
    my_sync_operation: nexusrpc.Operation[MyInput, MyOutput]
    my_workflow_run_operation: nexusrpc.Operation[MyInput, MyOutput]


class Language(IntEnum):
    EN = 0
    FR = 1
    DE = 2
    ES = 3
    TR = 4


@dataclass
class HelloInput:
    name: str
    language: Language


@dataclass
class HelloOutput:
    message: str


@nexusrpc.service
class NexusService:
    hello: nexusrpc.Operation[HelloInput, HelloOutput]


@workflow.defn
class WorkflowStartedByNexusOperation:
    @workflow.run
    async def run(self, input: MyInput) -> MyOutput:
        return MyOutput(message=f"Hello {input.name} from workflow run operation!")


GREETINGS = {Language.EN: "Hello {name} 👋", Language.FR: "Bonjour {name} 👋",
             Language.DE: "Hallo {name} 👋", Language.ES: "¡Hola! {name} 👋",
             Language.TR: "Merhaba {name} 👋"}


@workflow.defn
class HelloHandlerWorkflow:
    @workflow.run
    async def run(self, input: HelloInput) -> HelloOutput:
        # English answers first, the others later: the caller keeps the first and cancels the
        # rest. (The Python sample draws the delays at random; fixed ones make the run checkable.)
        await asyncio.sleep(0.5 + 3 * int(input.language))
        return HelloOutput(message=GREETINGS[input.language].format(name=input.name))


@nexusrpc.handler.service_handler(service=MyNexusService)
class MyNexusServiceHandler:
    @nexus.workflow_run_operation
    async def my_workflow_run_operation(
        self, ctx: nexus.WorkflowRunOperationContext, input: MyInput
    ) -> nexus.WorkflowHandle[MyOutput]:
        return await ctx.start_workflow(
            WorkflowStartedByNexusOperation.run, input, id=f"hello-nexus-workflow-{input.name}")

    @nexusrpc.handler.sync_operation
    async def my_sync_operation(
        self, ctx: nexusrpc.handler.StartOperationContext, input: MyInput
    ) -> MyOutput:
        if not input.name:
            # A handler failure the caller sees with its cause; not retried (bad input).
            raise nexusrpc.OperationError("a name is required", state=nexusrpc.OperationErrorState.FAILED)
        return MyOutput(message=f"Hello {input.name} from sync operation!")


@nexusrpc.handler.service_handler(service=NexusService)
class NexusServiceHandler:
    @nexus.workflow_run_operation
    async def hello(
        self, ctx: nexus.WorkflowRunOperationContext, input: HelloInput
    ) -> nexus.WorkflowHandle[HelloOutput]:
        return await ctx.start_workflow(
            HelloHandlerWorkflow.run, input,
            id=f"hello-handler-{input.name}-{input.language.name}",
            execution_timeout=timedelta(minutes=1))


async def main(task_queue: str) -> None:
    client = await Client.connect(os.environ.get("TEMPORAL_ADDRESS", "localhost:7233"),
                                  namespace=os.environ.get("TEMPORAL_NAMESPACE", "default"))
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    async with Worker(client, task_queue=task_queue,
                      workflows=[WorkflowStartedByNexusOperation, HelloHandlerWorkflow],
                      nexus_service_handlers=[MyNexusServiceHandler(), NexusServiceHandler()]):
        print(f"Worker ready: Python Nexus handler polling {task_queue}", flush=True)
        await stop.wait()
    print("Python Nexus handler stopped.", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task-queue", default="my-handler-task-queue")
    asyncio.run(main(parser.parse_args().task_queue))
    os._exit(0)
