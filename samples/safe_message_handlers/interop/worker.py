"""message_passing/safe_message_handlers: a cluster manager whose update handlers share a lock."""

import asyncio
import dataclasses
from dataclasses import dataclass
from datetime import timedelta
from typing import Dict, List, Optional, Set

from temporalio import activity, workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError

from interop.common import worker

TASK_QUEUE = "safe-message-handlers-task-queue"

STARTERS = [["starter"]]
EXPECT = ["Cluster started with 25 nodes",
          "Cluster shut down successfully. It had 0 nodes assigned at the end (0 bad)."]


@dataclass
class AssignNodesToJobInput:
    nodes: List[str]
    job_name: str


@dataclass
class UnassignNodesForJobInput:
    nodes: List[str]
    job_name: str


@dataclass
class FindBadNodesInput:
    nodes_to_check: Set[str]


@dataclass
class ClusterState:
    node_ids: List[str]


@activity.defn
async def start_cluster() -> ClusterState:
    return ClusterState(node_ids=[f"node-{i}" for i in range(25)])


@activity.defn
async def assign_nodes_to_job(input: AssignNodesToJobInput) -> None:
    await asyncio.sleep(0.1)


@activity.defn
async def unassign_nodes_for_job(input: UnassignNodesForJobInput) -> None:
    await asyncio.sleep(0.1)


@activity.defn
async def find_bad_nodes(input: FindBadNodesInput) -> Set[str]:
    await asyncio.sleep(0.1)
    return {n for n in input.nodes_to_check if hash(n) % 5 == 0}


@dataclass
class ClusterManagerState:
    cluster_started: bool = False
    cluster_shutdown: bool = False
    nodes: Dict[str, Optional[str]] = dataclasses.field(default_factory=dict)
    jobs_assigned: Set[str] = dataclasses.field(default_factory=set)


@dataclass
class ClusterManagerInput:
    state: Optional[ClusterManagerState] = None
    test_continue_as_new: bool = False


@dataclass
class ClusterManagerResult:
    num_currently_assigned_nodes: int
    num_bad_nodes: int


@dataclass
class ClusterManagerAssignNodesToJobInput:
    total_num_nodes: int
    job_name: str


@dataclass
class ClusterManagerDeleteJobInput:
    job_name: str


@dataclass
class ClusterManagerAssignNodesToJobResult:
    nodes_assigned: Set[str]


@workflow.defn
class ClusterManagerWorkflow:
    @workflow.init
    def __init__(self, input: ClusterManagerInput) -> None:
        self.state = input.state or ClusterManagerState()
        self.max_history_length = 120 if input.test_continue_as_new else None
        self.sleep_interval_seconds = 1 if input.test_continue_as_new else 600
        self.nodes_lock = asyncio.Lock()

    @workflow.update
    async def wait_until_cluster_started(self) -> ClusterManagerState:
        await workflow.wait_condition(lambda: self.state.cluster_started)
        return self.state

    @workflow.signal
    async def shutdown_cluster(self) -> None:
        await workflow.wait_condition(lambda: self.state.cluster_started)
        self.state.cluster_shutdown = True

    @workflow.update
    async def assign_nodes_to_job(
        self, input: ClusterManagerAssignNodesToJobInput
    ) -> ClusterManagerAssignNodesToJobResult:
        await workflow.wait_condition(lambda: self.state.cluster_started)
        if self.state.cluster_shutdown:
            raise ApplicationError("Cannot assign nodes to a job: Cluster is already shut down")
        async with self.nodes_lock:
            if input.job_name in self.state.jobs_assigned:
                return ClusterManagerAssignNodesToJobResult(self.assigned(input.job_name))
            free = [k for k, v in self.state.nodes.items() if v is None]
            if len(free) < input.total_num_nodes:
                raise ApplicationError(
                    f"Cannot assign {input.total_num_nodes} nodes; have only {len(free)} available"
                )
            chosen = free[: input.total_num_nodes]
            await workflow.execute_activity(
                assign_nodes_to_job, AssignNodesToJobInput(nodes=chosen, job_name=input.job_name),
                start_to_close_timeout=timedelta(seconds=10),
            )
            for node in chosen:
                self.state.nodes[node] = input.job_name
            self.state.jobs_assigned.add(input.job_name)
            return ClusterManagerAssignNodesToJobResult(self.assigned(input.job_name))

    @workflow.update
    async def delete_job(self, input: ClusterManagerDeleteJobInput) -> None:
        await workflow.wait_condition(lambda: self.state.cluster_started)
        if self.state.cluster_shutdown:
            raise ApplicationError("Cannot delete a job: Cluster is already shut down")
        async with self.nodes_lock:
            nodes = [k for k, v in self.state.nodes.items() if v == input.job_name]
            await workflow.execute_activity(
                unassign_nodes_for_job,
                UnassignNodesForJobInput(nodes=nodes, job_name=input.job_name),
                start_to_close_timeout=timedelta(seconds=10),
            )
            for node in nodes:
                self.state.nodes[node] = None

    def assigned(self, job_name: Optional[str] = None) -> Set[str]:
        if job_name:
            return {k for k, v in self.state.nodes.items() if v == job_name}
        return {k for k, v in self.state.nodes.items() if v is not None and v != "BAD!"}

    def bad(self) -> Set[str]:
        return {k for k, v in self.state.nodes.items() if v == "BAD!"}

    async def perform_health_checks(self) -> None:
        async with self.nodes_lock:
            try:
                for node in await workflow.execute_activity(
                    find_bad_nodes, FindBadNodesInput(nodes_to_check=self.assigned()),
                    start_to_close_timeout=timedelta(seconds=10),
                    retry_policy=RetryPolicy(maximum_attempts=1),
                ):
                    self.state.nodes[node] = "BAD!"
            except Exception as e:
                workflow.logger.warning(f"Health check failed with error {type(e).__name__}:{e}")

    def should_continue_as_new(self) -> bool:
        info = workflow.info()
        return info.is_continue_as_new_suggested() or bool(
            self.max_history_length and info.get_current_history_length() > self.max_history_length
        )

    @workflow.run
    async def run(self, input: ClusterManagerInput) -> ClusterManagerResult:
        cluster = await workflow.execute_activity(
            start_cluster, schedule_to_close_timeout=timedelta(seconds=10)
        )
        self.state.nodes = {k: None for k in cluster.node_ids}
        self.state.cluster_started = True
        while True:
            await self.perform_health_checks()
            try:
                await workflow.wait_condition(
                    lambda: self.state.cluster_shutdown or self.should_continue_as_new(),
                    timeout=timedelta(seconds=self.sleep_interval_seconds),
                )
            except asyncio.TimeoutError:
                pass
            if self.state.cluster_shutdown:
                break
            if self.should_continue_as_new():
                await workflow.wait_condition(workflow.all_handlers_finished)
                workflow.continue_as_new(ClusterManagerInput(
                    state=self.state, test_continue_as_new=input.test_continue_as_new))
        await workflow.wait_condition(workflow.all_handlers_finished)
        return ClusterManagerResult(len(self.assigned()), len(self.bad()))


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[ClusterManagerWorkflow],
                   activities=[start_cluster, assign_nodes_to_job, unassign_nodes_for_job,
                               find_bad_nodes])]
