"""batch_sliding_window: three windows of record workflows, completions by signal."""

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from typing import List, Optional, Set

from temporalio import activity, workflow
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError

from interop.common import worker

TASK_QUEUE = "batch_sliding_window_task_queue"

STARTERS = [["starter", "--workflow-id", "batch_sliding_window_example_{port}"]]
EXPECT = ["Workflow completed successfully!", "Total records processed: 90"]


@dataclass
class ProcessBatchWorkflowInput:
    page_size: int
    sliding_window_size: int
    partitions: int


@dataclass
class GetRecordsInput:
    page_size: int
    offset: int
    max_offset: int


@dataclass
class SingleRecord:
    id: int


@dataclass
class GetRecordsOutput:
    records: List[SingleRecord]


class RecordLoader:
    def __init__(self, record_count: int):
        self.record_count = record_count

    @activity.defn
    async def get_record_count(self) -> int:
        return self.record_count

    @activity.defn
    async def get_records(self, input: GetRecordsInput) -> GetRecordsOutput:
        if input.max_offset > self.record_count:
            raise ValueError(f"max_offset({input.max_offset}) > record_count({self.record_count})")
        limit = min(input.offset + input.page_size, input.max_offset)
        return GetRecordsOutput(records=[SingleRecord(id=i) for i in range(input.offset, limit)])


@dataclass
class SlidingWindowWorkflowInput:
    page_size: int
    sliding_window_size: int
    offset: int
    maximum_offset: int
    progress: int = 0
    current_records: Optional[Set[int]] = None


@dataclass
class SlidingWindowState:
    current_records: List[int]
    children_started_by_this_run: int
    offset: int
    progress: int


@workflow.defn
class RecordProcessorWorkflow:
    @workflow.run
    async def run(self, record: SingleRecord) -> None:
        # Python's sample sleeps 1-10 s; tenths of that keep the check short.
        await workflow.sleep(workflow.random().randint(1, 10) / 10)
        parent = workflow.info().parent
        if parent:
            handle = workflow.get_external_workflow_handle(parent.workflow_id)
            await handle.signal("report_completion", record.id)


@workflow.defn
class SlidingWindowWorkflow:
    def __init__(self):
        self.current_records: Set[int] = set()
        self.children_started_by_this_run = []
        self.offset = 0
        self.progress = 0

    @workflow.run
    async def run(self, input: SlidingWindowWorkflowInput) -> int:
        self.current_records = input.current_records or set()
        self.offset = input.offset
        self.progress = input.progress
        workflow.set_query_handler("state", self._handle_state_query)
        workflow.set_signal_handler("report_completion", self._handle_completion_signal)
        records = []
        if self.offset < input.maximum_offset:
            output = await workflow.execute_activity_method(
                RecordLoader.get_records,
                GetRecordsInput(page_size=input.page_size, offset=self.offset,
                                max_offset=input.maximum_offset),
                start_to_close_timeout=timedelta(seconds=5),
            )
            records = output.records
        workflow_id = workflow.info().workflow_id
        for record in records:
            await workflow.wait_condition(
                lambda: len(self.current_records) < input.sliding_window_size)
            self.current_records.add(record.id)
            handle = await workflow.start_child_workflow(
                RecordProcessorWorkflow.run, record, id=f"{workflow_id}/{record.id}",
                id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
                parent_close_policy=workflow.ParentClosePolicy.ABANDON,
            )
            self.children_started_by_this_run.append(handle)
        new_offset = input.offset + len(self.children_started_by_this_run)
        if new_offset < input.maximum_offset:
            workflow.continue_as_new(SlidingWindowWorkflowInput(
                page_size=input.page_size, sliding_window_size=input.sliding_window_size,
                offset=new_offset, maximum_offset=input.maximum_offset,
                progress=self.progress, current_records=self.current_records,
            ))
        await workflow.wait_condition(lambda: len(self.current_records) == 0)
        return self.progress

    def _handle_completion_signal(self, record_id: int) -> None:
        if record_id in self.current_records:
            self.current_records.remove(record_id)
            self.progress += 1

    def _handle_state_query(self) -> SlidingWindowState:
        return SlidingWindowState(
            current_records=list(self.current_records),
            children_started_by_this_run=len(self.children_started_by_this_run),
            offset=self.offset, progress=self.progress,
        )


def _divide_into_partitions(number: int, n: int) -> List[int]:
    base, remainder = number // n, number % n
    partitions = [base] * n
    for i in range(remainder):
        partitions[i] += 1
    return partitions


@workflow.defn
class ProcessBatchWorkflow:
    @workflow.run
    async def run(self, input: ProcessBatchWorkflowInput) -> int:
        record_count: int = await workflow.execute_activity_method(
            RecordLoader.get_record_count, start_to_close_timeout=timedelta(seconds=5),
        )
        if input.sliding_window_size < input.partitions:
            raise ApplicationError("SlidingWindowSize cannot be less than number of partitions")
        partitions = _divide_into_partitions(record_count, input.partitions)
        window_sizes = _divide_into_partitions(input.sliding_window_size, input.partitions)
        tasks = []
        offset = 0
        for i in range(input.partitions):
            maximum = min(offset + partitions[i], record_count)
            tasks.append(workflow.execute_child_workflow(
                SlidingWindowWorkflow.run,
                SlidingWindowWorkflowInput(page_size=input.page_size,
                                           sliding_window_size=window_sizes[i], offset=offset,
                                           maximum_offset=maximum, progress=0,
                                           current_records=None),
                id=f"{workflow.info().workflow_id}/{i}",
                id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
            ))
            offset += partitions[i]
        return sum(await asyncio.gather(*tasks))


def workers(client, _args):
    loader = RecordLoader(record_count=90)
    return [worker(client, task_queue=TASK_QUEUE,
                   workflows=[ProcessBatchWorkflow, SlidingWindowWorkflow,
                              RecordProcessorWorkflow],
                   activities=[loader.get_record_count, loader.get_records])]
