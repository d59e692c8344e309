"""encryption: the "Workflow" greeting behind the AES-256-GCM codec."""

import dataclasses
from pathlib import Path

import temporalio.converter
from temporalio import workflow

from samples.encryption.interop.codec import EncryptionCodec, load_ring
from interop.common import worker

TASK_QUEUE = "encryption-task-queue"

# The key file the demo's setup step writes (`generate-key`), shared by both sides.
STARTERS = [["starter", "--key-file", "{scratch}/keys.json"],
            ["show-history", "--workflow-id", "encryption-workflow-id"]]
EXPECT = ["Result (decrypted here, by the client): Hello, Temporal", "binary/encrypted"]


@workflow.defn(name="Workflow")
class GreetingWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        return f"Hello, {name}"


def connect_options(args):
    key_id, ring = load_ring(Path(args.scratch) / "keys.json")
    return {"data_converter": dataclasses.replace(
        temporalio.converter.default(), payload_codec=EncryptionCodec(key_id, ring))}


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[GreetingWorkflow])]
