"""The benchmark's greeting workload served by a Python SDK worker.

`cargo xtask bench` starts this beside the Rust workers and sends it the same load: workflow
`BenchGreetingWorkflow` (one activity, `bench_greet`, with a 10 s start-to-close timeout) on the
task queue it is given. It prints the same ready line as the Rust workers, then serves until
it is killed. Needs the Python SDK (`python3 -m pip install temporalio`).

`BENCH_WORKER_VARIANT=no-gzip` turns off the gRPC compression the SDK applies by default (as the
Rust and TypeScript workers do for the same setting), so the workers compare at equal settings.
"""

import argparse
import asyncio
import os
import sys
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
    variant = os.environ.get("BENCH_WORKER_VARIANT", "default")
    if variant == "default":
        client = await Client.connect(args.address)
    elif variant == "no-gzip":
        from temporalio.service import GrpcCompression

        client = await Client.connect(
            args.address, grpc_compression=GrpcCompression.NONE
        )
    else:
        sys.exit(f"error: unknown BENCH_WORKER_VARIANT `{variant}` (default or no-gzip)")
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
