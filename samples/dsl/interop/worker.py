"""dsl: DSLWorkflow, interpreting activity statements in sequence and in parallel."""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Dict, List, Optional, Union

from temporalio import activity, workflow

from interop.common import worker

TASK_QUEUE = "dsl-task-queue"

STARTERS = [["starter", "samples/dsl/workflows/workflow2.yaml"]]
EXPECT = [
    "Final variables:",
    "    result4: [result from activity4: [result from activity1: value1]]",
    "    result6: [result from activity3: [result from activity3: value2 [result from activity2: "
    "[result from activity1: value1]]] [result from activity5: value3 [result from activity4: "
    "[result from activity1: value1]]]]",
]


@dataclass
class DSLInput:
    root: Statement
    variables: Dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclass
class ActivityStatement:
    activity: ActivityInvocation


@dataclass
class ActivityInvocation:
    name: str
    arguments: List[str] = dataclasses.field(default_factory=list)
    result: Optional[str] = None


@dataclass
class SequenceStatement:
    sequence: Sequence


@dataclass
class Sequence:
    elements: List[Statement]


@dataclass
class ParallelStatement:
    parallel: Parallel


@dataclass
class Parallel:
    branches: List[Statement]


Statement = Union[ActivityStatement, SequenceStatement, ParallelStatement]


@workflow.defn
class DSLWorkflow:
    @workflow.run
    async def run(self, input: DSLInput) -> Dict[str, Any]:
        self.variables = dict(input.variables)
        await self.execute_statement(input.root)
        return self.variables

    async def execute_statement(self, stmt: Statement) -> None:
        if isinstance(stmt, ActivityStatement):
            result = await workflow.execute_activity(
                stmt.activity.name,
                args=[self.variables.get(arg, "") for arg in stmt.activity.arguments],
                start_to_close_timeout=timedelta(minutes=1),
            )
            if stmt.activity.result:
                self.variables[stmt.activity.result] = result
        elif isinstance(stmt, SequenceStatement):
            for elem in stmt.sequence.elements:
                await self.execute_statement(elem)
        elif isinstance(stmt, ParallelStatement):
            await asyncio.gather(*[self.execute_statement(b) for b in stmt.parallel.branches])


class DSLActivities:
    @activity.defn
    async def activity1(self, arg: str) -> str:
        return f"[result from activity1: {arg}]"

    @activity.defn
    async def activity2(self, arg: str) -> str:
        return f"[result from activity2: {arg}]"

    @activity.defn
    async def activity3(self, arg1: str, arg2: str) -> str:
        return f"[result from activity3: {arg1} {arg2}]"

    @activity.defn
    async def activity4(self, arg: str) -> str:
        return f"[result from activity4: {arg}]"

    @activity.defn
    async def activity5(self, arg1: str, arg2: str) -> str:
        return f"[result from activity5: {arg1} {arg2}]"


def workers(client, _args):
    a = DSLActivities()
    return [worker(client, task_queue=TASK_QUEUE, workflows=[DSLWorkflow],
                   activities=[a.activity1, a.activity2, a.activity3, a.activity4, a.activity5])]
