"""The one setting every interop worker shares, beyond what the Python samples' workers set."""

from temporalio.client import Client
from temporalio.worker import Worker


def worker(client: Client, **options) -> Worker:
    # Any exception fails the workflow instead of failing (and retrying) the workflow task, so a
    # Rust starter that sends a shape the Python type hints reject sees the converter's error at
    # once, rather than a workflow that retries its task until the check times out.
    options.setdefault("workflow_failure_exception_types", [Exception])
    return Worker(client, **options)
