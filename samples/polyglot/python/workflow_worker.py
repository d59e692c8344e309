"""The Python half of polyglot, direction two: a workflow-only Python worker whose
`say-hello-workflow` calls `say-hello-activity`, served by the Rust activity-only worker.

    python3 -m pip install temporalio
    python3 samples/polyglot/python/workflow_worker.py [--task-queue say-hello-python-workflow-task-queue]

The address comes from TEMPORAL_ADDRESS (default localhost:7233).
"""

import argparse
import asyncio
import os
import signal
import socket
from datetime import timedelta

from temporalio import workflow
from temporalio.client import Client
from temporalio.common import RetryPolicy
from temporalio.worker import Worker


@workflow.defn(name="say-hello-workflow")
class SayHelloWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        # By name: the activity is not Python code here. As the Go workflow of the Python sample:
        # five seconds to schedule and run, no retries.
        return await workflow.execute_activity(
            "say-hello-activity", name, result_type=str,
            schedule_to_close_timeout=timedelta(seconds=5),
            retry_policy=RetryPolicy(maximum_attempts=1))


async def main(task_queue: str) -> None:
    client = await Client.connect(os.environ.get("TEMPORAL_ADDRESS", "localhost:7233"))
    identity = f"python-workflow-worker-{os.getpid()}@{socket.gethostname()}"
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    # Workflows only: no activities registered, so this worker never takes an activity task.
    async with Worker(client, task_queue=task_queue, workflows=[SayHelloWorkflow],
                      identity=identity):
        print(f"Worker ready: Python workflow worker polling {task_queue}", flush=True)
        await stop.wait()
    print("Python workflow worker stopped.", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task-queue", default="say-hello-python-workflow-task-queue")
    asyncio.run(main(parser.parse_args().task_queue))
    os._exit(0)
