"""resource_pool: the Python sample's pool and user workflows, for the Rust starter (and their
definitions for the Python client). Same workflow, signal, query and activity names and the same
dataclasses as temporalio/samples-python's resource_pool; `use_resource` sleeps 0.3 s, not 3 s,
since the check is about shapes and order, not duration."""

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Optional

from temporalio import activity, workflow
from temporalio.exceptions import ApplicationError

from interop.common import worker

TASK_QUEUE = "resource_pool-task-queue"
RESOURCE_POOL_WORKFLOW_ID = "resource_pool"

STARTERS = [["starter"]]
EXPECT = [
    "resource-user-workflow-0: done (continued as new once, keeping its resource)",
    "resource-user-workflow-1: failed",
    "resource-user-workflow-2: done",
    "resource-user-workflow-3: done",
    "Holders now: resource_a free, resource_b free",
]


@dataclass
class AcquireRequest:
    workflow_id: str


@dataclass
class AcquireResponse:
    release_key: str
    resource: str


@dataclass
class DetachedResource:
    resource: str
    release_key: str


@dataclass
class InternalAcquireRequest(AcquireRequest):
    release_signal: Optional[str]


@dataclass
class ResourcePoolWorkflowInput:
    resources: dict[str, Optional[InternalAcquireRequest]]
    waiters: list[InternalAcquireRequest]


@workflow.defn
class ResourcePoolWorkflow:
    @workflow.init
    def __init__(self, input: ResourcePoolWorkflowInput) -> None:
        self.resources = input.resources
        self.waiters = input.waiters

    @workflow.signal
    async def add_resources(self, resources: list[str]) -> None:
        for resource in resources:
            self.resources.setdefault(resource, None)

    @workflow.signal
    async def acquire_resource(self, request: AcquireRequest) -> None:
        self.waiters.append(InternalAcquireRequest(request.workflow_id, None))

    @workflow.signal
    async def release_resource(self, response: AcquireResponse) -> None:
        for resource, holder in self.resources.items():
            if holder is not None and holder.release_signal == response.release_key:
                self.resources[resource] = None

    @workflow.query
    def get_current_holders(self) -> dict[str, Optional[InternalAcquireRequest]]:
        return self.resources

    def free(self) -> Optional[str]:
        return next((r for r, h in self.resources.items() if h is None), None)

    @workflow.run
    async def run(self, _: ResourcePoolWorkflowInput) -> None:
        while True:
            await workflow.wait_condition(lambda: bool(self.waiters) and self.free() is not None)
            resource, waiter = self.free(), self.waiters.pop(0)
            key = str(workflow.uuid4())
            try:
                await workflow.get_external_workflow_handle(waiter.workflow_id).signal(
                    f"assign_resource_{workflow.info().workflow_id}",
                    AcquireResponse(release_key=key, resource=resource))
            except ApplicationError:
                continue  # the waiter has ended
            waiter.release_signal = key
            self.resources[resource] = waiter


@dataclass
class UseResourceActivityInput:
    resource: str
    iteration: str


@activity.defn
async def use_resource(input: UseResourceActivityInput) -> None:
    await asyncio.sleep(0.3)


@dataclass
class ResourceUserWorkflowInput:
    resource_pool_workflow_id: str
    iteration_to_fail_after: Optional[str]
    should_continue_as_new: bool
    already_acquired_resource: Optional[DetachedResource] = field(default=None)


class FailWorkflowException(Exception):
    pass


@workflow.defn(failure_exception_types=[FailWorkflowException])
class ResourceUserWorkflow:
    def __init__(self) -> None:
        self.granted: list[AcquireResponse] = []

    @workflow.run
    async def run(self, input: ResourceUserWorkflowInput) -> None:
        pool = input.resource_pool_workflow_id
        workflow.set_signal_handler(f"assign_resource_{pool}", self.granted.append)
        pool_handle = workflow.get_external_workflow_handle(pool)
        if input.already_acquired_resource is None:
            await pool_handle.signal("acquire_resource", AcquireRequest(workflow.info().workflow_id))
            await workflow.wait_condition(lambda: bool(self.granted), timeout=timedelta(minutes=5))
            held = self.granted.pop(0)
            held = AcquireResponse(**held) if isinstance(held, dict) else held
        else:
            carried = input.already_acquired_resource
            held = AcquireResponse(release_key=carried.release_key, resource=carried.resource)
        try:
            for iteration in ["first", "second"]:
                await workflow.execute_activity(
                    use_resource, UseResourceActivityInput(held.resource, iteration),
                    start_to_close_timeout=timedelta(seconds=10))
                if iteration == input.iteration_to_fail_after:
                    raise FailWorkflowException()
            if input.should_continue_as_new:
                workflow.continue_as_new(ResourceUserWorkflowInput(
                    pool, input.iteration_to_fail_after, False,
                    DetachedResource(resource=held.resource, release_key=held.release_key)))
        except FailWorkflowException:
            await pool_handle.signal("release_resource", held)
            raise
        await pool_handle.signal("release_resource", held)


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE,
                   workflows=[ResourcePoolWorkflow, ResourceUserWorkflow],
                   activities=[use_resource])]
