"""nexus: a Python SDK client starts the Rust caller workflows as the Python samples' app.py do,
with the result types their workflows declare (a tuple of MyOutput, a str). The endpoints are
created here as `temporal operator nexus endpoint create` would; the handler is the sample's
Python handler (a demo service). Run by `cargo xtask interop nexus`."""

import argparse

from temporalio.api.nexus.v1 import EndpointSpec, EndpointTarget
from temporalio.api.operatorservice.v1 import CreateNexusEndpointRequest
from temporalio.service import RPCError, RPCStatusCode

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    from samples.nexus.interop.worker import TASK_QUEUE, CallerWorkflow, HelloCallerWorkflow
    client = await connect()
    for endpoint in ["hello-nexus-basic-nexus-endpoint", "nexus-cancel-endpoint"]:
        spec = EndpointSpec(name=endpoint, target=EndpointTarget(worker=EndpointTarget.Worker(
            namespace="default", task_queue="my-handler-task-queue")))
        try:
            await client.operator_service.create_nexus_endpoint(CreateNexusEndpointRequest(spec=spec))
        except RPCError as err:
            if err.status != RPCStatusCode.ALREADY_EXISTS:
                raise

    first, second = await client.execute_workflow(
        CallerWorkflow.run, "world", id=unique("hello-nexus-caller"), task_queue=TASK_QUEUE)
    check(first.message == "Hello world from sync operation!", "the synchronous operation", first)
    check(second.message == "Hello world from workflow run operation!",
          "the workflow-run operation", second)

    name = unique("py")
    greeting = await client.execute_workflow(
        HelloCallerWorkflow.run, name, id=unique("hello-nexus-cancel-caller"), task_queue=TASK_QUEUE)
    check(greeting == f"Hello {name} 👋", "the first greeting of the fan-out", greeting)
