"""patching: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop patching` (interop/python_client.py)."""

import argparse

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.patching.interop.worker import MyWorkflow
    # The Python starter's --start-workflow and --query-workflow, against the patched stage.
    client = await connect()
    handle = await client.start_workflow(
        MyWorkflow.run, id=unique("patched-workflow-id"), task_queue="patching-task-queue",
    )
    result = await handle.result()
    check(result is None, "MyWorkflow returns None, as in Python", result)
    answer = await handle.query("result", result_type=str)
    check(answer == "post-patch", "a new execution takes the patched path", answer)
