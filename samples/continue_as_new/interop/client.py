"""continue_as_new: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop continue_as_new` (interop/python_client.py)."""

import argparse

from temporalio import workflow

from interop.common import check, connect, unique


@workflow.defn(name="LoopingWorkflow")
class LoopingWorkflow:
    """The Python sample's workflow signature, so the client applies its type hints."""

    @workflow.run
    async def run(self, iteration: int) -> None: ...


async def run(_: argparse.Namespace) -> None:
    client = await connect()
    # A bare iteration number, as Python's LoopingWorkflow.run(iteration) takes; starting at 7
    # leaves three one-second iterations to run.
    workflow_id = unique("hello-continue-as-new")
    result = await client.execute_workflow(
        LoopingWorkflow.run, 7, id=workflow_id, task_queue="hello-continue-as-new-task-queue",
    )
    check(result is None, "the last run returns None, as Python's does", result)
    runs = [e async for e in client.list_workflows(f"WorkflowId = '{workflow_id}'")]
    check(len(runs) == 4, "one run per iteration 7..10 (continued as new)", len(runs))
