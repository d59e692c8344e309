"""encryption: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop encryption` (interop/python_client.py)."""

import argparse
from pathlib import Path

from interop.common import check, connect, unique


async def run(args: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.encryption.interop.worker import GreetingWorkflow
    from temporalio.converter import DataConverter

    from samples.encryption.interop.codec import EncryptionCodec, load_ring

    key_id, ring = load_ring(Path(args.scratch) / "keys.json")
    client = await connect(data_converter=DataConverter(payload_codec=EncryptionCodec(key_id, ring)))
    workflow_id = unique("encryption-workflow")
    result = await client.execute_workflow(
        GreetingWorkflow.run, "Temporal", id=workflow_id, task_queue="encryption-task-queue",
    )
    check(result == "Hello, Temporal", "the Rust worker decrypted Python's input and encrypted "
          "its result for Python", result)
    plain_client = await connect()
    history = await plain_client.get_workflow_handle(workflow_id).fetch_history()
    started = history.events[0].workflow_execution_started_event_attributes
    check(started.input.payloads[0].metadata["encoding"] == b"binary/encrypted",
          "the server only ever saw ciphertext", started.input.payloads[0].metadata)
