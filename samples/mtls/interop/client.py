"""mtls: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop mtls` (interop/python_client.py)."""

import argparse
from pathlib import Path

from temporalio.client import Client, TLSConfig

from interop.common import check, unique


async def run(args: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.mtls.interop.worker import GreetingWorkflow
    certs = Path(args.scratch) / "certs"
    client = await Client.connect(
        f"127.0.0.1:{args.port}",
        tls=TLSConfig(
            server_root_ca_cert=(certs / "ca.crt").read_bytes(),
            client_cert=(certs / "client.crt").read_bytes(),
            client_private_key=(certs / "client.key").read_bytes(),
            domain="temporal.local",
        ),
    )
    result = await client.execute_workflow(
        GreetingWorkflow.run, "World", id=unique("hello-mtls"), task_queue="hello-mtls-task-queue",
    )
    check(result == "Hello, World!", "a Python client through the mTLS front", result)
