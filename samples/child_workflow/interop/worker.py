"""hello_child_workflow: a parent that composes its greeting in a child workflow."""

from dataclasses import dataclass

from temporalio import workflow

from interop.common import worker

TASK_QUEUE = "hello-child-workflow-task-queue"

STARTERS = [["starter"]]
EXPECT = ["Result: Hello, World!"]


@dataclass
class ComposeGreetingInput:
    greeting: str
    name: str


@workflow.defn
class ComposeGreetingWorkflow:
    @workflow.run
    async def run(self, input: ComposeGreetingInput) -> str:
        return f"{input.greeting}, {input.name}!"


@workflow.defn
class GreetingWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        return await workflow.execute_child_workflow(
            ComposeGreetingWorkflow.run, ComposeGreetingInput("Hello", name),
            id="hello-child-workflow-workflow-child-id")


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE,
                   workflows=[GreetingWorkflow, ComposeGreetingWorkflow])]
