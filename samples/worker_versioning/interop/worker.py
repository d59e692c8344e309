"""worker_versioning: the deployment's versions 1.0, 1.1 and 2.0 (workerv1, workerv1_1, workerv2).

The Python sample runs each version in its own process; here one process runs all three, each a
`Worker` with its own deployment version, which is the same on the wire. Each version polls two
task queues because the Rust sample keeps pinned and auto-upgrading workflows on separate queues:
the Rust SDK sets the versioning behaviour per worker, not per workflow type (see its README).
"""

from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, common, workflow
from temporalio.common import WorkerDeploymentVersion
from temporalio.worker import WorkerDeploymentConfig

from interop.common import worker

TASK_QUEUE = "worker-versioning"
PINNED_TASK_QUEUE = "worker-versioning-pinned"

STARTERS = [["starter", "--external-workers", "--deployment-name", "my-deployment-{port}"]]
EXPECT = ["1.1 current:", "on 1.1 (auto-upgrade)", "2.0 current, all concluded:",
          "on 2.0 (auto-upgrade)", "on 1.0 (pinned)", "on 2.0 (pinned)"]


@dataclass
class IncompatibleActivityInput:
    called_by: str
    more_data: str


@activity.defn
async def some_activity(called_by: str) -> str:
    return f"some_activity called by {called_by}"


@activity.defn
async def some_incompatible_activity(input_data: IncompatibleActivityInput) -> str:
    return (f"some_incompatible_activity called by {input_data.called_by} "
            f"with {input_data.more_data}")


class Signals:
    def __init__(self) -> None:
        self.signals: list[str] = []

    async def next(self) -> str:
        await workflow.wait_condition(lambda: len(self.signals) > 0)
        return self.signals.pop(0)

    @workflow.signal
    async def do_next_signal(self, signal: str) -> None:
        self.signals.append(signal)


@workflow.defn(name="AutoUpgrading", versioning_behavior=common.VersioningBehavior.AUTO_UPGRADE)
class AutoUpgradingWorkflowV1(Signals):
    @workflow.run
    async def run(self) -> None:
        while await self.next() == "do-activity":
            await workflow.execute_activity(some_activity, "v1",
                                            start_to_close_timeout=timedelta(seconds=10))


@workflow.defn(name="AutoUpgrading", versioning_behavior=common.VersioningBehavior.AUTO_UPGRADE)
class AutoUpgradingWorkflowV1b(Signals):
    @workflow.run
    async def run(self) -> None:
        while await self.next() == "do-activity":
            # A compatible change: new executions take the new branch, replays the old one.
            if workflow.patched("DifferentActivity"):
                await workflow.execute_activity(
                    some_incompatible_activity,
                    IncompatibleActivityInput(called_by="v1b", more_data="hello!"),
                    start_to_close_timeout=timedelta(seconds=10))
            else:
                await workflow.execute_activity(some_activity, "v1b",
                                                start_to_close_timeout=timedelta(seconds=10))


@workflow.defn(name="Pinned", versioning_behavior=common.VersioningBehavior.PINNED)
class PinnedWorkflowV1(Signals):
    @workflow.run
    async def run(self) -> None:
        while await self.next() != "conclude":
            pass
        await workflow.execute_activity(some_activity, "Pinned-v1",
                                        start_to_close_timeout=timedelta(seconds=10))


@workflow.defn(name="Pinned", versioning_behavior=common.VersioningBehavior.PINNED)
class PinnedWorkflowV2(Signals):
    @workflow.run
    async def run(self) -> None:
        # An incompatible change, safe only because pinned executions never move version.
        await workflow.execute_activity(some_activity, "Pinned-v2",
                                        start_to_close_timeout=timedelta(seconds=10))
        while await self.next() != "conclude":
            pass
        await workflow.execute_activity(
            some_incompatible_activity, IncompatibleActivityInput(called_by="Pinned-v2",
                                                                  more_data="hi"),
            start_to_close_timeout=timedelta(seconds=10))


VERSIONS = {
    "1.0": [AutoUpgradingWorkflowV1, PinnedWorkflowV1],
    "1.1": [AutoUpgradingWorkflowV1b, PinnedWorkflowV1],
    "2.0": [AutoUpgradingWorkflowV1b, PinnedWorkflowV2],
}


def workers(client, args):
    deployment = f"my-deployment-{args.port}"
    return [
        worker(client, task_queue=queue, workflows=workflows,
               activities=[some_activity, some_incompatible_activity],
               deployment_config=WorkerDeploymentConfig(
                   version=WorkerDeploymentVersion(deployment_name=deployment, build_id=build_id),
                   use_worker_versioning=True))
        for build_id, workflows in VERSIONS.items()
        for queue in (TASK_QUEUE, PINNED_TASK_QUEUE)
    ]
