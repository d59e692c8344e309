"""message_passing/waiting_for_handlers and waiting_for_handlers_and_compensation.

The two Python samples share a task queue ("my-task-queue") and an activity name; one worker
serves both workflows here, as the Rust sample's worker does.
"""

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from enum import IntEnum
from typing import cast

from temporalio import activity, exceptions, workflow

from interop.common import worker

TASK_QUEUE = "my-task-queue"

STARTERS = [["starter"]]
EXPECT = ["workflow caller got: workflow-result",
          "workflow caller got an error: Workflow failed: deliberately failing workflow",
          "update caller got an error: The update failed because the workflow run exited",
          "update compensation done: true; workflow compensation done: true",
          "update compensation done: false; workflow compensation done: false"]


class WorkflowExitType(IntEnum):
    SUCCESS = 0
    FAILURE = 1
    CANCELLATION = 2


@dataclass
class WorkflowInput:
    exit_type: WorkflowExitType


@dataclass
class WorkflowResult:
    data: str


@activity.defn
async def activity_executed_by_update_handler():
    await asyncio.sleep(1)


@activity.defn
async def activity_executed_by_update_handler_to_perform_compensation():
    await asyncio.sleep(1)


@activity.defn
async def activity_executed_to_perform_workflow_compensation():
    await asyncio.sleep(1)


def is_workflow_exit_exception(e: BaseException) -> bool:
    # Exceptions that end the run, as opposed to ones that fail (and retry) a workflow task.
    return isinstance(e, (asyncio.CancelledError, exceptions.FailureError))


async def application_logic(started, input: WorkflowInput) -> WorkflowResult:
    await workflow.wait_condition(started)
    if input.exit_type == WorkflowExitType.SUCCESS:
        return WorkflowResult(data="workflow-result")
    if input.exit_type == WorkflowExitType.FAILURE:
        raise exceptions.ApplicationError("deliberately failing workflow")
    await asyncio.Future()  # CANCELLATION: wait to be cancelled
    raise AssertionError("unreachable")


@workflow.defn
class WaitingForHandlersWorkflow:
    def __init__(self) -> None:
        self._update_started = False

    @workflow.run
    async def run(self, input: WorkflowInput) -> WorkflowResult:
        try:
            result = await application_logic(lambda: self._update_started, input)
            await workflow.wait_condition(workflow.all_handlers_finished)
            return result
        except BaseException as e:
            if is_workflow_exit_exception(e):
                await workflow.wait_condition(workflow.all_handlers_finished)
            raise

    @workflow.update
    async def my_update(self) -> str:
        self._update_started = True
        await workflow.execute_activity(activity_executed_by_update_handler,
                                        start_to_close_timeout=timedelta(seconds=10))
        return "update-result"


@workflow.defn
class WaitingForHandlersAndCompensationWorkflow:
    def __init__(self) -> None:
        self.workflow_exit: asyncio.Future[None] = asyncio.Future()
        self._update_started = False
        self._update_compensation_done = False
        self._workflow_compensation_done = False

    @workflow.run
    async def run(self, input: WorkflowInput) -> WorkflowResult:
        try:
            result = await application_logic(lambda: self._update_started, input)
            self.workflow_exit.set_result(None)
            await workflow.wait_condition(workflow.all_handlers_finished)
            return result
        except BaseException as e:
            if is_workflow_exit_exception(e):
                self.workflow_exit.set_exception(e)
                await workflow.wait_condition(workflow.all_handlers_finished)
                await workflow.execute_activity(
                    activity_executed_to_perform_workflow_compensation,
                    start_to_close_timeout=timedelta(seconds=10))
                self._workflow_compensation_done = True
            raise

    @workflow.update
    async def my_update(self) -> str:
        update_task = asyncio.create_task(self._my_update_application_logic())
        await workflow.wait([update_task, self.workflow_exit],  # type: ignore
                            return_when=asyncio.FIRST_EXCEPTION)
        try:
            if update_task.done():
                return await update_task
            raise exceptions.ApplicationError(
                "The update failed because the workflow run exited"
            ) from cast(BaseException, self.workflow_exit.exception())
        except BaseException as e:
            if is_workflow_exit_exception(e):
                try:
                    await workflow.execute_activity(
                        activity_executed_by_update_handler_to_perform_compensation,
                        start_to_close_timeout=timedelta(seconds=10))
                    self._update_compensation_done = True
                except BaseException as e:
                    raise exceptions.ApplicationError("Update compensation failed") from e
            raise

    async def _my_update_application_logic(self) -> str:
        self._update_started = True
        await workflow.execute_activity(activity_executed_by_update_handler,
                                        start_to_close_timeout=timedelta(seconds=10))
        return "update-result"

    @workflow.query
    def workflow_compensation_done(self) -> bool:
        return self._workflow_compensation_done

    @workflow.query
    def update_compensation_done(self) -> bool:
        return self._update_compensation_done


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE,
                   workflows=[WaitingForHandlersWorkflow, WaitingForHandlersAndCompensationWorkflow],
                   activities=[activity_executed_by_update_handler,
                               activity_executed_by_update_handler_to_perform_compensation,
                               activity_executed_to_perform_workflow_compensation])]
