"""waiting_for_handlers: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop waiting_for_handlers` (interop/python_client.py)."""

import argparse

from temporalio import workflow

from interop.common import Mismatch, check, connect, failure_of, unique


async def run(_: argparse.Namespace) -> None:
    # Both Python samples' starters (waiting_for_handlers and …_and_compensation), typed as they
    # are: WorkflowInput(exit_type: IntEnum) in, WorkflowResult(data) out.
    from dataclasses import dataclass
    from enum import IntEnum

    from temporalio import common
    from temporalio.client import WorkflowUpdateFailedError, WorkflowUpdateStage

    class WorkflowExitType(IntEnum):
        SUCCESS = 0
        FAILURE = 1
        CANCELLATION = 2

    @dataclass
    class WorkflowInput:
        exit_type: WorkflowExitType

    @dataclass
    class WorkflowResult:
        data: str

    client = await connect()
    for workflow, compensates in [
        ("WaitingForHandlersWorkflow", False),
        ("WaitingForHandlersAndCompensationWorkflow", True),
    ]:
        for exit_type in WorkflowExitType:
            handle = await client.start_workflow(
                workflow, WorkflowInput(exit_type=exit_type), id=unique("my-workflow-id"),
                task_queue="my-task-queue", result_type=WorkflowResult,
                id_conflict_policy=common.WorkflowIDConflictPolicy.TERMINATE_EXISTING,
            )
            update = await handle.start_update(
                "my_update", wait_for_stage=WorkflowUpdateStage.ACCEPTED, result_type=str,
            )
            if exit_type == WorkflowExitType.CANCELLATION:
                await handle.cancel()
            what = f"{workflow} {exit_type.name}"
            if compensates and exit_type != WorkflowExitType.SUCCESS:
                try:
                    await update.result()
                    raise Mismatch(f"{what}: the update should have failed")
                except WorkflowUpdateFailedError as err:
                    check("workflow run exited" in str(err.cause),
                          f"{what}: the update fails because the workflow exited", str(err.cause))
                check(await handle.query("update_compensation_done", result_type=bool),
                      f"{what}: the update compensated", False)
            else:
                check(await update.result() == "update-result",
                      f"{what}: the update caller gets its result", None)
            if exit_type == WorkflowExitType.SUCCESS:
                result = await handle.result()
                check(result == WorkflowResult(data="workflow-result"),
                      f"{what}: the workflow result, typed", result)
            else:
                await failure_of(handle.result())
                print(f"  ok: {what}: the workflow caller gets the failure")
