"""env_config: a Python SDK client resolves the sample's config.toml with the Python SDK's envconfig,
as the Python sample does, checks it reads what the Rust side reads, and drives the Rust worker
(hello_activity's, connected from the same file). Run by `cargo xtask interop env_config`."""

import argparse
import os

from temporalio.client import Client
from temporalio.envconfig import ClientConfig

from interop.common import check, unique


async def run(_: argparse.Namespace) -> None:
    from samples.env_config.interop.worker import CONFIG_FILE
    from samples.hello_activity.interop.worker import GreetingWorkflow

    # load_from_file.py: the default profile; the environment's address on top, as in Rust.
    config = ClientConfig.load_client_connect_config(config_file=str(CONFIG_FILE))
    check(config.get("namespace") == "default", "the default profile's namespace", config)
    check(config.get("rpc_metadata") == {"my-custom-header": "development-value",
                                         "trace-id": "dev-trace-123"},
          "its gRPC metadata, as the Rust side prints it", config.get("rpc_metadata"))
    check(config.get("target_host") == os.environ["TEMPORAL_ADDRESS"],
          "TEMPORAL_ADDRESS overrides the file's address", config.get("target_host"))
    client = await Client.connect(**config)
    result = await client.execute_workflow(
        GreetingWorkflow.run, "World", id=unique("env-config"),
        task_queue="hello-activity-task-queue")
    check(result == "Hello, World!", "the Rust worker, connected from the same file, answers",
          result)

    # load_profile.py: staging, its address corrected in code.
    staging = ClientConfig.load_client_connect_config(
        profile="staging", config_file=str(CONFIG_FILE))
    check(staging.get("namespace") == "staging", "the staging profile", staging)
    staging["target_host"] = os.environ["TEMPORAL_ADDRESS"]
    await Client.connect(**staging)
    check(True, "staging connects once its address is overridden", None)
