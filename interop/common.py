"""What every sample's interop check shares: the client side's checks and the worker setting.

Each sample's Python side lives beside it, in `samples/<sample>/interop/`: `worker.py`, the Python
sample's workflows, activities and worker, and `client.py`, a Python client that drives the Rust
worker. `python_client.py` and `python_worker.py` in this folder run them.
"""

import os
import uuid
from typing import Awaitable

from temporalio.client import Client, WorkflowFailureError
from temporalio.worker import Worker


class Mismatch(Exception):
    """What the Python side got differs from what the Python sample expects."""


def check(condition: bool, what: str, got: object) -> None:
    if not condition:
        raise Mismatch(f"{what}; got {got!r}")
    print(f"  ok: {what}")


def unique(prefix: str) -> str:
    return f"{prefix}-py-{uuid.uuid4().hex[:8]}"


async def connect(**kwargs) -> Client:
    return await Client.connect(os.environ.get("TEMPORAL_ADDRESS", "localhost:7233"), **kwargs)


async def failure_of(coro: Awaitable[object]) -> WorkflowFailureError:
    try:
        result = await coro
    except WorkflowFailureError as err:
        return err
    raise Mismatch(f"the workflow should have failed; it returned {result!r}")


def worker(client: Client, **options) -> Worker:
    # Any exception fails the workflow instead of failing (and retrying) the workflow task, so a
    # Rust starter that sends a shape the Python type hints reject sees the converter's error at
    # once, rather than a workflow that retries its task until the check times out.
    options.setdefault("workflow_failure_exception_types", [Exception])
    return Worker(client, **options)
