"""The benchmark's greeting workload served by a Python SDK worker.

`cargo xtask bench` starts this beside the Rust workers and sends it the same load: workflow
`BenchGreetingWorkflow` (one activity, `bench_greet`, with a 10 s start-to-close timeout) on the
task queue it is given. It prints the same ready line as the Rust workers, then serves until
it is killed. Needs the Python SDK (`python3 -m pip install temporalio`).
"""

import argparse
import asyncio
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.worker import Worker


@activity.defn(name="bench_greet")
async def greet(name: str) -> str:
    return f"Hello, {name}!"


@workflow.defn(name="BenchGreetingWorkflow")
class BenchGreetingWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        return await workflow.execute_activity(
            greet, name, start_to_close_timeout=timedelta(seconds=10)
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--address", required=True)
    parser.add_argument("--task-queue", required=True)
    args = parser.parse_args()
    client = await Client.connect(args.address)
    async with Worker(
        client,
        task_queue=args.task_queue,
        workflows=[BenchGreetingWorkflow],
        activities=[greet],
    ):
        print(f"Worker ready: Python SDK worker on {args.task_queue}", flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
