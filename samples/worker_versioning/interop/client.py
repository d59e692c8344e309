"""worker_versioning: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop worker_versioning` (interop/python_client.py)."""

import argparse
import asyncio

from interop.common import Mismatch, check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's app.py steps against the demo's 1.0 worker: make the version current
    # (as wait_for_worker_and_make_current does), start both workflow types, drive and conclude
    # them. One difference, forced by the Rust SDK 1.1 (see the sample's README): `Pinned` runs on
    # its own task queue, `worker-versioning-pinned`.
    import temporalio.api.workflowservice.v1 as wsv1

    client = await connect()
    deployment = "demo-deployment"
    for _ in range(120):
        try:
            await client.workflow_service.set_worker_deployment_current_version(
                wsv1.SetWorkerDeploymentCurrentVersionRequest(
                    namespace=client.namespace, deployment_name=deployment, build_id="1.0",
                )
            )
            break
        except Exception:
            await asyncio.sleep(0.5)
    else:
        raise Mismatch("the demo's 1.0 worker never appeared in its deployment")
    for _ in range(100):
        info = (await client.workflow_service.describe_worker_deployment(
            wsv1.DescribeWorkerDeploymentRequest(
                namespace=client.namespace, deployment_name=deployment,
            )
        )).worker_deployment_info
        if info.routing_config_update_state != 1:  # not IN_PROGRESS
            break
        await asyncio.sleep(0.1)
    auto = await client.start_workflow(
        "AutoUpgrading", id=unique("worker-versioning-versioning-autoupgrade"),
        task_queue="worker-versioning",
    )
    pinned = await client.start_workflow(
        "Pinned", id=unique("worker-versioning-versioning-pinned"),
        task_queue="worker-versioning-pinned",
    )
    for _ in range(3):
        await auto.signal("do_next_signal", "do-activity")
        await pinned.signal("do_next_signal", "some-signal")
    # VersioningBehavior: 1 = PINNED, 2 = AUTO_UPGRADE.
    for handle, behavior in [(auto, 2), (pinned, 1)]:
        await handle.signal("do_next_signal", "conclude")
        result = await handle.result()
        check(result is None, f"{handle.id}: returns None, as in Python", result)
        described = await handle.describe()
        info = described.raw_description.workflow_execution_info.versioning_info
        check(info.deployment_version.build_id == "1.0" and info.behavior == behavior,
              f"{handle.id}: ran on 1.0 with versioning behavior {behavior}", info)
