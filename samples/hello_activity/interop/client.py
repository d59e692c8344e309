"""hello_activity: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop hello_activity` (interop/python_client.py)."""

import argparse
import json

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.hello_activity.interop.worker import GreetingWorkflow
    client = await connect()
    # A bare string, as Python's execute_workflow(GreetingWorkflow.run, "World", ...) sends it.
    workflow_id = unique("hello-activity")
    result = await client.execute_workflow(
        GreetingWorkflow.run, "World", id=workflow_id, task_queue="hello-activity-task-queue",
    )
    check(result == "Hello, World!", "the greeting", result)
    # The activity's input, as the Python sample's ComposeGreetingInput dataclass serialises it.
    events = [e async for e in client.get_workflow_handle(workflow_id).fetch_history_events()]
    scheduled = [e.activity_task_scheduled_event_attributes for e in events
                 if e.HasField("activity_task_scheduled_event_attributes")]
    check([s.activity_type.name for s in scheduled] == ["compose_greeting"],
          "one compose_greeting activity", [s.activity_type.name for s in scheduled])
    sent = json.loads(scheduled[0].input.payloads[0].data)
    check(sent == {"greeting": "Hello", "name": "World"},
          "its input is ComposeGreetingInput's JSON", sent)
