"""The Python half of polyglot, direction one: an activity-only Python worker, as the Python
sample's activity_worker.py runs it, serving `say-hello-activity` to the Rust workflow.

    python3 -m pip install temporalio
    python3 samples/polyglot/python/activity_worker.py [--task-queue say-hello-task-queue]

The address comes from TEMPORAL_ADDRESS (default localhost:7233).
"""

import argparse
import asyncio
import os
import signal
import socket

from temporalio import activity
from temporalio.client import Client
from temporalio.worker import Worker

activity_name = "say-hello-activity"


@activity.defn(name=activity_name)
async def say_hello_activity(name: str) -> str:
    return f"Hello, {name}!"


async def main(task_queue: str) -> None:
    client = await Client.connect(os.environ.get("TEMPORAL_ADDRESS", "localhost:7233"))
    # The identity says who ran the activity; history records it on ActivityTaskStarted.
    identity = f"python-activity-worker-{os.getpid()}@{socket.gethostname()}"
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    # Activities only: no workflows registered, so this worker polls only for activity tasks.
    async with Worker(client, task_queue=task_queue, activities=[say_hello_activity],
                      identity=identity):
        print(f"Worker ready: Python activity worker polling {task_queue}", flush=True)
        await stop.wait()
    print("Python activity worker stopped.", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task-queue", default="say-hello-task-queue")
    asyncio.run(main(parser.parse_args().task_queue))
    # The Python SDK can abort while the interpreter finalizes; everything is done by now.
    os._exit(0)
