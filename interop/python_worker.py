"""Serve one Rust sample's starter from a Python SDK worker, written as the Python sample's worker is.

The other direction of `python_client.py`: a team adopting Rust next to existing Python workers
first points a Rust starter at a Python worker. For one sample, this script runs a worker with the
Python sample's definitions (same workflow, signal, query, update and activity names, same
dataclasses and type hints, same task queue, converters and codec), each written in
`samples/<sample>/interop/worker.py`. The Python SDK converts every input by its type hints, so a Rust
starter that sends a shape the Python sample does not expect fails here.

Each `worker.py` defines `workers(client, args)` (the `Worker`s the Python sample runs), `STARTERS`
(the Rust starter invocations to drive them, no flags unless the Python starter takes some; an
argument list, or `{"args": [...], "expect_failure": True}` for a run that must fail) and `EXPECT`
(lines the starters' output must hold). Names, dataclasses, type hints and task queues are those
of the public temporalio/samples-python definitions.

`cargo xtask interop` starts this worker, runs the module's `STARTERS` with the Rust sample's
binary and checks that each exits 0 and that their output holds every line of `EXPECT`. By hand:

    python3 -m pip install temporalio cryptography
    TEMPORAL_ADDRESS=localhost:7233 python3 interop/python_worker.py message_passing
    cargo run -p message_passing starter          # in another terminal
"""

import argparse
import asyncio
import importlib
import inspect
import json
import os
import signal
import sys
from contextlib import AsyncExitStack
from pathlib import Path

from temporalio.client import Client

# The repository root, so that `samples.<sample>.interop` and `interop.common` import.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The line the Rust workers print once they poll; `cargo xtask` waits for it.
READY = "Worker ready"


def modules() -> list:
    return sorted(p.parent.parent.name for p in ROOT.glob("samples/*/interop/worker.py"))


async def serve(sample: str, args: argparse.Namespace) -> None:
    module = importlib.import_module(f"samples.{sample}.interop.worker")
    connect_options = module.connect_options(args) if hasattr(module, "connect_options") else {}
    if inspect.isawaitable(connect_options):  # e.g. one that opens an async S3 client first
        connect_options = await connect_options
    target = connect_options.pop("target_host", os.environ.get("TEMPORAL_ADDRESS", "localhost:7233"))
    client = await Client.connect(target, **connect_options)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with AsyncExitStack() as stack:
        queues = []
        for worker in module.workers(client, args):
            await stack.enter_async_context(worker)
            queues.append(worker.task_queue)
        print(f"{READY}: Python {sample} worker polling {', '.join(queues)}", flush=True)
        await stop.wait()
        print("Shutting down", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sample", nargs="?", help="the sample whose Python worker to run")
    parser.add_argument("--list", action="store_true",
                        help="print, as JSON, each sample's Rust starter runs and expected output")
    parser.add_argument("--scratch", help="the demo's {scratch} directory (keys, certificates)")
    parser.add_argument("--port", help="the demo's {port}: a free port, also a unique suffix")
    args = parser.parse_args()
    if args.list:
        plan = {}
        for name in modules():
            module = importlib.import_module(f"samples.{name}.interop.worker")
            starters = [run if isinstance(run, dict) else {"args": run} for run in module.STARTERS]
            plan[name] = {"starters": starters, "expect": module.EXPECT}
        print(json.dumps(plan))
        return 0
    if args.sample not in modules():
        print(f"no Python worker for {args.sample!r}; written: {', '.join(modules())}",
              file=sys.stderr)
        return 2
    asyncio.run(serve(args.sample, args))
    return 0


if __name__ == "__main__":
    code = main()
    # As in python_client.py: skip interpreter finalization, where the SDK's native runtime can
    # abort after the worker has shut down cleanly.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
