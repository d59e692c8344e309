"""polyglot: a Python SDK client runs `say-hello-workflow` by name, as the Python sample's
activity_worker.py does, on both task queues: the Rust workflow worker with the Python activity
worker, and the Python workflow worker with the Rust activity worker (demo services).
Run by `cargo xtask interop polyglot` (interop/python_client.py)."""

import argparse

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    client = await connect()
    for task_queue in ["say-hello-task-queue", "say-hello-python-workflow-task-queue"]:
        workflow_id = unique("say-hello-workflow")
        result = await client.execute_workflow(
            "say-hello-workflow", "Temporal", id=workflow_id, task_queue=task_queue,
            result_type=str)
        check(result == "Hello, Temporal!", f"say-hello-workflow on {task_queue}", result)
        events = [e async for e in client.get_workflow_handle(workflow_id).fetch_history_events()]
        started = [e.activity_task_started_event_attributes.identity for e in events
                   if e.HasField("activity_task_started_event_attributes")]
        python_ran_it = [i.startswith("python-activity-worker-") for i in started]
        expected = [task_queue == "say-hello-task-queue"]
        check(python_ran_it == expected, "the activity ran in the other language", started)
