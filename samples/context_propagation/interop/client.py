"""context_propagation: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop context_propagation` (interop/python_client.py)."""

import argparse

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow class and interceptor, and its starter's steps: set the
    # user id, connect with the interceptor, start, signal, await.
    from samples.context_propagation.interop.propagation import ContextPropagationInterceptor, user_id
    from samples.context_propagation.interop.worker import SayHelloWorkflow
    user_id.set("some-user")
    client = await connect(interceptors=[ContextPropagationInterceptor()])
    handle = await client.start_workflow(
        SayHelloWorkflow.run, "Temporal", id=unique("context-propagation-workflow-id"),
        task_queue="context-propagation-task-queue",
    )
    await handle.signal(SayHelloWorkflow.signal_complete)
    result = await handle.result()
    check(result == "Hello, Temporal", "the Rust worker greets", result)
    seen = await handle.query("seen_user_ids")
    check(seen == {"run": "some-user", "signal": "some-user"},
          "the Rust workflow read Python's header on the start and the signal", seen)
    activity_header = None
    async for event in handle.fetch_history_events():
        if event.HasField("activity_task_scheduled_event_attributes"):
            activity_header = event.activity_task_scheduled_event_attributes.header.fields.get(
                "__my_user_id")
    check(activity_header is not None and activity_header.data == b'"some-user"',
          "the Rust workflow passed it on to its activity, as Python's interceptor writes it",
          activity_header)
