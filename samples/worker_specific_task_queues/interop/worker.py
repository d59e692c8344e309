"""worker_specific_task_queues: FileProcessing, its file steps on one host's own queue."""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta
from hashlib import sha256
from pathlib import Path

from temporalio import activity, workflow
from temporalio.common import RetryPolicy

from interop.common import worker

TASK_QUEUE = "worker_specific_task_queue-distribution-queue"

STARTERS = [["starter"]]
EXPECT = [
    "Output checksums:",
    "49d7419e6cba3575b3158f62d053f922aa08b23c64f05411cda3213b56c84ba4",
    "worker_specific_task_queue-workflow-id-9: 3 file steps on worker_specific_task_queue-host-",
]

# Python's sample waits 3 s per step; a fifth of a second keeps the check short.
DELAY_SECS = 0.2
ROOT = Path("/tmp")


@dataclass
class DownloadObj:
    url: str
    unique_worker_id: str
    workflow_uuid: str


@activity.defn
async def get_available_task_queue() -> str:
    """Just a stub for typed workflow invocation."""
    raise NotImplementedError


@activity.defn
async def download_file_to_worker_filesystem(details: DownloadObj) -> str:
    directory = ROOT / "demo_fs" / details.unique_worker_id
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / details.workflow_uuid
    await asyncio.sleep(DELAY_SECS)
    path.write_text("downloaded body")
    return str(path)


@activity.defn
async def work_on_file_in_worker_filesystem(path: str) -> str:
    checksum = sha256(Path(path).read_bytes()).hexdigest()
    await asyncio.sleep(DELAY_SECS)
    return checksum


@activity.defn
async def clean_up_file_from_worker_filesystem(path: str) -> None:
    await asyncio.sleep(DELAY_SECS)
    Path(path).unlink()


@workflow.defn
class FileProcessing:
    @workflow.run
    async def run(self) -> str:
        unique_worker_task_queue = await workflow.execute_activity(
            activity=get_available_task_queue, start_to_close_timeout=timedelta(seconds=10),
        )
        download_path = await workflow.execute_activity(
            download_file_to_worker_filesystem,
            DownloadObj(url="http://temporal.io", unique_worker_id=unique_worker_task_queue,
                        workflow_uuid=str(workflow.uuid4())),
            start_to_close_timeout=timedelta(seconds=10), task_queue=unique_worker_task_queue,
        )
        checksum = "failed execution"
        try:
            checksum = await workflow.execute_activity(
                work_on_file_in_worker_filesystem, download_path,
                start_to_close_timeout=timedelta(seconds=10),
                retry_policy=RetryPolicy(maximum_attempts=1), task_queue=unique_worker_task_queue,
            )
        finally:
            await workflow.execute_activity(
                clean_up_file_from_worker_filesystem, download_path,
                start_to_close_timeout=timedelta(seconds=10), task_queue=unique_worker_task_queue,
            )
        return checksum


def workers(client, args):
    global ROOT
    if args.scratch:
        ROOT = Path(args.scratch)
    task_queue = f"worker_specific_task_queue-host-{uuid.uuid4()}"

    @activity.defn(name="get_available_task_queue")
    async def select_task_queue() -> str:
        return task_queue

    return [
        worker(client, task_queue=TASK_QUEUE, workflows=[FileProcessing],
               activities=[select_task_queue]),
        worker(client, task_queue=task_queue, activities=[
            download_file_to_worker_filesystem, work_on_file_in_worker_filesystem,
            clean_up_file_from_worker_filesystem,
        ]),
    ]
