"""batch_sliding_window: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop batch_sliding_window` (interop/python_client.py)."""

import argparse

from temporalio.client import WorkflowFailureError
from temporalio.exceptions import ApplicationError

from interop.common import Mismatch, check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow class; its starter's input (page 5, window 10, three
    # partitions), plus the Rust input's optional `max_processing_ms` so that each record takes
    # at most half a second instead of up to ten (the demo worker has 30 records).
    from samples.batch_sliding_window.interop.worker import ProcessBatchWorkflow
    client = await connect()
    handle = await client.start_workflow(
        ProcessBatchWorkflow.run,
        {"page_size": 5, "sliding_window_size": 10, "partitions": 3, "max_processing_ms": 500},
        id=unique("batch_sliding_window_example"), task_queue="batch_sliding_window_task_queue",
    )
    result = await handle.result()
    check(result == 30, "the Rust windows processed every record of the demo worker", result)
    state = await client.get_workflow_handle(f"{handle.id}/0").query("state")
    check(state["current_records"] == [] and state["progress"] == 10,
          "window /0 answers Python's state query: nothing in flight, its ten records done",
          state)
    try:
        await client.execute_workflow(
            ProcessBatchWorkflow.run,
            {"page_size": 5, "sliding_window_size": 2, "partitions": 3},
            id=unique("batch_sliding_window_example"), task_queue="batch_sliding_window_task_queue",
        )
        raise Mismatch("a window smaller than the partitions should fail the batch")
    except WorkflowFailureError as err:
        check(isinstance(err.cause, ApplicationError) and err.cause.non_retryable
              and "SlidingWindowSize cannot be less than number of partitions" in err.cause.message,
              "Python's check fails the batch before any work, with Python's message", err.cause)
