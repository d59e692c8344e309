"""resource_pool: a Python SDK client runs the Python sample's starter against the Rust worker: the
pool with two resources, four users (one continues as new, one fails), then the holders query.
Run by `cargo xtask interop resource_pool` (interop/python_client.py)."""

import argparse

from temporalio.client import WorkflowFailureError
from temporalio.common import WorkflowIDConflictPolicy

from interop.common import check, connect


async def run(_: argparse.Namespace) -> None:
    from samples.resource_pool.interop.worker import (
        RESOURCE_POOL_WORKFLOW_ID, TASK_QUEUE, ResourcePoolWorkflow, ResourcePoolWorkflowInput,
        ResourceUserWorkflow, ResourceUserWorkflowInput)
    client = await connect()
    pool = await client.start_workflow(
        ResourcePoolWorkflow.run,
        ResourcePoolWorkflowInput(resources={"resource_a": None, "resource_b": None}, waiters=[]),
        id=RESOURCE_POOL_WORKFLOW_ID, task_queue=TASK_QUEUE,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING)
    handles = []
    for i in range(4):
        user = ResourceUserWorkflowInput(RESOURCE_POOL_WORKFLOW_ID, None, False)
        if i == 0:
            user.should_continue_as_new = True
        if i == 1:
            user.iteration_to_fail_after = "first"
        handles.append(await client.start_workflow(
            ResourceUserWorkflow.run, user, id=f"resource-user-workflow-{i}", task_queue=TASK_QUEUE))
    outcomes = []
    for handle in handles:
        try:
            outcomes.append(await handle.result())
        except WorkflowFailureError as err:
            outcomes.append(type(err.cause).__name__)
    check(outcomes == [None, "ApplicationError", None, None],
          "users 0, 2, 3 return None; user 1 fails", outcomes)
    for _ in range(50):
        holders = await pool.query(ResourcePoolWorkflow.get_current_holders)
        if all(h is None for h in holders.values()):
            break
    check(holders == {"resource_a": None, "resource_b": None},
          "get_current_holders: every resource back in the pool", holders)
    await pool.terminate()
