"""external_storage: a Python SDK client, configured as the Python sample's starter is (gzip
codec, ExternalStorage on S3), drives the Rust worker, then reads the batch the Rust worker put in
the bucket. Run by `cargo xtask interop external_storage` (interop/python_client.py)."""

import argparse
import json
import os

from interop.common import check, unique


async def run(args: argparse.Namespace) -> None:
    from temporalio.client import Client

    from samples.external_storage.interop.worker import (
        TASK_QUEUE, BatchSummary, OrderBatchRequest, ProcessOrderBatchWorkflow, data_converter)
    converter = await data_converter(args.port)
    client = await Client.connect(os.environ.get("TEMPORAL_ADDRESS", "localhost:7233"),
                                  data_converter=converter)
    workflow_id = unique("external-storage")
    summary = await client.execute_workflow(
        ProcessOrderBatchWorkflow.run, OrderBatchRequest(batch_id="BATCH-py", order_count=200),
        id=workflow_id, task_queue=TASK_QUEUE)
    check(isinstance(summary, BatchSummary), "the result is the sample's BatchSummary", summary)
    check(summary.batch_id == "BATCH-py" and summary.order_count == 200,
          "200 orders processed in batch BATCH-py", summary)

    # The history holds references where the batch was; decoding one through the Python SDK's
    # converter fetches the object the Rust worker stored, checks its hash and gunzips it.
    events = [e async for e in client.get_workflow_handle(workflow_id).fetch_history_events()]
    completed = [e.activity_task_completed_event_attributes.result for e in events
                 if e.HasField("activity_task_completed_event_attributes")]
    first = completed[0].payloads[0]
    check(first.metadata.get("messageType") == b"temporal.api.sdk.v1.ExternalStorageReference",
          "fetch_orders' result is a storage reference in history", dict(first.metadata))
    reference = json.loads(first.data)
    check(reference["driverName"] == "aws.s3driver"
          and reference["claimData"]["bucket"] == "temporal-payloads",
          "written by an S3 driver into the shared bucket", reference)
    [decoded] = await converter.decode([first], [list])
    check(len(decoded) == 200 and decoded[0]["id"] == "ORD-000001"
          and len(decoded[0]["items"]) == 5,
          "the Rust worker's stored batch decodes in Python: 200 orders", len(decoded))
