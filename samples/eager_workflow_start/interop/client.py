"""eager_workflow_start: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop eager_workflow_start` (interop/python_client.py)."""

import argparse

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.eager_workflow_start.interop.worker import EagerWorkflow
    # run.py's start with request_eager_start=True. This process runs no worker, so the SDK
    # cannot take the first task eagerly; the Rust worker polls it, and the history says so.
    client = await connect()
    handle = await client.start_workflow(
        EagerWorkflow.run, "Temporal", id=unique("eager-workflow-id"),
        task_queue="eager-wf-start-task-queue", request_eager_start=True,
    )
    result = await handle.result()
    check(result == "Hello Temporal!", "the Rust worker greets through its local activity", result)
    started = None
    async for event in handle.fetch_history_events():
        if event.HasField("workflow_execution_started_event_attributes"):
            started = event.workflow_execution_started_event_attributes
            break
    check(started is not None and not started.eager_execution_accepted,
          "no worker in this process, so the start fell back to a poll", started)
