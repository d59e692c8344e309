"""custom_converter: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop custom_converter` (interop/python_client.py)."""

import argparse

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own types and converter (the worker module holds its shared.py).
    from samples.custom_converter.interop.worker import (
        GreetingInput, GreetingOutput, GreetingWorkflow, greeting_data_converter,
    )
    client = await connect(data_converter=greeting_data_converter)
    handle = await client.start_workflow(
        GreetingWorkflow.run, GreetingInput("Temporal"), id=unique("custom_converter-workflow-id"),
        task_queue="custom_converter-task-queue",
    )
    result = await handle.result()
    check(isinstance(result, GreetingOutput) and result.result == "Hello, Temporal",
          "the Rust worker read the custom encoding and answered in it", vars(result))
    started = None
    async for event in handle.fetch_history_events():
        if event.HasField("workflow_execution_completed_event_attributes"):
            started = event.workflow_execution_completed_event_attributes.result.payloads[0]
    check(started is not None and started.metadata.get("encoding") == b"text/my-greeting-encoding"
          and started.data == b"Hello, Temporal",
          "the result payload is the bare text in text/my-greeting-encoding", started)
