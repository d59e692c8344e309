"""replay: a Python SDK client runs the three workflows on the Rust worker as the Python sample's
starter does, then replays the histories the Rust worker made with the Python sample's Replayer
and the Python workflow definitions: one history, two SDKs' code.
Run by `cargo xtask interop replay` (interop/python_client.py)."""

import argparse
import asyncio

from temporalio.worker import Replayer

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definitions, so their type hints apply to the results.
    from samples.replay.interop.worker import (
        TASK_QUEUE, JustActivity, JustTimer, TimerThenActivity)
    client = await connect()
    workflow_id = unique("replayer-workflow-id")
    for workflow, expected in [(JustActivity, "Hello, replayer!"), (JustTimer, "Slept"),
                               (TimerThenActivity, "Hello, replayer!")]:
        result = await client.execute_workflow(
            workflow.run, "replayer", id=workflow_id, task_queue=TASK_QUEUE)
        check(result == expected, f"{workflow.__name__} returns {expected!r}", result)

    query = f'WorkflowId="{workflow_id}"'
    for _ in range(100):  # visibility is eventually consistent
        if (await client.count_workflows(query)).count >= 3:
            break
        await asyncio.sleep(0.1)
    histories = client.list_workflows(query).map_histories()
    replayer = Replayer(workflows=[JustActivity, JustTimer, TimerThenActivity])
    results = await replayer.replay_workflows(histories, raise_on_replay_failure=False)
    check(results.replay_failures == {},
          "the Python workflows replay the Rust worker's histories", results.replay_failures)
