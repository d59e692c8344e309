"""dsl: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop dsl` (interop/python_client.py)."""

import argparse

from temporalio.exceptions import ApplicationError

from interop.common import check, connect, failure_of, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow class and dataclasses, with its workflow2.yaml as they
    # hold it once loaded (written out here: the check needs no YAML library).
    from samples.dsl.interop.worker import (
        ActivityInvocation, ActivityStatement, DSLInput, DSLWorkflow, Parallel,
        ParallelStatement, Sequence, SequenceStatement,
    )

    def call(name, arguments, result):
        return ActivityStatement(ActivityInvocation(name, arguments, result))

    definition = DSLInput(
        variables={"arg1": "value1", "arg2": "value2", "arg3": "value3"},
        root=SequenceStatement(Sequence([
            call("activity1", ["arg1"], "result1"),
            ParallelStatement(Parallel([
                SequenceStatement(Sequence([call("activity2", ["result1"], "result2"),
                                            call("activity3", ["arg2", "result2"], "result3")])),
                SequenceStatement(Sequence([call("activity4", ["result1"], "result4"),
                                            call("activity5", ["arg3", "result4"], "result5")])),
            ])),
            call("activity3", ["result3", "result5"], "result6"),
        ])),
    )
    client = await connect()
    result = await client.execute_workflow(
        DSLWorkflow.run, definition, id=unique("dsl-workflow-id"), task_queue="dsl-task-queue",
    )
    check(result.get("result6") == "[result from activity3: [result from activity3: value2 "
          "[result from activity2: [result from activity1: value1]]] [result from activity5: "
          "value3 [result from activity4: [result from activity1: value1]]]]"
          and len(result) == 9,
          "the Rust interpreter ran Python's definition and returned every variable", result)
    definition.root.sequence.elements[0].activity.name = "activity9"
    err = await failure_of(client.execute_workflow(
        DSLWorkflow.run, definition, id=unique("dsl-workflow-id"), task_queue="dsl-task-queue",
    ))
    check(isinstance(err.cause, ApplicationError) and err.cause.type == "InvalidDslDefinition"
          and "root.sequence.elements[0].activity.name: unknown activity `activity9`"
          in err.cause.message,
          "a bad definition fails at once, naming the path of the bad field", err.cause)
