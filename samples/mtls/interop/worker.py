"""hello_mtls: the greeting workflow, its worker connected through the mutual-TLS front."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from temporalio import activity, workflow
from temporalio.client import TLSConfig

from interop.common import worker

TASK_QUEUE = "hello-mtls-task-queue"

# The demo's setup writes the certificates and starts the TLS front on {port}; the Rust starter
# presents its client certificate, and without one it is refused.
_TLS = ["--address", "127.0.0.1:{port}", "--tls-ca-path", "{scratch}/certs/ca.crt",
        "--tls-server-name", "temporal.local"]
STARTERS = [["starter", *_TLS, "--tls-cert-path", "{scratch}/certs/client.crt",
             "--tls-key-path", "{scratch}/certs/client.key"],
            {"args": ["starter", *_TLS, "--workflow-id", "hello-mtls-no-cert"],
             "expect_failure": True}]
EXPECT = ["Result: Hello, World!"]


@dataclass
class ComposeGreetingInput:
    greeting: str
    name: str


@activity.defn
def compose_greeting(input: ComposeGreetingInput) -> str:
    return f"{input.greeting}, {input.name}!"


@workflow.defn
class GreetingWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        return await workflow.execute_activity(compose_greeting,
                                               ComposeGreetingInput("Hello", name),
                                               start_to_close_timeout=timedelta(seconds=10))


def connect_options(args):
    certs = Path(args.scratch) / "certs"
    return {"target_host": f"127.0.0.1:{args.port}",
            "tls": TLSConfig(server_root_ca_cert=(certs / "ca.crt").read_bytes(),
                             client_cert=(certs / "client.crt").read_bytes(),
                             client_private_key=(certs / "client.key").read_bytes(),
                             domain="temporal.local")}


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[GreetingWorkflow],
                   activities=[compose_greeting], activity_executor=ThreadPoolExecutor(5))]
