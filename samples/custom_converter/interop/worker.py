"""custom_converter: GreetingInput/GreetingOutput in their own text/my-greeting-encoding."""

from temporalio import workflow

from interop.common import worker

with workflow.unsafe.imports_passed_through():
    from samples.custom_converter.interop.converter import (
        GreetingInput,
        GreetingOutput,
        greeting_data_converter,
    )

TASK_QUEUE = "custom_converter-task-queue"

STARTERS = [["starter", "--workflow-id", "custom_converter-workflow-id-{port}"]]
EXPECT = [
    "Workflow result: Hello, Temporal",
    'Recorded input: metadata {encoding=text/my-greeting-encoding, is_input=true}, data "Temporal"',
    'Recorded result: metadata {encoding=text/my-greeting-encoding}, data "Hello, Temporal"',
]


@workflow.defn
class GreetingWorkflow:
    @workflow.run
    async def run(self, input: GreetingInput) -> GreetingOutput:
        return GreetingOutput(f"Hello, {input.name}")


def connect_options(_args):
    # Without it the worker fails every workflow task: Unknown payload encoding.
    return {"data_converter": greeting_data_converter}


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[GreetingWorkflow])]
