"""exceptions: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop exceptions` (interop/python_client.py)."""

import argparse

from temporalio.exceptions import ActivityError, ApplicationError

from interop.common import check, connect, failure_of, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.exceptions.interop.worker import GreetingWorkflow
    client = await connect()
    err = await failure_of(
        client.execute_workflow(
            GreetingWorkflow.run, "World", id=unique("hello-exception"),
            task_queue="hello-exception-task-queue",
        )
    )
    activity = err.cause
    check(isinstance(activity, ActivityError), "the workflow failed because of an activity",
          repr(activity))
    app = activity.cause
    check(isinstance(app, ApplicationError) and app.type == "RuntimeError",
          "the root cause is a RuntimeError application failure, as the Python sample's",
          repr(app))
    check("Greeting exception" in str(app), "with the activity's message", str(app))
