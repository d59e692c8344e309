"""safe_message_handlers: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop safe_message_handlers` (interop/python_client.py)."""

import argparse
import asyncio
from typing import Dict

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.safe_message_handlers.interop.worker import ClusterManagerWorkflow
    # The Python starter's cluster lifecycle, with the sample's dataclasses as type hints.
    import dataclasses
    from dataclasses import dataclass
    from typing import Dict, Optional, Set

    from temporalio import common

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

    client = await connect()
    handle = await client.start_workflow(
        ClusterManagerWorkflow.run, ClusterManagerInput(test_continue_as_new=False),
        id=unique("ClusterManagerWorkflow"), task_queue="safe-message-handlers-task-queue",
        id_conflict_policy=common.WorkflowIDConflictPolicy.TERMINATE_EXISTING,
        result_type=ClusterManagerResult,
    )
    status = await handle.execute_update(
        "wait_until_cluster_started", result_type=ClusterManagerState,
    )
    check(len(status.nodes) == 25, "the cluster starts with 25 nodes", len(status.nodes))
    assigned = await asyncio.gather(*[
        handle.execute_update(
            "assign_nodes_to_job",
            ClusterManagerAssignNodesToJobInput(total_num_nodes=2, job_name=f"task-{i}"),
            result_type=ClusterManagerAssignNodesToJobResult,
        )
        for i in range(6)
    ])
    nodes = set().union(*[a.nodes_assigned for a in assigned])
    check(len(nodes) == 12, "six concurrent assignments share no node", nodes)
    await asyncio.gather(*[
        handle.execute_update(
            "delete_job", ClusterManagerDeleteJobInput(job_name=f"task-{i}"),
        )
        for i in range(6)
    ])
    await handle.signal("shutdown_cluster")
    result = await handle.result()
    check(result.num_currently_assigned_nodes == 0, "no node assigned at shutdown", result)
