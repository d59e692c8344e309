"""worker_specific_task_queues: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop worker_specific_task_queues` (interop/python_client.py)."""

import argparse
import asyncio

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.worker_specific_task_queues.interop.worker import FileProcessing
    # The Python starter: ten workflows on the distribution queue, 0.1 s apart, then gather.
    client = await connect()
    handles = []
    for idx in range(10):
        handles.append(await client.start_workflow(
            FileProcessing.run, id=unique(f"worker_specific_task_queue-workflow-id-{idx}"),
            task_queue="worker_specific_task_queue-distribution-queue",
        ))
        await asyncio.sleep(0.1)
    checksums = await asyncio.gather(*(h.result() for h in handles))
    expected = "49d7419e6cba3575b3158f62d053f922aa08b23c64f05411cda3213b56c84ba4"
    check(checksums == [expected] * 10, "ten checksums of the downloaded body", checksums)
    queues = set()
    async for event in handles[0].fetch_history_events():
        if event.HasField("activity_task_scheduled_event_attributes"):
            attrs = event.activity_task_scheduled_event_attributes
            if attrs.activity_type.name != "get_available_task_queue":
                queues.add(attrs.task_queue.name)
    check(len(queues) == 1 and next(iter(queues)).startswith("worker_specific_task_queue-host-"),
          "the three file steps went to one worker's own queue", queues)
