"""entity: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop entity` (interop/python_client.py)."""

import argparse

from interop.common import Mismatch, check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The catalogue's definitions (the Python worker's module), so every call and result goes
    # through Python's type hints: a result the dataclasses do not fit fails here.
    from samples.entity.interop.worker import (
        AddPointInput, CustomerRewardAccount, CustomerRewardAccountInput,
        CustomerRewardAccountStatus, CustomerRewardLevel, TASK_QUEUE,
    )
    from temporalio.client import WorkflowUpdateFailedError

    client = await connect()
    user_id = unique("user")
    handle = await client.start_workflow(
        CustomerRewardAccount.run,
        CustomerRewardAccountInput(user_id, 0, CustomerRewardLevel.BASIC),
        id=f"reward-account-{user_id}", task_queue=TASK_QUEUE,
    )
    status = await handle.execute_update(CustomerRewardAccount.add_points, AddPointInput(600))
    check(status == CustomerRewardAccountStatus(CustomerRewardLevel.GOLD, 600, True),
          "add_points answers a typed status: GOLD at 600", status)
    status = await handle.execute_update(CustomerRewardAccount.add_points, AddPointInput(-700))
    check(status.points == 0 and status.level is CustomerRewardLevel.BASIC,
          "taking away more than the balance stops at 0, BASIC", status)
    try:
        await handle.execute_update("add_points", {"points": "lots"})
        raise Mismatch("a non-integer number of points was accepted")
    except WorkflowUpdateFailedError as err:
        check(True, "a non-integer number of points is rejected", repr(err.cause))
    status = await handle.query(CustomerRewardAccount.query_reward_status)
    check(status == CustomerRewardAccountStatus(CustomerRewardLevel.BASIC, 0, True),
          "query_reward_status is unchanged by the rejected update", status)
    await handle.execute_update(CustomerRewardAccount.add_points, AddPointInput(1200))
    status = await handle.execute_update(CustomerRewardAccount.cancel)
    check(not status.is_active, "cancel answers an inactive status", status)
    result = await handle.result()
    check(result == CustomerRewardAccountStatus(CustomerRewardLevel.PLATINUM, 1200, False),
          "the workflow returns the final status, typed", result)
